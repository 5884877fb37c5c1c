// Recognisers for payment form fields: ids, names, autocomplete tokens, labels and CSS selectors as
// checkout forms name them (Magento `payment[cc_number]`, WooCommerce `billing_address_1`,
// ASP.NET `ctl00$Main$txtCardNumber`, Click2Gov-style `cardNumber`, HTML autocomplete `cc-csc`).

export type FieldRole = 'card-number' | 'cvv' | 'expiry' | 'holder' | 'billing';

/** Roles that are card data proper; holder and billing are personal data. */
export const CARD_ROLES: ReadonlySet<FieldRole> = new Set(['card-number', 'cvv', 'expiry']);

const PATTERNS: Array<[FieldRole, RegExp]> = [
  ['cvv', /cvv|cvc|cvn|ccv|cccid|cardcid|ccsc$|^csc$|securitycode|cardcode|cardverif|cardsecurity|verificationcode|cvd$/],
  ['expiry', /expir(?:y|ation)|ccexp|cardexp|expdate|expmonth|expyear|expmm|expyy|^exp(?:m|y|mo|yr|mon)$|validthru|validuntil/],
  ['card-number', /(?:credit|debit)?card(?:num|no$|nbr|nr$|number)|ccnum|ccno$|ccnbr|^ccn$|^pan$|creditcard(?!type|brand|icon|logo|img|image|s$)|kartennummer|numerocarte|numtarjeta/],
  ['holder', /cardholder|holdername|nameoncard|ccname|cardname|ccowner|cardowner/],
  ['billing', /^billing(?:address|street|city|zip|post|state|country|first|last|name|phone|email|line)|billingaddress|^billing$/],
];

// the field's decoration, not the field: `card-number-icon`, `cvv-help`, `cc-exp-error`, `cvv-label-descriptor`
// hosted fields' mounts: `card-number-slot`, `cvv-mount`, `card-number-iframe`, `card-element` (the processor's frame goes in there)
const UI_PART = /icon|label|logo|tooltip|descriptor|placeholder|wrapper|container|message|slot|mount|iframe|(?:img|image|svg|error|errors|hint|help|msg|title|group|section|row|frame|element|wrap|div)$/;

const cache = new Map<string, FieldRole | null>();

// ASP.NET names a control after its naming containers: `ctl00$ContentPlaceHolder1$txtCardNumber`
// (UniqueID), `ctl00_ContentPlaceHolder1_txtCardNumber` (ClientID). The control's own name is the last
// part; the containers' words (`PlaceHolder`) say nothing about the field.
const ASPNET_CONTAINERS = /^(?:(?:ctl\d+|ContentPlaceHolder\d*|MainContent|cph[A-Za-z0-9]*|PlaceHolder\d*|Content\d*)_)+/i;

function ownName(name: string): string {
  const i = Math.max(name.lastIndexOf('$'), name.lastIndexOf(':'));
  const last = i >= 0 && i < name.length - 1 ? name.slice(i + 1) : name;
  return last.replace(ASPNET_CONTAINERS, '');
}

/** Role of a single field name, id or autocomplete token; null when it is not a payment field. */
export function fieldRole(name: string): FieldRole | null {
  if (name.length < 3 || name.length > 120) return null; // minified property names: no lookup
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let role: FieldRole | null = null;
  if (name.length >= 3 && name.length <= 120) {
    const norm = ownName(name).toLowerCase().replace(/[^a-z0-9]/g, '');
    if (!UI_PART.test(norm)) {
      for (const [r, re] of PATTERNS) {
        if (re.test(norm)) {
          role = r;
          break;
        }
      }
    }
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(name, role);
  return role;
}

/** Role of a field named inside a CSS selector (`#cc-number`, `input[name="payment[cc_cid]"]`). */
/**
 * Attribute selectors that pick card fields by a fragment: `[autocomplete^="cc-"]` (the HTML tokens
 * cc-number, cc-csc, cc-exp...), `[name*="card"]`, `[id^="cc_"]`.
 */
const CARD_FRAGMENT_SELECTOR = /\[\s*autocomplete\s*[\^*|]?=\s*["']?cc-|\[\s*(?:name|id)\s*[\^*]=\s*["']?(?:card|cc[-_]|cc["'\]])/i;

export function selectorRole(selector: string): FieldRole | null {
  if (selector.length > 2000) return null;
  const role = tokenRole(selector);
  return role ?? (CARD_FRAGMENT_SELECTOR.test(selector) ? 'card-number' : selector.includes('[data-') ? dataAttributeRole(selector) : null);
}

