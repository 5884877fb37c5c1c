import rule from './devtools-detection.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "var w = window.innerWidth - 20;",
    "var ratio = window.outerWidth / window.innerWidth;",
    "console.log('debug');",
  ],
  invalid: [
    { code: "if (window.outerWidth - window.innerWidth > 160) stop();", messageIds: ['size'], severity: 'medium' },
    { code: "if (navigator.webdriver) return;", messageIds: ['prop'] },
    { code: "if (/HeadlessChrome/.test(navigator.userAgent) || window.Firebug) quit();", messageIds: ['prop'] },
  ],
});
