import rule from './self-removing-script.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "var el = document.getElementById('banner'); el.remove();",
    "list.removeChild(list.firstChild);",
    { name: 'JSONP helper removing its injected tag (low)', code: "var s = document.createElement('script'); s.src = '/jsonp?cb=x'; s.onload = function(){ s.parentNode.removeChild(s); }; document.head.appendChild(s);" },
  ],
  invalid: [
    { code: "document.currentScript.remove();", messageIds: ['self'], severity: 'medium' },
    { code: "var me = document.currentScript; me.parentNode.removeChild(me);", messageIds: ['self'] },
    { code: "var s = document.scripts[document.scripts.length - 1]; s.parentNode.removeChild(s);", messageIds: ['self'] },
  ],
});
