import { defineRule } from '../src/analyse/rule.js';
import { lookalikeOf, unusualHost } from './lib/hosts.js';

export default defineRule({
  meta: {
    id: 'unusual-loader',
    severity: 'medium',
    description: 'The script loads more code from an unusual place: a hidden URL, an IP address, an odd port, a throwaway TLD, a lookalike host, or an image/favicon whose bytes are then run (steganographic loaders).',
    review: 'Check who owns the host and what it serves. Loaders of hidden URLs and image payloads that are then evaluated are skimmer droppers.',
    messages: {
      hidden: '{{api}} loads code from a URL hidden by encoding{{host}}',
      odd: '{{api}} loads code from {{host}} ({{why}})',
      stego: 'Fetches an image ({{url}}) and runs code from it',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        for (const s of m.sinks()) {
          // a message posted to a frame loads nothing (the frame's own src is judged where it is set)
          if ((s.kind !== 'script' && s.kind !== 'iframe' && s.kind !== 'markup') || s.api.startsWith('postMessage')) continue;
          if (s.dest.kind === 'hidden') {
            ctx.report({ loc: s.loc, messageId: 'hidden', severity: 'high', data: { api: s.api, host: s.dest.host ? ` (${s.dest.host})` : '' }, evidence: { destinations: [s.dest] } });
          } else if (s.dest.kind === 'literal' && s.dest.host) {
            const why = unusualHost(s.dest.host, s.dest.url) ?? (lookalikeOf(s.dest.host) ? `imitates ${lookalikeOf(s.dest.host)!.brand}` : null);
            if (why) ctx.report({ loc: s.loc, messageId: 'odd', data: { api: s.api, host: s.dest.host, why }, evidence: { destinations: [s.dest], why } });
          }
        }
        // image fetched and code evaluated in the same script: favicon / EXIF loaders
        const evals = ctx.facts.calls.some((c) => {
          const plain = m.memberName(c);
          if (plain !== null && plain !== 'eval' && plain !== 'Function') return false;
          const { name, obj } = m.callee(c);
          return !obj && (name === 'eval' || name === 'Function');
        });
        if (!evals) return;
        for (const s of m.sinks()) {
          if (s.kind !== 'fetch' && s.kind !== 'xhr' && s.kind !== 'image') continue;
          if (s.dest.url && /\.(ico|png|jpe?g|gif|webp|svg|bmp)(\?|…|$)/i.test(s.dest.url)) {
            ctx.report({ loc: s.loc, messageId: 'stego', severity: 'high', data: { url: s.dest.url }, evidence: { destinations: [s.dest] } });
            return;
          }
        }
      },
    };
  },
});
