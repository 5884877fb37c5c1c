import rule from './form-sweep.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'an accessibility checker listing elements with an aria-label (no card words anywhere)', code: "var named = document.querySelectorAll('[aria-label], [aria-labelledby]'); var missing = [].filter.call(document.querySelectorAll('button'), function (b) { return !b.textContent.trim() && !b.getAttribute('aria-label'); }); console.log(named.length, missing.length);" },
    "document.querySelectorAll('input[type=checkbox]').forEach(function(c){ c.checked = true; });",
    "document.querySelectorAll('.btn');",
    "var fd = new FormData(); fd.append('a', 1);",
    { name: 'Firestore: an array transform has elements too (e.transform.elements is no form)', code: "function toProto(e) { var t = e.transform; if (t instanceof ArrayUnion) return { fieldPath: e.field, appendMissingElements: { values: e.transform.elements } }; }" },
    { name: 'focus trap of a modal: focusable elements, not form data', code: "var focusable = modal.querySelectorAll('a[href], button, textarea, input, select, [tabindex]:not([tabindex=\"-1\"])'); focusable[0].focus();" },
    { name: "a schema compiler looping over a list named like forms (ajv's jtdForms), a component over its targets (this.target)", code: "function parseCode(cxt) { let form; for (const key of types.jtdForms) if (key in cxt.schema) form = key; return form; } class Toggle { run() { for (const s of this.target) this.toggleElement(s); } }" },
    { name: "Object.entries of headers named formHeaders (axios), not of a form", code: "function setHeaders(headers, formHeaders) { Object.entries(formHeaders || {}).forEach(function (kv) { headers.set(kv[0], kv[1]); }); }" },
    { name: 'upload helper building FormData from a plain object', code: "function toForm(o) { var fd = new FormData(); Object.keys(o).forEach(function (k) { fd.append(k, o[k]); }); return fd; }" },
  ],
  invalid: [
    { name: 'every element with an accessible name, in a script that picks card fields out by such names', code: "var map = { pan: /card number|credit card/i, cvv: /security code|cvv|cvc/i }; var hits = []; document.querySelectorAll('[aria-label], [aria-labelledby]').forEach(function (el) { for (var k in map) if (map[k].test(el.getAttribute('aria-label') || '')) hits.push({ k: k, el: el }); });", messageIds: ['sweep'] },
    { code: "var all = document.querySelectorAll('input, select, textarea');", messageIds: ['sweep'] },
    { code: "var d = $('form').serialize();", messageIds: ['sweep'] },
    { code: "var fd = new FormData(document.forms[0]);", messageIds: ['sweep'] },
    { name: 'FormData of a parameter, whatever its name (the constructor only takes a form)', code: "const grab = (x) => Object.fromEntries(new FormData(x)); document.addEventListener('submit', (e) => grab(e.target), true);", messageIds: ['sweep'] },
    { code: "document.addEventListener('keydown', function(e){ log += e.key; });", messageIds: ['sweep'] },
    { name: "a form's controls are its indexed properties: Object.values(document.forms[0])", code: "var rec = {}; for (const el of Object.values(document.forms[0])) if (el.name) rec[el.name] = el.value;", messageIds: ['sweep'] },
    { name: 'a loop over the submitted form itself (for…of over e.target)', code: "document.addEventListener('submit', function (e) { var q = []; for (const el of e.target) q.push(el.name + '=' + el.value); window.__q = q; }, true);", messageIds: ['sweep'] },
  ],
});
