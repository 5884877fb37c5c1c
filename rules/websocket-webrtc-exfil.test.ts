import rule from './websocket-webrtc-exfil.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "var ws = new WebSocket('wss://chat.example/s'); ws.send('ping');",
    "var ws = new WebSocket(url); ws.send(msg);",
  ],
  invalid: [
    { code: "var ws = new WebSocket('wss://ws.example/s'); ws.send(JSON.stringify(data));", messageIds: ['ws'], severity: 'medium' },
    { code: "var pc = new RTCPeerConnection(); var ch = pc.createDataChannel('x'); ch.send(payload);", messageIds: ['rtc'] },
  ],
});
