import rule from './form-action-offsite.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "document.forms[0].action = '/checkout/submit';",
    "form.action = form.action + '?step=2';",
  ],
  invalid: [
    { code: "document.getElementById('payment-form').action = 'https://pay-secure.example/p';", messageIds: ['action'], severity: 'high' },
    { code: "var f = document.forms[0]; f.setAttribute('action', 'https://pay-secure.example/p');", messageIds: ['action'] },
  ],
});
