import { defineRule } from '../src/analyse/rule.js';
import { BACKGROUND_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest, readsPaymentData } from './lib/severity.js';
import { lookalikeOf } from './lib/hosts.js';

export default defineRule({
  meta: {
    id: 'exfil-sink',
    severity: 'medium',
    description: 'A background request (image beacon, fetch, XHR, sendBeacon, injected script/iframe URL) carries run-time data to an absolute or hidden destination. Medium when the destination is hidden or a lookalike, or the script also reads payment fields or sweeps forms; low otherwise (analytics beacons).',
    review: 'Analytics and tag managers do this to their own hosts. Check that the destination belongs to the page or a vendor the site uses; a hidden destination is never normal.',
    messages: { beacon: '{{api}} sends run-time data to {{dest}}' },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const seen = new Set<string>();
        const m = ctx.model();
        for (const s of m.sinks()) {
          if (!BACKGROUND_SINKS.has(s.kind) || !s.dynamic) continue;
          if (s.dest.kind !== 'literal' && s.dest.kind !== 'hidden') continue;
          const key = `${s.api}|${s.dest.host}|${s.dest.kind}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // every analytics SDK beacons run-time data to its own host: medium only when the host is
          // hidden or imitates a brand, or the same script reads payment fields or sweeps forms
          const lookalike = s.dest.host ? lookalikeOf(s.dest.host) !== null : false;
          const payment = readsPaymentData(m, s);
          const severity = s.dest.kind === 'hidden' || lookalike || payment ? 'medium' : 'low';
          ctx.report({
            loc: s.loc, messageId: 'beacon', data: { api: s.api, dest: describeDest(s.dest) }, severity,
            evidence: { siteDependent: s.dest.kind === 'literal', destinations: [s.dest], api: s.api, kind: s.kind, lookalike, readsPaymentData: payment },
          });
        }
      },
    };
  },
});
