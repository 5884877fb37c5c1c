// Code that markup runs: `<script>` bodies, inline event handlers (`<svg onload="…">`, the attribute
// Sansec's SVG skimmer hid its loader in) and `javascript:` URLs. Used for HTML documents given to
// `skimscan analyze` and for markup strings a script writes into the page (innerHTML, document.write);
// and the payment fields such markup declares (a fake card form).

import { fieldRole, type FieldRole } from './payment-fields.js';

export type MarkupCodeKind = 'inline' | 'module' | 'event-handler' | 'javascript-url';

export interface MarkupCode {
  code: string;
  kind: MarkupCodeKind;
  /** Offset in the markup where the code starts (for an attribute: its raw value). */
  index: number;
}

const SCRIPT_BLOCK = /<script\b([^>]*)>([\s\S]*?)(?:<\/script\s*>|$)/gi;
// text/gtmscript: Google Tag Manager's custom HTML tags, which its runtime runs
const JS_TYPES = /^(module|text\/javascript|application\/javascript|text\/ecmascript|application\/ecmascript|javascript|text\/gtmscript)$/;
// an attribute inside a start tag: name, then a quoted or bare value
// (bounded, so that an unclosed quote in a large document cannot make the search quadratic)
const TAG = /<[a-zA-Z][^\s/>]{0,64}((?:\s+[^\s"'>/=]{1,256}(?:\s*=\s*(?:"[^"]{0,65536}"|'[^']{0,65536}'|[^\s"'>]{1,65536}))?){0,256})\s*\/?>/g;
const ATTR = /\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href']);

const NAMED: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', tab: '\t', newline: '\n', lpar: '(', rpar: ')', sol: '/', colon: ':', semi: ';', comma: ',', period: '.', equals: '=' };

/** Character references in an attribute value (`&quot;`, `&#39;`, `&#x61;`). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}

/** Blank out `<script>` bodies and comments (same length, so offsets stay) before looking at tags. */
function withoutScriptsAndComments(html: string): string {
  return html.replace(/<!--[\s\S]*?(?:-->|$)|<script\b[^>]*>[\s\S]*?(?:<\/script\s*>|$)/gi, (m) => m.replace(/[^\n]/g, ' '));
}

/** Every piece of code the markup would run, in document order. */
export function markupCode(html: string): MarkupCode[] {
  const out: MarkupCode[] = [];
  SCRIPT_BLOCK.lastIndex = 0;
  for (let m = SCRIPT_BLOCK.exec(html); m; m = SCRIPT_BLOCK.exec(html)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    if (/\bsrc\s*=/i.test(attrs) && !body.trim()) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase() ?? '';
    if (type && !JS_TYPES.test(type)) continue;
    out.push({ code: body, kind: type === 'module' ? 'module' : 'inline', index: m.index + m[0].indexOf('>') + 1 });
  }
  if (!/\son[a-z]+\s*=|javascript:/i.test(html)) return sortByIndex(out);
  const text = withoutScriptsAndComments(html);
  TAG.lastIndex = 0;
  for (let t = TAG.exec(text); t; t = TAG.exec(text)) {
    const attrs = t[1] ?? '';
    const attrsAt = t.index + t[0].indexOf(attrs);
    const values = new Map<string, string>();
    const handlers: MarkupCode[] = [];
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(attrs); a; a = ATTR.exec(attrs)) {
      const raw = a[2] ?? a[3] ?? a[4];
      if (raw === undefined) continue;
      const name = a[1]!.toLowerCase();
      const at = attrsAt + a.index + a[0].length - raw.length - (a[4] === undefined ? 1 : 0);
      const value = decodeEntities(raw);
      values.set(name, value);
      if (/^on[a-z]+$/.test(name) && value.trim()) handlers.push({ code: value, kind: 'event-handler', index: at });
      else if (URL_ATTRS.has(name)) {
        const js = /^\s*javascript:([\s\S]*)$/i.exec(value);
        if (js && js[1]!.trim()) out.push({ code: safeDecodeURI(js[1]!), kind: 'javascript-url', index: at });
      }
    }
    for (const h of handlers) out.push({ ...h, code: withOwnAttributes(h.code, values) });
  }
  return sortByIndex(out);
}

/**
 * A handler's `this` is its element: `this.getAttribute('data-i')` and `this.dataset.i` read the tag's
 * own attributes (the SVG skimmer keeps its payload in one). They become the attribute's text.
 */
function withOwnAttributes(code: string, values: Map<string, string>): string {
  return withOwnValues(code, values, new Map());
}

/**
 * An inline handler's `this` is its element: its reads of the element's own attributes
 * (`this.getAttribute('d')`, `this.dataset.k`) and properties (`this.alt`, from `properties`, as a
 * script set them) are replaced by the values, so that what the handler decodes from them resolves.
 */
export function withOwnValues(code: string, attributes: ReadonlyMap<string, string>, properties: ReadonlyMap<string, string>): string {
  if (!code.includes('this')) return code;
  const lit = (name: string, m: string) => {
    const v = attributes.get(name.toLowerCase());
    return v === undefined ? m : JSON.stringify(v);
  };
  let out = code
    .replace(/\bthis\s*\.\s*getAttribute\s*\(\s*(["'])([^"']{1,128})\1\s*\)/g, (m, _q: string, name: string) => lit(name, m))
    .replace(/\bthis\s*\.\s*dataset\s*\.\s*([A-Za-z_$][\w$]{0,127})/g, (m, key: string) => lit('data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), m));
  if (properties.size > 0) {
    out = out.replace(/\bthis\s*\.\s*([A-Za-z_$][\w$]{0,127})\b(?!\s*(?:\(|=[^=]))/g, (m, name: string) => {
      const v = properties.get(name);
      return v === undefined ? m : JSON.stringify(v);
    });
  }
  return out;
}

function safeDecodeURI(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sortByIndex(list: MarkupCode[]): MarkupCode[] {
  return list.sort((a, b) => a.index - b.index);
}

/**
 * The payment fields of a piece of markup, by id and by name: the role their autocomplete token, name,
 * id, placeholder or aria-label gives, else what the `<label>` just before them says.
 */
export function markupPaymentFields(html: string): Array<[string, FieldRole]> {
  const out: Array<[string, FieldRole]> = [];
  const tags = /<label\b[^>]*>([^<]{1,80})<\/label\s*>|<input\b([^>]{0,2000})>/gi;
  let label: string | null = null;
  for (let m = tags.exec(html); m && out.length < 32; m = tags.exec(html)) {
    if (m[1] !== undefined) {
      label = m[1].trim();
      continue;
    }
    const attrs = new Map<string, string>();
    for (const a of m[2]!.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) attrs.set(a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    const type = (attrs.get('type') ?? 'text').toLowerCase();
    if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'checkbox' || type === 'radio') continue;
    let role: FieldRole | null = null;
    for (const k of ['autocomplete', 'name', 'id', 'placeholder', 'aria-label']) {
      const v = attrs.get(k);
      if (v && (role = fieldRole(v)) !== null) break;
    }
    role ??= label !== null ? fieldRole(label) : null;
    label = null;
    if (role === null) continue;
    for (const k of ['id', 'name']) {
      const v = attrs.get(k);
      if (v) out.push([v, role]);
    }
  }
  return out;
}
