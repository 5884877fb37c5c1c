import rule from './checkout-url-trigger.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'the checkout step taken out of the URL as data (funnel analytics)', code: "var step = (location.pathname.match(/checkout\\/(\\w+)/) || [])[1] || 'cart'; var m = /checkout\\/(\\w+)/.exec(location.href)[1]; track(step, m);" },
    "if (location.href.indexOf('blog') > -1) init();",
    "if ('checkout'.length) go();",
  ],
  invalid: [
    { code: "if (/onepage|checkout/.test(window.location.href)) run();", messageIds: ['trigger'], severity: 'low' },
    { code: "if (document.location.pathname.indexOf('payment') !== -1) run();", messageIds: ['trigger'] },
    { code: "if (new RegExp('checkout').test(location)) run();", messageIds: ['trigger'] },
  ],
});
