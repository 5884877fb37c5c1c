import rule from './form-sweep.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "document.querySelectorAll('input[type=checkbox]').forEach(function(c){ c.checked = true; });",
    "document.querySelectorAll('.btn');",
    "var fd = new FormData(); fd.append('a', 1);",
    { name: 'Firestore: an array transform has elements too (e.transform.elements is no form)', code: "function toProto(e) { var t = e.transform; if (t instanceof ArrayUnion) return { fieldPath: e.field, appendMissingElements: { values: e.transform.elements } }; }" },
    { name: 'focus trap of a modal: focusable elements, not form data', code: "var focusable = modal.querySelectorAll('a[href], button, textarea, input, select, [tabindex]:not([tabindex=\"-1\"])'); focusable[0].focus();" },
    { name: 'upload helper building FormData from a plain object', code: "function toForm(o) { var fd = new FormData(); Object.keys(o).forEach(function (k) { fd.append(k, o[k]); }); return fd; }" },
  ],
  invalid: [
    { code: "var all = document.querySelectorAll('input, select, textarea');", messageIds: ['sweep'] },
    { code: "var d = $('form').serialize();", messageIds: ['sweep'] },
    { code: "var fd = new FormData(document.forms[0]);", messageIds: ['sweep'] },
    { name: 'FormData of a parameter, whatever its name (the constructor only takes a form)', code: "const grab = (x) => Object.fromEntries(new FormData(x)); document.addEventListener('submit', (e) => grab(e.target), true);", messageIds: ['sweep'] },
    { code: "document.addEventListener('keydown', function(e){ log += e.key; });", messageIds: ['sweep'] },
  ],
});
