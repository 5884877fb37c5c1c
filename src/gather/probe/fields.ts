// Finding and classifying payment-form fields (runs in an isolated world of each frame).
import type { CanaryValues } from '../../verdict/canary/values.js';

export type FieldRole =
  | 'card-number' | 'cvv' | 'expiry' | 'exp-month' | 'exp-year' | 'holder' | 'first-name' | 'last-name'
  | 'email' | 'phone' | 'address' | 'city' | 'state' | 'zip' | 'country';

export interface FoundField {
  index: number;
  tag: string;
  type: string | null;
  role: FieldRole | null;
  selector: string;
  formAction: string | null;
  maxLength: number | null;
}

const AUTOCOMPLETE: Record<string, FieldRole> = {
  'cc-number': 'card-number', 'cc-csc': 'cvv', 'cc-exp': 'expiry', 'cc-exp-month': 'exp-month', 'cc-exp-year': 'exp-year',
  'cc-name': 'holder', 'given-name': 'first-name', 'family-name': 'last-name', name: 'holder', email: 'email', tel: 'phone',
  'street-address': 'address', 'address-line1': 'address', 'address-level2': 'city', 'address-level1': 'state',
  'postal-code': 'zip', country: 'country', 'country-name': 'country',
};

/** Text (label, placeholder, aria-label, name, id) -> role. Order matters: "cardholder" is a name. */
const TEXT_RULES: Array<[FieldRole, RegExp]> = [
  ['holder', /card.?holder|name.?on.?(the.?)?card|cc.?name|holder|nameoncard|card.?name/],
  ['cvv', /cvv|cvc|\bcsc\b|cvn|cid\b|security.?(code|number)|card.?code|verification.?(code|number|value)|securitycode/],
  ['card-number', /card.?(number|no\b|num|#)|cc.?(number|num|no\b)|ccnum|cardnum|credit.?card|debit.?card|\bpan\b|number.?on.?card|^card$|txtcard$|acct.?num.*card|kartennummer/],
  ['exp-month', /exp.*(month|\bmm\b|mon\b)|\bmonth\b|^mm$|expmonth|cc.?month|ddlmonth/],
  ['exp-year', /exp.*(year|\byy(yy)?\b)|\byear\b|^yy(yy)?$|expyear|cc.?year|ddlyear/],
  ['expiry', /expir|exp.?date|mm.?\/.?yy|valid.?thru|\bexp\b|expdate|expiration/],
  ['email', /e-?mail/],
  ['phone', /phone|\btel\b|mobile/],
  ['zip', /zip|postal|post.?code/],
  ['first-name', /first.?name|fname|given.?name/],
  ['last-name', /last.?name|lname|surname|family.?name/],
  ['city', /\bcity\b|town|^city/],
  ['state', /\bstate\b|province|region|^state/],
  ['country', /country/],
  ['address', /address|street|addr\b|addr1|address1/],
  ['holder', /^name$|full.?name|your.?name|\bname\b/],
];

/** ASP.NET and similar naming: `ctl00$Main$txtCardNumber`, `ctl00_MainContent_txtCardNumber`. */
export function stripPrefixes(nameOrId: string): string {
  let s = nameOrId;
  if (s.includes('$')) s = s.split('$').pop()!;
  s = s.replace(/^ctl\d+_(?:[A-Za-z0-9]+_)*?(?=(txt|ddl|tb|cb|sel|hf|input)?[A-Z])/, '');
  s = s.replace(/^(txt|ddl|tb|sel|input|inp|fld)(?=[A-Z_])/, '');
  // camelCase -> words
  return s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.[\]]+/g, ' ').trim().toLowerCase();
}

export function classifyField(f: { autocomplete?: string | null; label?: string | null; placeholder?: string | null; ariaLabel?: string | null; name?: string | null; id?: string | null; type?: string | null }): FieldRole | null {
  const ac = (f.autocomplete ?? '').toLowerCase().split(/\s+/).find((t) => AUTOCOMPLETE[t]);
  if (ac) return AUTOCOMPLETE[ac]!;
  if (f.type === 'email') return 'email';
  if (f.type === 'tel' && !/card|cc|cvv|cvc|exp/i.test(`${f.name ?? ''} ${f.id ?? ''}`)) return 'phone';
  const sources = [f.label, f.placeholder, f.ariaLabel, f.name ? stripPrefixes(f.name) : null, f.id ? stripPrefixes(f.id) : null];
  for (const text of sources) {
    if (!text) continue;
    const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
    for (const [role, re] of TEXT_RULES) if (re.test(t) || re.test(t.replace(/ /g, ''))) return role;
  }
  return null;
}

