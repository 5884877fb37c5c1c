import { defineRule } from '../src/analyse/rule.js';
import { matchIocHost } from '../src/analyse/iocs.js';
import { hostOfUrl } from './lib/hosts.js';

export default defineRule({
  meta: {
    id: 'known-skimmer-infrastructure',
    severity: 'critical',
    description: 'The script references a domain listed in public skimmer reports (data/iocs.json, or --iocs FILE). Script hashes on the list are matched by the engine before any rule runs.',
    review: 'Confirm the match in the IOC note; a known skimmer host in a page script means the page is compromised unless the script is a security product listing IOCs.',
    messages: { ioc: 'References known skimmer domain {{ioc}}{{use}}' },
  },
  create(ctx) {
    // first literal per host (minified bundles repeat dotted strings: one entry each, not one per use)
    const hits = new Map<string, any>();
    return {
      Literal(n: any) {
        if (typeof n.value !== 'string' || n.value.length < 4 || n.value.length > 2048 || !n.value.includes('.')) return;
        const h = hostOfUrl(n.value) ?? (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(n.value) ? n.value.toLowerCase() : null);
        if (h && !hits.has(h)) hits.set(h, n);
      },
      'Program:exit'() {
        const seen = new Set<string>();
        for (const s of ctx.model().sinks()) {
          if (!s.dest.host) continue;
          const ioc = matchIocHost(s.dest.host, ctx.iocs);
          if (ioc && !seen.has(ioc)) {
            seen.add(ioc);
            ctx.report({ loc: s.loc, messageId: 'ioc', data: { ioc, use: ` (${s.api} sends to it)` }, evidence: { host: s.dest.host, ioc, note: ctx.iocs.notes[ioc] ?? null, destinations: [s.dest] } });
          }
        }
        for (const [host, node] of hits) {
          const ioc = matchIocHost(host, ctx.iocs);
          if (ioc && !seen.has(ioc)) {
            seen.add(ioc);
            ctx.report({ node, messageId: 'ioc', data: { ioc, use: '' }, evidence: { host, ioc, note: ctx.iocs.notes[ioc] ?? null } });
          }
        }
      },
    };
  },
});
