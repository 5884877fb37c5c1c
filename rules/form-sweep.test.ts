import rule from './form-sweep.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "document.querySelectorAll('input[type=checkbox]').forEach(function(c){ c.checked = true; });",
    "document.querySelectorAll('.btn');",
    "var fd = new FormData(); fd.append('a', 1);",
  ],
  invalid: [
    { code: "var all = document.querySelectorAll('input, select, textarea');", messageIds: ['sweep'] },
    { code: "var d = $('form').serialize();", messageIds: ['sweep'] },
    { code: "var fd = new FormData(document.forms[0]);", messageIds: ['sweep'] },
    { code: "document.addEventListener('keydown', function(e){ log += e.key; });", messageIds: ['sweep'] },
  ],
});
