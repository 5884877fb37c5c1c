// Sources of payment data: reads of recognised payment fields, whole-form sweeps and keyloggers.
import { fieldRole, isSweepSelector, selectorRole, type FieldRole, CARD_ROLES } from './payment-fields.js';

/** card: a card field (number, CVV, expiry); personal: holder or billing address; sweep: every input. */
/**
 * What a source reads: payment fields, every field of a form (a sweep), personal fields, or whatever
 * field an event came from in a handler delegated to the whole document (`delegated`: session replay and
 * form analytics read fields this way too, so it is evidence only together with a checkout check).
 */
export type SourceClass = 'card' | 'sweep' | 'personal' | 'delegated';

export interface SourceDesc {
  cls: SourceClass;
  role: FieldRole | null;
  /** What was read: `getElementById('cc_number')`, `querySelectorAll('input')`, `FormData`, ... */
  how: string;
  /** The field name only appeared after decoding (obfuscated code touching payment fields). */
  hidden?: boolean;
  /**
   * Read at a helper's call site (the value the caller passes names the field): the call's result is
   * the field, but what goes into the helper's parameters at that call is not.
   */
  atCaller?: boolean;
}

/** DOM lookups whose first argument names or selects the element. */
export const LOOKUP_BY_ID = new Set(['getElementById']);
// `form.elements.namedItem('cc_number')`: a form's controls by name
export const LOOKUP_BY_NAME = new Set(['getElementsByName', 'namedItem']);
export const LOOKUP_BY_SELECTOR = new Set(['querySelector', 'querySelectorAll', 'find', 'closest', 'children', 'has', 'filter', 'is']);
export const LOOKUP_BY_TAG = new Set(['getElementsByTagName']);
export const LOOKUP_BY_CLASS = new Set(['getElementsByClassName']);
/** `document.evaluate(xpath, …)`: an XPath lookup (the model checks the receiver is a document). */
export const LOOKUP_BY_XPATH = new Set(['evaluate']);
export const JQUERY_FUNCS = /^(\$|jQuery|jquery|\$j|jq|\$\$|Zepto|cash|u)$/;
/** The names JQUERY_FUNCS matches. */
export const JQUERY_NAMES: ReadonlySet<string> = new Set(['$', 'jQuery', 'jquery', '$j', 'jq', '$$', 'Zepto', 'cash', 'u']);
export const SERIALISERS = new Set(['serialize', 'serializeArray', 'serializeJSON', 'serializeObject', 'formSerialize', 'fieldSerialize']);
export const KEY_EVENTS = /^(key(?:down|up|press)|input|change|blur|focusout|paste)$/i;
export const LISTEN_METHODS = new Set(['addEventListener', 'on', 'bind', 'live', 'delegate', 'attachEvent']);
/** Event-handler properties of fields and forms that see what the shopper types (`field.onchange = fn`). */
export const HANDLER_PROPS: ReadonlySet<string> = new Set(['onchange', 'oninput', 'onblur', 'onfocusout', 'onkeyup', 'onkeydown', 'onkeypress', 'onpaste', 'onsubmit']);

export function classOfRole(role: FieldRole): SourceClass {
  return CARD_ROLES.has(role) ? 'card' : 'personal';
}

/** Classify a lookup call given its method name and resolved first argument. */
export function classifyLookup(method: string, arg: string): SourceDesc | null {
  if (LOOKUP_BY_ID.has(method) || LOOKUP_BY_NAME.has(method)) {
    const role = fieldRole(arg);
    return role ? { cls: classOfRole(role), role, how: `${method}('${arg}')` } : null;
  }
  if (LOOKUP_BY_CLASS.has(method)) {
    // class names of the field itself: `getElementsByClassName('cc-number-input')`
    let best: FieldRole | null = null;
    for (const c of arg.split(/\s+/)) {
      const r = c ? fieldRole(c) : null;
      if (r && (best === null || CARD_ROLES.has(r))) best = r;
    }
    return best ? { cls: classOfRole(best), role: best, how: `${method}('${arg.slice(0, 80)}')` } : null;
  }
  if (LOOKUP_BY_XPATH.has(method)) {
    // `//input[@name="payment[cc_number]"]` reads as the selector `input[name="payment[cc_number]"]`
    const css = arg.replace(/\/\/?/g, ' ').replace(/@/g, '');
    const role = selectorRole(css);
    if (role) return { cls: classOfRole(role), role, how: `${method}('${arg.slice(0, 80)}')` };
    return /\/(input|select|textarea)(?![\w-])(?!\[)/i.test(arg) ? { cls: 'sweep', role: null, how: `${method}('${arg.slice(0, 80)}')` } : null;
  }
  if (LOOKUP_BY_TAG.has(method)) {
    return /^(input|select|textarea)$/i.test(arg) ? { cls: 'sweep', role: null, how: `${method}('${arg}')` } : null;
  }
  if (LOOKUP_BY_SELECTOR.has(method) || JQUERY_FUNCS.test(method)) {
    const role = selectorRole(arg);
    const sweep = (method === 'querySelectorAll' || method === 'find' || JQUERY_FUNCS.test(method)) && isSweepSelector(arg);
    // card fields first; every input of a form outranks the holder or billing fields it names
    if (role && (classOfRole(role) === 'card' || !sweep)) return { cls: classOfRole(role), role, how: `${method}('${arg.slice(0, 80)}')` };
    if (sweep) return { cls: 'sweep', role: null, how: `${method}('${arg.slice(0, 80)}')` };
  }
  return null;
}
