import { defineRule } from '../src/analyse/rule.js';

// Anti-analysis: only useful to hide from a human with developer tools open.
const STRONG_PROPS = new Set(['Firebug', 'firebug']);
const STRONG_STRINGS = /firebug|devtools-?(open|detect)|isDevToolsOpen|devtoolschange/i;
// Automation / headless checks: bot filtering in analytics, fraud and consent SDKs does the same.
const WEAK_PROPS = new Set(['webdriver', 'callPhantom', '_phantom', '__nightmare', 'domAutomation', 'domAutomationController', '__webdriver_evaluate', '__selenium_unwrapped', '_Selenium_IDE_Recorder', '__driver_evaluate', '_selenium']);
const WEAK_STRINGS = /HeadlessChrome|PhantomJS|__nightmare/i;
// one cheap test per string literal before the specific ones
const ANY_STRING = /firebug|devtools|headlesschrome|phantomjs|__nightmare|debugger/i;
// property names checked on every member expression: name -> strong (anti-analysis) or weak
const PROPS = new Map<string, boolean>([...[...STRONG_PROPS].map((p) => [p, true] as const), ...[...WEAK_PROPS].map((p) => [p, false] as const)]);
const CONSOLE_METHODS = new Set(['log', 'dir', 'debug', 'info', 'table', 'warn', 'error', 'clear', 'profile']);
const TIME_CALLS = new Set(['now', 'getTime']);

interface Hit {
  node: any;
  messageId: string;
  data: Record<string, string>;
  strong: boolean;
}

/** Calls that run a string argument as code. */
const CODE_SINKS = new Set(['eval', 'setTimeout', 'setInterval', 'call', 'apply', 'bind', 'execScript']);

