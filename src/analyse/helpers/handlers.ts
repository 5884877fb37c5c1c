// What an event handler or a wrapper does with a field, read from its code alone: whether a key
// handler logs keys, which fields a delegated handler keeps (card names, named non-payment fields),
// whether a wrapper hands its call on to the function it replaced.
import { emptyListeners, traverse } from '../engine/traverse.js';
import { CARD_ROLES, fieldRole, selectorRole } from './payment-fields.js';

const KEY_DATA = new Set(['key', 'keyCode', 'which', 'charCode', 'code', 'value', 'data', 'clipboardData']);

/**
 * Whether a key handler reads what was typed: the event's key, code or data, or a field's value. A key
 * only compared with a constant (`e.key === 'Backspace'`, `switch (e.keyCode)`) is a shortcut, not a log.
 */
export function readsKeyData(fn: any): boolean {
  let reads = fn.params.length > 0 && fn.params[0].type !== 'Identifier';
  if (!reads) {
    traverse(fn.body, (n: any, parent: any) => {
      if (reads || n.type !== 'MemberExpression') return;
      if (!n.computed && !(n.property.type === 'Identifier' && KEY_DATA.has(n.property.name))) return;
      if (parent !== null && parent.type === 'BinaryExpression' && COMPARISONS.has(parent.operator) && (parent.left === n ? parent.right : parent.left).type === 'Literal') return;
      if (parent !== null && parent.type === 'SwitchStatement' && parent.discriminant === n) return;
      reads = true;
    }, emptyListeners());
  }
  return reads;
}

const COMPARISONS: ReadonlySet<string> = new Set(['===', '==', '!==', '!=', '<', '>', '<=', '>=']);

/**
 * Whether every `.value` a handler reads is guarded by a test naming one field that is no payment
 * field: `if (el.name === 'payment_method') push({ method: el.value })` (funnel analytics reading the
 * payment method, not what was typed into the card fields).
 */
export function readsOnlyNamedFields(fn: any): boolean {
  const guarded: Array<[number, number]> = [];
  const values: any[] = [];
  let unknownName = false;
  // `el.name === 'x'` (either side) whose string names no payment field
  const namesOtherField = (t: any): boolean => {
    if (t.type === 'LogicalExpression' && t.operator === '&&') return namesOtherField(t.left) || namesOtherField(t.right);
    if (t.type !== 'BinaryExpression' || (t.operator !== '===' && t.operator !== '==')) return false;
    const [m, lit] = t.right.type === 'Literal' ? [t.left, t.right] : [t.right, t.left];
    if (lit.type !== 'Literal' || typeof lit.value !== 'string' || m.type !== 'MemberExpression' || m.computed) return false;
    if (m.property.name !== 'name' && m.property.name !== 'id') return false;
    if (fieldRole(lit.value) !== null) unknownName = true;
    return true;
  };
  traverse(fn.body, (n: any) => {
    if (n.type === 'IfStatement' && namesOtherField(n.test)) guarded.push([n.consequent.start, n.consequent.end]);
    else if (n.type === 'ConditionalExpression' && namesOtherField(n.test)) guarded.push([n.consequent.start, n.consequent.end]);
    else if (n.type === 'LogicalExpression' && n.operator === '&&' && namesOtherField(n.left)) guarded.push([n.right.start, n.right.end]);
    else if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'value') values.push(n);
  }, emptyListeners());
  return !unknownName && values.length > 0 && values.every((v) => guarded.some(([a, b]) => v.start >= a && v.end <= b));
}

/** Whether a handler reads `.value` and its event's `.target` / `.srcElement` or `document.activeElement`. */
export function readsEventTargetValue(fn: any): boolean {
  let target = false;
  let value = false;
  traverse(fn.body, (n: any) => {
    if (n.type !== 'MemberExpression') return;
    // `e.target`, also written `e['target']`
    const p = !n.computed ? n.property.name : n.property.type === 'Literal' ? n.property.value : null;
    if (p === 'target' || p === 'srcElement' || p === 'activeElement') target = true;
    else if (p === 'value') value = true;
  }, emptyListeners());
  return target && value;
}

