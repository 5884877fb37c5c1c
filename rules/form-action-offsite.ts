import { defineRule } from '../src/analyse/rule.js';
import { describeDest } from './lib/severity.js';

export default defineRule({
  meta: {
    id: 'form-action-offsite',
    severity: 'high',
    description: 'The script points a form\'s action at an absolute or hidden URL, so the submission (card data included) goes there.',
    review: 'Redirecting the checkout form is a classic formjacking move. Legitimate only when the destination is the page\'s own site or the payment processor (the verdict lowers those).',
    messages: { action: 'Form action set to {{dest}}' },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        for (const s of ctx.model().sinks()) {
          if (s.kind !== 'form-action') continue;
          if (s.dest.kind !== 'literal' && s.dest.kind !== 'hidden') continue;
          ctx.report({ loc: s.loc, messageId: 'action', data: { dest: describeDest(s.dest) }, evidence: { siteDependent: s.dest.kind === 'literal', destinations: [s.dest], api: s.api } });
        }
      },
    };
  },
});
