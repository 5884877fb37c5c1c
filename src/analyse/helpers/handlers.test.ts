import { describe, expect, test } from 'vitest';
import { parseSource } from '../engine/parse.js';
import { callsThrough, filtersCardFields, isLuhn, readsEventTargetValue, readsKeyData, readsOnlyNamedFields, reassigns } from './handlers.js';

/** The first function of a snippet. */
function fn(code: string): any {
  const body = (parseSource(code).ast as any).body[0];
  return body.type === 'FunctionDeclaration' ? body : body.expression;
}

describe('readsKeyData', () => {
  test.each(['function (e) { buf += e.key; }', 'function (e) { q.push(String.fromCharCode(e.keyCode)); }', 'function ({ key }) { log(key); }'])('%s logs keys', (c) => {
    expect(readsKeyData(fn(`(${c})`))).toBe(true);
  });
  test.each(["function (e) { if (e.key === 'Escape') close(); }", 'function (e) { switch (e.keyCode) { case 13: go(); } }', 'function () { timer.reset(); }'])('%s does not', (c) => {
    expect(readsKeyData(fn(`(${c})`))).toBe(false);
  });
});

describe('which fields a delegated handler keeps', () => {
  test('reads the event target value', () => {
    expect(readsEventTargetValue(fn("(function (e) { send(e['target'].value); })"))).toBe(true);
    expect(readsEventTargetValue(fn('(function (e) { send(e.target.id); })'))).toBe(false);
  });
  test('only named non-payment fields', () => {
    expect(readsOnlyNamedFields(fn("(function (e) { var el = e.target; if (el.name === 'shipping_method') q.push(el.value); })"))).toBe(true);
    expect(readsOnlyNamedFields(fn("(function (e) { var el = e.target; if (el.name === 'cc_number') q.push(el.value); })"))).toBe(false);
    expect(readsOnlyNamedFields(fn('(function (e) { q.push(e.target.value); })'))).toBe(false);
  });
  test('card fields by name, selector or helper', () => {
    expect(filtersCardFields(fn("(function (e) { var t = e.target; if (!/card|cvv/i.test(t.name)) return; s[t.name] = t.value; })"))).toBe(true);
    expect(filtersCardFields(fn("(function (e) { var t = e.target; if (t.matches('[autocomplete^=\"cc-\"]')) put(t.name, t.value); })"))).toBe(true);
    const helper = fn("(function tracked(t) { return t.matches('input[autocomplete=\"cc-number\"]'); })");
    expect(filtersCardFields(fn('(function (e) { if (tracked(e.target)) put(e.target.value); })'), (n) => (n === 'tracked' ? helper : null))).toBe(true);
    // session replay skips card fields
    expect(filtersCardFields(fn("(function (e) { var t = e.target; if (/card|cvv/i.test(t.name)) return; rec.push(t.value); })"))).toBe(false);
  });
});

describe('Luhn checks, masking, wrappers', () => {
  test('isLuhn', () => {
    expect(isLuhn(fn('(function (s) { var a = 0, b = false; for (var i = s.length - 1; i >= 0; i--) { var n = +s[i]; if (b) { n *= 2; if (n > 9) n -= 9; } a += n; b = !b; } return a % 10 === 0; })'))).toBe(true);
    expect(isLuhn(fn('(function (s) { return s.length % 10 === 0; })'))).toBe(false);
  });
  test('reassigns', () => {
    expect(reassigns(fn("(function () { v = v.replace(/\\d/g, '*'); })").body)).toBe(true);
    expect(reassigns(fn('(function () { send(v); })').body)).toBe(false);
  });
  test('callsThrough finds the call handing on to the original', () => {
    const w = fn('(function (d) { leak(d); return orig.apply(this, arguments); })');
    expect(callsThrough(w, (x: any) => x.type === 'Identifier' && x.name === 'orig')?.type).toBe('CallExpression');
    expect(callsThrough(w, (x: any) => x.type === 'Identifier' && x.name === 'other')).toBeNull();
  });
});
