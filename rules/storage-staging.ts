import { defineRule } from '../src/analyse/rule.js';
import { NETWORK_SINKS } from '../src/analyse/helpers/sinks.js';

export default defineRule({
  meta: {
    id: 'storage-staging',
    severity: 'high',
    description: 'Payment data (card fields or a whole-form sweep) is written to localStorage, sessionStorage or cookies by a script that also sends network requests. Card data: high. A form sweep: high when the same script sends form data off-site, else low (history caches and autosave store forms too).',
    review: 'Skimmers such as the Inter kit stage stolen data in storage and send it later. Checkout code rarely needs card data in storage: check what is stored and where it goes.',
    messages: { staged: '{{what}} ({{how}}, line {{srcLine}}) is stored with {{api}}' },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        const flows = m.flows();
        const network = m.sinks().some((s) => NETWORK_SINKS.has(s.kind));
        if (!network) return;
        // form data staged by a script that also sends form data off-site is the Inter-kit pattern;
        // a library caching a form (history snapshots, autosave) is not
        const sendsOut = flows.some((g) => NETWORK_SINKS.has(g.sink.kind) && (g.card || g.sweep) && (g.sink.dest.kind === 'literal' || g.sink.dest.kind === 'hidden'));
        for (const f of flows) {
          if (f.sink.kind !== 'storage') continue;
          const p = f.card ?? f.sweep;
          if (!p) continue;
          ctx.report({
            loc: f.sink.loc, messageId: 'staged', severity: f.card || sendsOut ? 'high' : 'low',
            data: { what: f.card ? `Card data (${p.source.role})` : 'Form data', how: p.source.how, srcLine: p.source.loc.line, api: f.sink.api },
            evidence: { source: { line: p.source.loc.line, how: p.source.how }, sink: { line: f.sink.loc.line, api: f.sink.api } },
          });
          return;
        }
      },
    };
  },
});
