import rule from './payment-field-read.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "document.getElementById('cc-number').value;",
    "$('#card-number').val();",
    "document.getElementById('search').value;",
    "var card = document.querySelector('.card-body');",
    "document.cookie = 'a=1; expires=Thu, 01 Jan 2030 00:00:00 GMT';",
  ],
  invalid: [
    { code: "var n = document.getElementById('cc-number').value;", messageIds: ['read'], severity: 'low' },
    { code: "var c = document.querySelector('input[name=\"payment[cc_cid]\"]');", messageIds: ['read'] },
    { code: "var e = document.querySelector('[autocomplete=cc-exp]');", messageIds: ['read'] },
    { code: "var k = ['cc_number']; var v = document[atob('Z2V0RWxlbWVudEJ5SWQ=')](k[0]);", messageIds: ['read'] },
    { code: "var n = document.getElementById(String.fromCharCode(99,99,110,117,109)).value;", messageIds: ['hidden'], severity: 'high' },
  ],
});
