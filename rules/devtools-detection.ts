import { defineRule } from '../src/analyse/rule.js';

const PROPS = new Set(['webdriver', 'callPhantom', '_phantom', '__nightmare', 'Firebug', 'firebug', 'domAutomation', 'domAutomationController', '__webdriver_evaluate', '__selenium_unwrapped', '_Selenium_IDE_Recorder', '__driver_evaluate', '_selenium']);
const STRINGS = /HeadlessChrome|PhantomJS|__nightmare|firebug|devtools-?(open|detect)|isDevToolsOpen/i;

export default defineRule({
  meta: {
    id: 'devtools-detection',
    severity: 'medium',
    description: 'The script checks whether developer tools are open (outerWidth − innerWidth > threshold, Firebug) or whether it runs in a headless/automated browser (navigator.webdriver, PhantomJS, HeadlessChrome).',
    review: 'Bot-detection and fingerprinting vendors do this. Skimmers use it to hide from analysts and scanners: read what the script does when the check passes.',
    messages: {
      size: 'Compares {{a}} with {{b}} (devtools window check)',
      prop: 'Checks {{what}} (headless/devtools detection)',
    },
  },
  create(ctx) {
    let reported = 0;
    const hit = (node: any, messageId: string, data: Record<string, string>) => {
      if (reported++ < 3) ctx.report({ node, messageId, data, evidence: data });
    };
    return {
      BinaryExpression(n: any) {
        if (n.operator !== '-') return;
        const a = memberName(n.left);
        const b = memberName(n.right);
        if ((a === 'outerWidth' && b === 'innerWidth') || (a === 'outerHeight' && b === 'innerHeight')) hit(n, 'size', { a, b });
      },
      MemberExpression(n: any) {
        const p = !n.computed ? n.property.name : typeof n.property.value === 'string' ? n.property.value : null;
        if (p && PROPS.has(p)) hit(n, 'prop', { what: p });
      },
      Literal(n: any) {
        if (typeof n.value === 'string' && n.value.length < 200 && STRINGS.test(n.value)) hit(n, 'prop', { what: JSON.stringify(n.value.slice(0, 40)) });
      },
    };
  },
});

function memberName(e: any): string | null {
  if (e.type === 'MemberExpression' && !e.computed) return e.property.name;
  if (e.type === 'Identifier') return e.name;
  return null;
}