// Card forms built for a processor's client-side library name their fields in a data attribute, not
// in the field's id or name (which such forms leave out, so the card never reaches the merchant's
// server): Stripe.js v1 `data-stripe="number"`, Braintree v1 `data-braintree-name="cvv"`, Adyen CSE
// `data-encrypted-name="expiryMonth"`, themes' own `data-card-field`. Under such an attribute the
// short field names (`number`, `cvc`, `exp-month`, `name`) are card fields.
const DATA_ATTRIBUTE = /\[\s*data-([a-z0-9_-]+)\s*(?:[~|^$*]?=\s*["']?([^"'\]]*))?/gi;
const PAYMENT_NAMESPACE = /stripe|braintree|encrypted|cse|adyen|recurly|spreedly|chargify|card|payment|(?:^|[-_])cc(?:[-_]|$)/;
// the attribute alone names card fields: `[data-card-field]`, `[data-cc-input]`, `[data-payment-field]`
// (not a bare `[data-card]`: card components of UI kits)
const CARD_FIELD_ATTRIBUTE = /^(?:credit-?|debit-?)?(?:card|cc|payment)[-_]?(?:fields?|inputs?)$/;
const SHORT_FIELD_NAMES: Record<string, FieldRole> = {
  number: 'card-number', num: 'card-number', pan: 'card-number', cardnumber: 'card-number', encryptedcardnumber: 'card-number',
  cvc: 'cvv', cvv: 'cvv', cvv2: 'cvv', cvn: 'cvv', csc: 'cvv', cid: 'cvv', securitycode: 'cvv', encryptedsecuritycode: 'cvv',
  exp: 'expiry', expiry: 'expiry', expiration: 'expiry', month: 'expiry', year: 'expiry', expmonth: 'expiry', expyear: 'expiry',
  expirymonth: 'expiry', expiryyear: 'expiry', expirationmonth: 'expiry', expirationyear: 'expiry', expirationdate: 'expiry',
  expirydate: 'expiry', encryptedexpirymonth: 'expiry', encryptedexpiryyear: 'expiry',
  name: 'holder', holdername: 'holder', holder: 'holder', cardholdername: 'holder',
};

function dataAttributeRole(selector: string): FieldRole | null {
  let best: FieldRole | null = null;
  for (const m of selector.matchAll(DATA_ATTRIBUTE)) {
    const attr = m[1]!.toLowerCase();
    if (UI_PART.test(attr.replace(/[^a-z0-9]/g, ''))) continue;
    let r: FieldRole | null;
    if (m[2] === undefined) r = CARD_FIELD_ATTRIBUTE.test(attr) ? 'card-number' : fieldRole(attr);
    else r = PAYMENT_NAMESPACE.test(attr) ? SHORT_FIELD_NAMES[m[2].toLowerCase().replace(/[^a-z0-9]/g, '')] ?? fieldRole(m[2]) : null;
    if (r && (!best || rank(r) < rank(best))) best = r;
  }
  return best;
}

function tokenRole(selector: string): FieldRole | null {
  // values after # . = and inside quotes, plus jQuery-free tokens
  const tokens = selector.split(/[\s,>+~]+/);
  let best: FieldRole | null = null;
  for (const t of tokens) {
    const parts = t.split(/[#.[\]=*^$|~"':()]+/).filter(Boolean);
    // `input[name="payment[cc_number]"]` splits the bracketed name: rejoin neighbours too
    const joined = t.replace(/^[a-z]*/i, '').replace(/["'\]\[=*^$|~#.()]+/g, '_');
    for (const p of [...parts, joined]) {
      if (/^(input|select|textarea|form|name|id|autocomplete|type|value|data-[a-z-]+|class)$/i.test(p)) continue;
      const r = fieldRole(p);
      if (r && (!best || rank(r) < rank(best))) best = r;
    }
  }
  return best;
}

function rank(r: FieldRole): number {
  return r === 'card-number' ? 0 : r === 'cvv' ? 1 : r === 'expiry' ? 2 : r === 'holder' ? 3 : 4;
}

/** A selector that collects every form control: `input`, `input, select, textarea`, `:input`, `form *`. */
export function isSweepSelector(selector: string): boolean {
  if (selector.length > 500) return false;
  const s = selector.toLowerCase();
  // focusable elements (focus traps in modals and menus), not form data
  if (/(^|[\s,])a?\[href|\[tabindex|\[contenteditable/.test(s)) return false;
  // a list sweeps when one of its selectors does: `input[type="submit"], button:submit` picks buttons
  return s.split(',').some(isSweepPart);
}

function isSweepPart(s: string): boolean {
  if (/\[type=["']?(checkbox|radio|submit|button|hidden|file|range|color|image|reset)["']?\]/.test(s)) return false;
  return /(^|[\s>+~(])(input|select|textarea)(?![\w-])/.test(s) || /(^|\s)(:input|form\s+\*|form\b\s*(input|select|textarea))/.test(s);
}

// words that contain "form" but name no form: e.transform.elements (Firestore), platform, performance, format
const NOT_FORM_WORD = /^(?:trans|plat|per|in|uni|con|re|de|wave|multi|cross|pre)form|^form(?:at|ula|al|er|ation|ed|ing)/;

// a word that ends in "form(s)" (`paymentform`) or is a form word with a suffix (`formel`), not a name
// that merely starts with it (`Formio`, the form builder)
const FORM_WORD = /forms?$|^forms?(?:el|elem|element|data|id|name|node|ref|obj)$/;

/** Whether one name (a dotted-path segment) names a form: `form`, `checkoutForm`, `payment_form`, `frm`, not `transform`. */
export function isFormSegment(segment: string): boolean {
  for (const w of segment.split(/[_$\-\s]+|(?<=[a-z0-9])(?=[A-Z])/)) {
    const word = w.toLowerCase();
    if (word === 'frm' || (FORM_WORD.test(word) && !NOT_FORM_WORD.test(word))) return true;
  }
  return false;
}

/** Whether any segment of a dotted name (`this.checkoutForm.el`) names a form. */
export function hasFormSegment(dotted: string): boolean {
  return dotted.split(/[.[\]]+/).some(isFormSegment);
}

/** Tag names whose elements hold user input. */
export function isInputTag(tag: string): boolean {
  return /^(input|select|textarea|form)$/i.test(tag);
}

/** Payment-related words in a page URL test: the checkout-URL trigger. */
export const CHECKOUT_WORDS = /checkout|onepage|onestep|payment|billing|cart|order|pay\b|paiement|kasse|pago|donat/i;
