import { defineRule } from '../src/analyse/rule.js';
import { BACKGROUND_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest } from './lib/severity.js';

export default defineRule({
  meta: {
    id: 'exfil-sink',
    severity: 'medium',
    description: 'A background request (image beacon, fetch, XHR, sendBeacon, injected script/iframe URL) carries run-time data to an absolute or hidden destination.',
    review: 'Analytics and tag managers do this to their own hosts. Check that the destination belongs to the page or a vendor the site uses; a hidden destination is never normal.',
    messages: { beacon: '{{api}} sends run-time data to {{dest}}' },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const seen = new Set<string>();
        for (const s of ctx.model().sinks()) {
          if (!BACKGROUND_SINKS.has(s.kind) || !s.dynamic) continue;
          if (s.dest.kind !== 'literal' && s.dest.kind !== 'hidden') continue;
          const key = `${s.api}|${s.dest.host}|${s.dest.kind}`;
          if (seen.has(key)) continue;
          seen.add(key);
          ctx.report({
            loc: s.loc, messageId: 'beacon', data: { api: s.api, dest: describeDest(s.dest) },
            evidence: { siteDependent: s.dest.kind === 'literal', destinations: [s.dest], api: s.api, kind: s.kind },
          });
        }
      },
    };
  },
});
