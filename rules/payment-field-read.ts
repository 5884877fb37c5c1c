import { defineRule } from '../src/analyse/rule.js';

export default defineRule({
  meta: {
    id: 'payment-field-read',
    severity: 'low',
    description: 'The script looks up card, CVV, expiry, holder or billing fields by id, name, selector or autocomplete token.',
    review: 'Expected in checkout code and card formatters. Check that this script belongs to the checkout or a known processor; high when the field names only appear after decoding (obfuscated code touching payment fields).',
    messages: {
      read: 'Reads {{role}} field: {{how}}',
      hidden: 'Obfuscated code reads {{role}} field: {{how}} (name hidden by encoding)',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const seen = new Set<string>();
        for (const s of ctx.model().sources()) {
          if (s.cls === 'sweep' || !s.role) continue;
          const key = `${s.role}|${s.hidden ? 1 : 0}`;
          if (seen.has(key)) continue;
          seen.add(key);
          ctx.report({
            loc: s.loc, messageId: s.hidden ? 'hidden' : 'read', severity: s.hidden ? 'high' : 'low',
            data: { role: s.role, how: s.how }, evidence: { role: s.role, how: s.how, hidden: s.hidden === true },
          });
        }
      },
    };
  },
});