// card words in a field-name test: `/card|cc.?num|cvv/`, `indexOf('cvv')`
const CARD_NAME_WORDS = /card|cvv|cvc|csc|cc[-_.?[(]?(?:num|no|exp|cid)|cc_|security.?code|expir/i;

/** A test of a field's name against card words: `/card|cvv/i.test(t.name)`, `n.match(re)`, `n.indexOf('card') > -1`, `['cc_number', …].includes(n)`. */
function cardNameTest(e: any, fnOf: (name: string) => any = () => null, depth = 0): boolean {
  if (depth > 3) return false;
  if (e.type === 'BinaryExpression' && /^[<>]=?$|^[!=]==?$/.test(e.operator)) return cardNameTest(e.left, fnOf, depth + 1) || cardNameTest(e.right, fnOf, depth + 1);
  if (e.type === 'LogicalExpression' && e.operator === '&&') return cardNameTest(e.left, fnOf, depth + 1) || cardNameTest(e.right, fnOf, depth + 1);
  // a helper of the script making the test: `function tracked(t) { return t.matches('[autocomplete^="cc-"]') }`
  if (e.type === 'CallExpression' && e.callee.type === 'Identifier') {
    const f = fnOf(e.callee.name);
    if (!f) return false;
    if (f.body.type !== 'BlockStatement') return cardNameTest(f.body, fnOf, depth + 1);
    return f.body.body.some((st: any) => st.type === 'ReturnStatement' && st.argument !== null && cardNameTest(st.argument, fnOf, depth + 1));
  }
  if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || e.callee.computed) return false;
  const m = e.callee.property.name;
  const o = e.callee.object;
  const a = e.arguments[0];
  // `t.matches('input[autocomplete^="cc-"], input[name*="cvv"]')`: the field is one the selector picks
  if (m === 'matches' || m === 'webkitMatchesSelector' || m === 'msMatchesSelector') {
    if (a?.type !== 'Literal' || typeof a.value !== 'string') return false;
    const r = selectorRole(a.value);
    return r !== null && CARD_ROLES.has(r);
  }
  if (m === 'test') return o.type === 'Literal' && o.regex !== undefined && CARD_NAME_WORDS.test(o.regex.pattern);
  if (m === 'match' || m === 'search') return a?.type === 'Literal' && a.regex !== undefined && CARD_NAME_WORDS.test(a.regex.pattern);
  if (m === 'indexOf' || m === 'includes') {
    if (a?.type === 'Literal' && typeof a.value === 'string') return CARD_NAME_WORDS.test(a.value);
    return o.type === 'ArrayExpression' && o.elements.some((x: any) => { const r = x?.type === 'Literal' && typeof x.value === 'string' ? fieldRole(x.value) : null; return r !== null && CARD_ROLES.has(r); });
  }
  return false;
}

/**
 * Whether a handler goes on only for card fields: `if (!/card|cvv/.test(t.name)) return;` before the
 * rest, or `if (/card/.test(t.name)) store[t.name] = t.value`. (Session replay tests card names the
 * other way round, to skip or mask those fields.)
 */
export function filtersCardFields(fn: any, fnOf: (name: string) => any = () => null): boolean {
  let found = false;
  traverse(fn.body, (n: any) => {
    if (found || n.type !== 'IfStatement') return;
    const negated = n.test.type === 'UnaryExpression' && n.test.operator === '!';
    const notFound = n.test.type === 'BinaryExpression' && ((n.test.operator === '===' || n.test.operator === '==') && isMinusOne(n.test.right) || n.test.operator === '<' && n.test.right.type === 'Literal' && n.test.right.value === 0);
    const test = negated ? n.test.argument : n.test;
    if (!cardNameTest(test, fnOf)) return;
    const exits = (s: any) => s.type === 'ReturnStatement' || (s.type === 'BlockStatement' && s.body.length === 1 && s.body[0].type === 'ReturnStatement');
    if (negated || notFound) found = exits(n.consequent);
    else found = storesValue(n.consequent);
  }, emptyListeners());
  return found;
}

function isMinusOne(e: any): boolean {
  return e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'Literal' && e.argument.value === 1;
}

/** Whether a statement keeps a field's value as it is: `o[t.name] = t.value`, `list.push(t.value)`. */
function storesValue(stmt: any): boolean {
  let found = false;
  const isValue = (e: any) => e?.type === 'MemberExpression' && !e.computed && e.property.name === 'value';
  traverse(stmt, (n: any) => {
    if (n.type === 'AssignmentExpression' && isValue(n.right)) found = true;
    // `list.push(t.value)`, `put(key, t.value)`: handed on as it is
    else if (n.type === 'CallExpression' && n.arguments.some(isValue)) found = true;
  }, emptyListeners());
  return found;
}

/** A Luhn (mod 10) check: `% 10` with doubled digits (`* 2`, `*= 2`) and the `- 9` / `> 9` fold. */
export function isLuhn(fn: any): boolean {
  let mod10 = false, double = false, fold = false;
  traverse(fn.body, (n: any) => {
    if (n.type !== 'BinaryExpression' && n.type !== 'AssignmentExpression') return;
    const r = n.right;
    if (r.type !== 'Literal' || typeof r.value !== 'number') return;
    const op = n.operator;
    if ((op === '%' || op === '%=') && r.value === 10) mod10 = true;
    else if ((op === '*' || op === '*=') && r.value === 2) double = true;
    else if (((op === '-' || op === '-=') && r.value === 9) || ((op === '>' || op === '>=') && (r.value === 9 || r.value === 10))) fold = true;
  }, emptyListeners());
  return mod10 && double && fold;
}

/** Whether a statement or expression assigns to a plain variable (masking a value rather than keeping it). */
export function reassigns(node: any): boolean {
  let found = false;
  traverse(node, (n: any) => {
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') found = true;
  }, emptyListeners());
  return found;
}

/** The call by which a function hands its call on to the function `isOriginal` accepts (`orig.apply(this, arguments)`): a wrapper's. */
export function callsThrough(fn: any, isOriginal: (callee: any) => boolean): any | null {
  let found: any = null;
  const first = fn.params[0]?.type === 'Identifier' ? fn.params[0].name : null;
  traverse(fn.body, (n: any) => {
    if (found !== null || n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return;
    const m = !n.callee.computed ? n.callee.property.name : n.callee.property.type === 'Literal' ? n.callee.property.value : null;
    const a = n.arguments;
    const through = (m === 'apply' && a.length === 2 && a[1].type === 'Identifier' && a[1].name === 'arguments')
      || (m === 'call' && a.length >= 2 && first !== null && a[1].type === 'Identifier' && a[1].name === first);
    if (through && isOriginal(n.callee.object)) found = n;
  }, emptyListeners());
  return found;
}
