import rule from './decoded-code-eval.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "setTimeout(function(){ run(); }, 10);",
    "setTimeout(run, 10);",
    "eval('1 + 1');",
    "var f = new Function('a', 'b', 'return a + b');",
  ],
  invalid: [
    { code: "eval(atob('YWxlcnQoMSk='));", messageIds: ['decoded'], severity: 'medium' },
    { code: "new Function(String.fromCharCode(97,108,101,114,116,40,49,41))();", messageIds: ['decoded'] },
    { code: "if (location.href.indexOf('checkout') > -1) eval(atob(payload));", messageIds: ['decoded'], severity: 'high' },
    { code: "var s = document.createElement('script'); s.text = atob('YWxlcnQoMSk='); document.body.appendChild(s);", messageIds: ['decoded'] },
  ],
});
