import { defineRule } from '../src/analyse/rule.js';
import { hostOfUrl, lookalikeOf } from './lib/hosts.js';

export default defineRule({
  meta: {
    id: 'lookalike-domain',
    severity: 'medium',
    description: 'A host in the script imitates a known CDN, analytics, platform or payment brand (google-analytics.com.evil, jquery-cdn, g00gletagmanager) without belonging to it.',
    review: 'Skimmer infrastructure is registered to look like the libraries a page already loads. High when the script sends data to or loads code from the lookalike host.',
    messages: { lookalike: '{{host}} imitates {{brand}} ({{how}}){{use}}' },
  },
  create(ctx) {
    const literals: Array<{ host: string; node: any }> = [];
    return {
      Literal(n: any) {
        if (typeof n.value === 'string' && n.value.length > 6 && n.value.includes('//')) {
          const h = hostOfUrl(n.value);
          if (h) literals.push({ host: h, node: n });
        }
      },
      'Program:exit'() {
        const used = new Map<string, any>();
        for (const s of ctx.model().sinks()) if (s.dest.host) used.set(s.dest.host, s);
        const seen = new Set<string>();
        const check = (host: string, loc: any, node: any) => {
          if (seen.has(host)) return;
          seen.add(host);
          const l = lookalikeOf(host);
          if (!l) return;
          const sink = used.get(host);
          ctx.report({
            node, loc, messageId: 'lookalike', severity: sink ? 'high' : 'medium',
            data: { host, brand: l.real.join(', '), how: l.how, use: sink ? ` and receives ${sink.api}` : '' },
            evidence: { host, brand: l.brand, real: l.real, how: l.how, usedBy: sink?.api ?? null },
          });
        };
        for (const [host, s] of used) check(host, s.loc, null);
        for (const { host, node } of literals) check(host, undefined, node);
      },
    };
  },
});