/** The value to type for a field, or null to leave it alone. */
export function valueFor(f: FoundField, c: CanaryValues): string | null {
  switch (f.role) {
    case 'card-number': return c.cardNumber;
    case 'cvv': return c.cvv;
    case 'expiry': return f.maxLength && f.maxLength <= 4 ? `${c.expMonth}${c.expYear.slice(2)}` : f.maxLength && f.maxLength >= 7 ? `${c.expMonth}/${c.expYear}` : c.expiry;
    case 'exp-month': return c.expMonth;
    case 'exp-year': return f.tag === 'select' ? c.expYear : f.maxLength === 2 ? c.expYear.slice(2) : c.expYear;
    case 'holder': return c.holder;
    case 'first-name': return c.firstName;
    case 'last-name': return c.lastName;
    case 'email': return c.email;
    case 'phone': return c.phone;
    case 'address': return c.address;
    case 'city': return c.city;
    case 'state': return f.tag === 'select' ? c.state : c.state;
    case 'zip': return c.zip;
    case 'country': return f.tag === 'select' ? c.country : 'United States';
    default: return null;
  }
}

/** Evaluated in an isolated world: finds visible fields, keeps them in window.__sspFields, returns descriptors. */
export const FIND_FIELDS = `(() => {
  const AUTOCOMPLETE = ${JSON.stringify(AUTOCOMPLETE)};
  const RULES = [${TEXT_RULES.map(([r, re]) => `[${JSON.stringify(r)}, ${re.toString()}]`).join(', ')}];
  const stripPrefixes = ${stripPrefixes.toString()};
  const classifyField = ${classifyField.toString().replace(/AUTOCOMPLETE\[/g, 'AUTOCOMPLETE[').replace(/TEXT_RULES/g, 'RULES')};
  const text = (el) => (el ? (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 120) : null);
  const labelOf = (el) => {
    if (el.labels && el.labels.length) return text(el.labels[0]);
    const by = el.getAttribute('aria-labelledby');
    if (by) return text(document.getElementById(by.split(' ')[0]));
    return null;
  };
  const visible = (el) => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el); return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'; };
  const els = [...document.querySelectorAll('input, select, textarea')].filter((el) => {
    const t = (el.getAttribute('type') || '').toLowerCase();
    return !['hidden', 'submit', 'button', 'checkbox', 'radio', 'image', 'reset', 'file'].includes(t) && !el.disabled && !el.readOnly && visible(el);
  }).slice(0, 200);
  window.__sspFields = els;
  const used = new Set();
  return els.map((el, index) => {
    let role = classifyField({ autocomplete: el.getAttribute('autocomplete'), label: labelOf(el), placeholder: el.getAttribute('placeholder'),
      ariaLabel: el.getAttribute('aria-label'), name: el.getAttribute('name'), id: el.id || null, type: (el.getAttribute('type') || '').toLowerCase() });
    if (role && used.has(role)) role = null;
    if (role) used.add(role);
    el.__sspRole = role;
    return { index, tag: el.tagName.toLowerCase(), type: el.getAttribute('type'), role,
      selector: el.id ? '#' + el.id : el.name ? el.tagName.toLowerCase() + '[name="' + el.name + '"]' : el.tagName.toLowerCase() + ':nth-of-type(' + (index + 1) + ')',
      formAction: el.form ? el.form.action || location.href : null, maxLength: el.maxLength > 0 ? el.maxLength : null };
  }).filter((f) => f.role);
})()`;

/**
 * Evaluated in an isolated world after the canary is typed: gives the other fields of the card's
 * form that the browser's constraint validation still rejects (account number, "I agree", a select
 * left on its placeholder) a plausible value, so the submit event that skimmers wait for fires.
 * The canary's own fields are never touched. Returns the selectors it filled.
 */
export const FILL_REQUIRED = `(() => {
  const card = (window.__sspFields || []).find((f) => f.__sspRole === 'card-number');
  const scope = (card && card.form) || document;
  const setter = (el) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set;
  const fire = (el) => { el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); };
  const out = [];
  for (const el of [...scope.querySelectorAll('input, select, textarea')].slice(0, 300)) {
    if (el.__sspRole || el.disabled || el.type === 'hidden' || typeof el.checkValidity !== 'function' || el.checkValidity()) continue;
    const t = (el.type || '').toLowerCase();
    if (t === 'checkbox') { el.checked = true; fire(el); }
    else if (t === 'radio') { const first = scope.querySelector('input[type=radio][name="' + CSS.escape(el.name) + '"]') || el; first.checked = true; fire(first); }
    else if (el.tagName === 'SELECT') { const o = [...el.options].find((o) => o.value && !o.disabled); if (o) { el.value = o.value; fire(el); } }
    else {
      const min = Number(el.min);
      const tries = t === 'number' || t === 'range' ? [String(Number.isFinite(min) && el.min !== '' ? Math.max(min, 1) : 1)]
        : t === 'date' ? ['2030-01-15'] : t === 'month' ? ['2030-01'] : t === 'email' ? ['probe@canary-mail.example'] : t === 'url' ? ['https://canary.example/']
        : ['12345678', '1234', '123456789012', 'A1234567', 'test', '1'];
      for (const v of tries) { setter(el).call(el, v); if (el.checkValidity()) break; }
      fire(el);
    }
    out.push(el.id ? '#' + el.id : el.name ? el.tagName.toLowerCase() + '[name="' + el.name + '"]' : el.tagName.toLowerCase());
  }
  return out;
})()`;