export default defineRule({
  meta: {
    id: 'devtools-detection',
    severity: 'medium',
    description: 'The script checks whether developer tools are open (outerWidth − innerWidth > threshold, Firebug, `debugger` timing traps, console getter and toString tricks): medium. Headless/automation checks (navigator.webdriver, PhantomJS, HeadlessChrome user agent) are bot filtering and low, unless the same script reads card fields.',
    review: 'Bot-detection, analytics and fingerprinting vendors filter automated browsers; that alone is low. Skimmers hide from analysts and scanners (devtools window checks, debugger traps) and arm only for real shoppers: read what the script does when the check passes.',
    messages: {
      size: 'Compares {{a}} with {{b}} (devtools window check)',
      prop: 'Checks {{what}} (headless/devtools detection)',
      trap: 'Runs a `debugger` statement to trap developer tools',
      console: 'Logs an object with an `id` getter to the console (devtools-open trick)',
      bait: 'Replaces the toString of a RegExp or Date (an open console calls it: devtools-open trick)',
    },
  },
  create(ctx) {
    const hits: Hit[] = [];
    const hit = (node: any, messageId: string, data: Record<string, string>, strong: boolean) => {
      if (hits.length < 12) hits.push({ node, messageId, data, strong });
    };
    // `debugger` traps: a debugger statement (or code string) in a function that also reads the clock
    const debuggerFns = new Set<any>();
    const timeFns = new Set<any>();
    // console tricks: an object with an `id` getter (`Object.defineProperty(el, 'id', {get})`) that is logged
    // keyed by binding (a minified `t` in one module is not the `t` of another), else by global name
    const idGetters = new Map<unknown, any>();
    const logged = new Set<unknown>();
    // `this.reg = /./; this.reg.toString = function () { opened() }`: an open console calls it when the
    // object is logged (disable-devtool's RegToString/DateToString checks)
    const toStringOverrides: Array<{ node: any; obj: any; scope: any }> = [];
    const baitProps = new Set<string>();
    return {
      AssignmentExpression(n: any) {
        const l = n.left;
        if (l.type !== 'MemberExpression' || l.computed || l.property.type !== 'Identifier') return;
        if (l.property.name === 'toString' && (n.right.type === 'FunctionExpression' || n.right.type === 'ArrowFunctionExpression')) toStringOverrides.push({ node: n, obj: l.object, scope: ctx.facts.scope });
        else if (l.object.type === 'ThisExpression' && isConsoleBait(n.right)) baitProps.add(l.property.name);
      },
      BinaryExpression(n: any) {
        if (n.operator !== '-') return;
        const a = scaledName(n.left);
        if (a !== 'outerWidth' && a !== 'outerHeight') return;
        const b = scaledName(n.right);
        if ((a === 'outerWidth' && b === 'innerWidth') || (a === 'outerHeight' && b === 'innerHeight')) hit(n, 'size', { a, b }, true);
      },
      MemberExpression(n: any) {
        const p = !n.computed ? n.property.name : typeof n.property.value === 'string' ? n.property.value : null;
        if (!p) return;
        let strong = PROPS.get(p);
        // `console.firebug` is a colour-support check (the debug package); `window.Firebug` is not
        if (strong && p === 'firebug' && memberName(n.object) === 'console') strong = false;
        if (strong !== undefined) hit(n, 'prop', { what: p }, strong);
        else if (p === 'toString' && n.object.type === 'MemberExpression' && !n.object.computed && n.object.property.name === 'prototype'
          && n.object.object.type === 'Identifier' && n.object.object.name === 'Function') {
          // tamper check (native-code test): libraries' isNative does the same
          hit(n, 'prop', { what: 'Function.prototype.toString' }, false);
        }
      },
      Literal(n: any, parent: any) {
        // ANY_STRING's shortest word is 7 characters: shorter strings (most) skip the regex
        if (typeof n.value !== 'string' || n.value.length < 7 || n.value.length >= 200 || !ANY_STRING.test(n.value)) return;
        if (/^\s*debugger\s*;?\s*$/.test(n.value)) {
          // code born as 'debugger' (`fn.constructor('debugger')`, `Function('debugger')`): obfuscators' debug protection
          const c = parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') ? parent.callee : null;
          const name = c ? (c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && !c.computed ? c.property.name : c.type === 'MemberExpression' ? c.property.value : null) : null;
          if (name === 'constructor' || name === 'Function') hit(n, 'trap', {}, true);
          // an argument of some other named call is data (`store.registerModule('debugger', m)`);
          // code strings reach eval, timers or a string table
          else if (name === null || CODE_SINKS.has(name)) debuggerFns.add(ctx.facts.fn?.node ?? null);
        } else if (STRONG_STRINGS.test(n.value)) hit(n, 'prop', { what: JSON.stringify(n.value.slice(0, 40)) }, true);
        else if (WEAK_STRINGS.test(n.value)) hit(n, 'prop', { what: JSON.stringify(n.value.slice(0, 40)) }, false);
      },
      DebuggerStatement() {
        debuggerFns.add(ctx.facts.fn?.node ?? null);
      },
      'Program:exit'() {
        // calls are in the facts already: no per-node listener for them
        {
          const calls = ctx.facts.calls;
          for (let i = 0; i < calls.length; i++) {
            const call = calls[i]!;
            const p = call.plain;
            const n = call.node;
            if (p === null) {
              if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'Date') timeFns.add(call.fn?.node ?? null);
              continue;
            }
            if (!TIME_CALLS.has(p) && !CONSOLE_METHODS.has(p) && p !== 'defineProperty' && p !== '__defineGetter__') continue;
            if (n.type === 'NewExpression') continue;
            const c = n.callee;
            if (TIME_CALLS.has(p)) timeFns.add(call.fn?.node ?? null);
            else if (CONSOLE_METHODS.has(p) && c.object.type === 'Identifier' && c.object.name === 'console') {
              for (const a of n.arguments) if (a.type === 'Identifier') logged.add(call.scope.lookup(a.name) ?? a.name);
            } else if (p === 'defineProperty' && n.arguments.length >= 3 && n.arguments[0].type === 'Identifier' && n.arguments[1].type === 'Literal' && n.arguments[1].value === 'id') {
              idGetters.set(call.scope.lookup(n.arguments[0].name) ?? n.arguments[0].name, n);
            } else if (p === '__defineGetter__' && c.object.type === 'Identifier' && n.arguments[0]?.type === 'Literal' && n.arguments[0].value === 'id') {
              idGetters.set(call.scope.lookup(c.object.name) ?? c.object.name, n);
            }
          }
        }
        for (const fn of debuggerFns) {
          if (timeFns.has(fn)) {
            hits.push({ node: fn, messageId: 'trap', data: {}, strong: true });
            break;
          }
        }
        for (const { node, obj, scope } of toStringOverrides) {
          const b = obj.type === 'Identifier' ? scope.lookup(obj.name) : null;
          const bait = b ? b.defs.length === 1 && isConsoleBait(b.defs[0].node)
            : obj.type === 'MemberExpression' && !obj.computed && obj.object.type === 'ThisExpression' && baitProps.has(obj.property.name);
          if (bait) {
            hits.push({ node, messageId: 'bait', data: {}, strong: true });
            break;
          }
        }
        for (const [name, node] of idGetters) {
          if (logged.has(name)) {
            hits.push({ node, messageId: 'console', data: {}, strong: true });
            break;
          }
        }
        if (!hits.length) return;
        // weak (automation) checks matter when the same script reads card fields; form sweeps and
        // document key listeners are what input formatters and editors have (autoNumeric, Quill)
        let payment = false;
        if (!hits.some((h) => h.strong)) {
          payment = ctx.model().sources().some((s) => s.cls === 'card');
        }
        hits.sort((a, b) => Number(b.strong) - Number(a.strong));
        for (const h of hits.slice(0, 3)) {
          // a native-code test of Function.prototype.toString is every polyfill's isNative (lodash,
          // core-js, checkout SDKs that also read the card): it never raises by itself
          const nativeTest = !h.strong && h.data.what === 'Function.prototype.toString';
          const severity = h.strong || (payment && !nativeTest) ? 'medium' : 'low';
          ctx.report({ node: h.node ?? undefined, messageId: h.messageId, data: h.data, severity, evidence: { ...h.data, antiAnalysis: h.strong, readsPaymentData: payment } });
        }
      },
    };
  },
});

/** The window size a side compares, also scaled by the zoom: `window.innerHeight * devicePixelRatio`. */
function scaledName(e: any): string | null {
  if (e.type === 'BinaryExpression' && (e.operator === '*' || e.operator === '/')) return scaledName(e.left) ?? scaledName(e.right);
  return memberName(e);
}

/** Objects a devtools console formats by calling their `toString` when logged: a RegExp, a Date. */
function isConsoleBait(e: any): boolean {
  return (e.type === 'Literal' && e.regex !== undefined) || (e.type === 'NewExpression' && e.callee.type === 'Identifier' && e.callee.name === 'Date');
}

function memberName(e: any): string | null {
  if (e.type === 'MemberExpression' && !e.computed) return e.property.name;
  if (e.type === 'Identifier') return e.name;
  return null;
}
