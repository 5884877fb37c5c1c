import { defineRule } from '../src/analyse/rule.js';

export default defineRule({
  meta: {
    id: 'checkout-url-trigger',
    severity: 'low',
    description: 'The script tests the page URL for checkout words (checkout, onepage, payment, billing…) before acting.',
    review: 'Skimmers only wake up on checkout pages. Alone it is an inventory fact; with decoded-code loaders or network sinks in the same script it raises their severity.',
    messages: { trigger: 'Acts only when the page URL matches "{{words}}"' },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const t = ctx.model().checkoutTriggers()[0];
        if (t) ctx.report({ loc: t.loc, messageId: 'trigger', data: { words: t.words.slice(0, 60) }, evidence: { words: t.words } });
      },
    };
  },
});
