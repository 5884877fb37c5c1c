// Page hooks of the canary probe, installed with Page.addScriptToEvaluateOnNewDocument in the main
// world of every page and iframe before any page script runs. They report through a CDP binding
// (deleted from the global object before the page can see it), and their own script is excluded
// from the scripts collector by its exact SHA-256 (PROBE_HOOK_HASHES).
import { createHash, randomBytes } from 'node:crypto';

/** Binding name, random per process. */
export const BINDING = `__${randomBytes(6).toString('hex')}`;

/** Timeouts and intervals between these delays (ms) are accelerated once the probe flushes. */
export const ACCEL_MIN_MS = 5000;
export const FLUSH_MAX_MS = 120_000;
/** Event the probe dispatches on each document (from its isolated world) to flush long timers. */
export const FLUSH_EVENT = `${BINDING}-flush`;

const HOOK_BODY = String.raw`(() => {
  const B = '__BINDING__';
  const send = globalThis[B];
  if (typeof send !== 'function') return;
  try { delete globalThis[B]; } catch (e) {}
  const W = window, D = document;
  const desc = Object.getOwnPropertyDescriptor, def = Object.defineProperty;
  const json = JSON.stringify, ErrorC = Error, captured = Error.captureStackTrace;
  const natives = new WeakMap();
  const fnToString = Function.prototype.toString;
  const toStr = function toString() { return natives.has(this) ? natives.get(this) : fnToString.call(this); };
  natives.set(toStr, fnToString.call(fnToString));
  def(Function.prototype, 'toString', { value: toStr, writable: true, configurable: true });
  const mask = (wrapper, original, name) => { natives.set(wrapper, 'function ' + (name || original.name || '') + '() { [native code] }'); return wrapper; };
  let budget = 400;
  const post = (kind, data, skip) => {
    if (budget-- <= 0) return;
    let stack = null;
    try {
      const o = {}; const lim = ErrorC.stackTraceLimit; ErrorC.stackTraceLimit = 12;
      captured(o, skip); stack = String(o.stack); ErrorC.stackTraceLimit = lim;
    } catch (e) {}
    try { send(json({ kind, frameUrl: location.href, time: Date.now(), stack, ...data })); } catch (e) {}
  };
  const cut = (s) => { s = String(s); return s.length > 4096 ? s.slice(0, 4096) : s; };
  const cardLike = (v) => {
    if (typeof v !== 'string') return false;
    const d = v.replace(/[\s-]/g, '');
    if (!/^\d{13,19}$/.test(d)) return false;
    let sum = 0;
    for (let k = 0; k < d.length; k++) { let x = d.charCodeAt(d.length - 1 - k) - 48; if (k % 2) { x *= 2; if (x > 9) x -= 9; } sum += x; }
    return sum % 10 === 0;
  };
  const selectorOf = (el) => el.id ? '#' + el.id : el.name ? el.tagName.toLowerCase() + '[name="' + el.name + '"]' : el.tagName.toLowerCase();

  // Stealth: what headless Chromium gives away.
  try { def(Navigator.prototype, 'webdriver', { get: mask(function () { return false; }, function webdriver() {}, 'get webdriver'), configurable: true, enumerable: true }); } catch (e) {}
  try {
    const iw = desc(W, 'innerWidth'), ih = desc(W, 'innerHeight');
    if (W.outerWidth === 0 || W.outerWidth === W.innerWidth) {
      def(W, 'outerWidth', { get: mask(function () { return iw.get.call(W) + 16; }, function outerWidth() {}, 'get outerWidth'), configurable: true });
      def(W, 'outerHeight', { get: mask(function () { return ih.get.call(W) + 88; }, function outerHeight() {}, 'get outerHeight'), configurable: true });
    }
  } catch (e) {}

  // Headless has an 800x600 screen behind a larger window: report a common desktop screen instead.
  try {
    const SP = Screen.prototype, real = (k) => desc(SP, k).get;
    const sw = real('width'), sh = real('height');
    if (sw.call(W.screen) < W.outerWidth || sh.call(W.screen) < W.outerHeight) {
      const size = { width: 1920, height: 1080, availWidth: 1920, availHeight: 1040 };
      for (const k in size) def(SP, k, { get: mask(function () { return size[k]; }, real(k), 'get ' + k), configurable: true, enumerable: true });
    }
  } catch (e) {}
  // Headless renders WebGL with SwiftShader, and says so: name a common integrated GPU.
  try {
    for (const C of [W.WebGLRenderingContext, W.WebGL2RenderingContext]) {
      if (!C) continue;
      const gp = C.prototype.getParameter;
      C.prototype.getParameter = mask(function getParameter(p) {
        const v = gp.call(this, p);
        if ((p === 37445 || p === 37446) && /SwiftShader|llvmpipe/i.test(String(gp.call(this, 37446)))) return p === 37445 ? 'Google Inc. (Intel)' : 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)';
        return v;
      }, gp, 'getParameter');
    }
  } catch (e) {}

  // Accelerated timers. Skimmers wait 10-60 s so that a customer has typed by then. Nothing changes
  // while the probe types; once the form is full the probe "flushes": pending long timeouts fire
  // within about a second, in their original order, long intervals tick a few times quickly, and
  // long timeouts set later run at a hundredth of their delay. Short timers are never touched, and
  // waits beyond FLUSH_MAX (session timeouts, keep-alives) keep their real time.
  let flushed = __FLUSHED__;
  const sT = W.setTimeout, cT = W.clearTimeout, sI = W.setInterval, cI = W.clearInterval;
  const longT = new Map(), longI = new Map();
  const isLong = (d) => d >= __ACCEL_MIN__ && d <= __FLUSH_MAX__;
  const fast = (d) => 100 + Math.min(Math.round(Math.max(0, d) / 100), 1000);
  // SDK batch loops re-arm long timeouts for ever (often a new bound function each time, from an
  // async callback): a document gets at most 30 accelerated timeouts.
  let sped = 0;
  const speedUp = () => sped++ < 30;
  const setT = mask(function setTimeout(fn, delay, ...rest) {
    const d = Number(delay) || 0;
    if (!isLong(d)) return sT.call(W, fn, delay, ...rest);
    if (typeof fn !== 'function') return sT.call(W, fn, flushed ? fast(d) : d, ...rest);
    const st = { fn, rest, due: Date.now() + d, inner: 0, sped: false };
    st.sped = flushed && speedUp();
    const fire = () => { longT.delete(id); st.fn.apply(W, st.rest); };
    st.fire = fire;
    const id = sT.call(W, fire, st.sped ? fast(d) : d);
    st.inner = id;
    longT.set(id, st);
    return id;
  }, sT, 'setTimeout');
  const clearT = mask(function clearTimeout(id) { const st = longT.get(id); if (st) { longT.delete(id); cT.call(W, st.inner); } return cT.call(W, id); }, cT, 'clearTimeout');
  const setI = mask(function setInterval(fn, delay, ...rest) {
    const d = Number(delay) || 0;
    if (!isLong(d) || typeof fn !== 'function') return sI.call(W, fn, delay, ...rest);
    const it = { fn, rest, d, inner: 0, t: 0, cleared: false };
    const id = sI.call(W, () => it.fn.apply(W, it.rest), d);
    it.inner = id;
    longI.set(id, it);
    if (flushed) quick(it);
    return id;
  }, sI, 'setInterval');
  const clearI = mask(function clearInterval(id) { const it = longI.get(id); if (it) { it.cleared = true; longI.delete(id); cI.call(W, it.inner); cT.call(W, it.t); } return cI.call(W, id); }, cI, 'clearInterval');
  // Three quick ticks, then the interval's own period again.
  const quick = (it) => {
    cI.call(W, it.inner);
    let n = 0;
    const step = () => {
      if (it.cleared) return;
      n++; it.fn.apply(W, it.rest);
      if (n < 3) it.t = sT.call(W, step, 300); else it.inner = sI.call(W, () => it.fn.apply(W, it.rest), it.d);
    };
    it.t = sT.call(W, step, 200);
  };
  W.setTimeout = setT; W.clearTimeout = clearT; W.setInterval = setI; W.clearInterval = clearI;
  const flush = () => {
    if (flushed) return;
    flushed = true;
    const now = Date.now();
    let last = 0;
    for (const st of [...longT.values()].sort((a, b) => a.due - b.due)) {
      if (!speedUp()) continue;
      st.sped = true;
      cT.call(W, st.inner);
      const ms = fast(st.due - now);
      last = Math.max(last, ms);
      st.inner = sT.call(W, st.fire, ms);
    }
    for (const it of longI.values()) { quick(it); last = Math.max(last, 800); }
    try { send(json({ kind: 'flush', frameUrl: location.href, time: now, stack: null, pending: longT.size + longI.size, lastIn: last })); } catch (e) {}
  };
  // The probe dispatches this event (its name is random per run) from its isolated world.
  EventTarget.prototype.addEventListener.call(D, '__FLUSH_EVENT__', flush, true);

  // Who reads the card: the value getter of inputs, and FormData over a form holding a card.
  const vd = desc(HTMLInputElement.prototype, 'value');
  const reported = new Set();
  const getter = mask(function () {
    const v = vd.get.call(this);
    if (cardLike(v)) {
      const key = selectorOf(this);
      // one report per field and call path (the top frame alone would be jQuery's val() for every caller)
      const o = {}; captured(o, getter); const top = String(o.stack).split('\n').slice(1, 7).join('|');
      if (!reported.has(key + top)) { reported.add(key + top); post('read', { how: 'value', selector: key }, getter); }
    }
    return v;
  }, vd.get, 'get value');
  def(HTMLInputElement.prototype, 'value', { get: getter, set: vd.set, configurable: true, enumerable: true });
  const FD = W.FormData;
  const FDw = mask(function FormData(form, submitter) {
    const fd = submitter === undefined ? (form === undefined ? new FD() : new FD(form)) : new FD(form, submitter);
    try { for (const [, v] of fd) if (cardLike(v)) { post('read', { how: 'formdata', selector: form && form.id ? '#' + form.id : 'form' }, FDw); break; } } catch (e) {}
    return fd;
  }, FD, 'FormData');
  FDw.prototype = FD.prototype;
  try { def(FD.prototype, 'constructor', { value: FDw, writable: true, configurable: true }); } catch (e) {}
  W.FormData = FDw;

  // Keyloggers that never read .value collect e.key / e.data from key and input listeners. Such a
  // listener is a reader once a trusted event reaches it from a field that holds a card number; it is
  // named by where it was registered. Listener objects and inline on* handlers are left alone.
  const KEY_TYPES = new Set(['keydown', 'keyup', 'keypress', 'input', 'beforeinput', 'textInput']);
  const ETP = EventTarget.prototype, addL = ETP.addEventListener, removeL = ETP.removeEventListener;
  const wrapped = new WeakMap();
  const listenerRead = (ev, registered) => {
    try {
      const t = ev.target;
      if (!ev.isTrusted || !(t instanceof HTMLInputElement)) return;
      const check = () => {
        const key = selectorOf(t) + '|' + registered.top;
        if (reported.has(key) || !cardLike(vd.get.call(t))) return;
        reported.add(key);
        if (budget-- > 0) send(json({ kind: 'read', how: 'listener', selector: selectorOf(t), event: ev.type, frameUrl: location.href, time: Date.now(), stack: registered.stack }));
      };
      // keydown/keypress/beforeinput run before the key lands in the field
      if (ev.type === 'keyup' || ev.type === 'input') check(); else sT.call(W, check, 0);
    } catch (e) {}
  };
  const addW = mask(function addEventListener(type, listener, options) {
    if (typeof listener === 'function' && KEY_TYPES.has(type)) {
      let w = wrapped.get(listener);
      if (!w) {
        const o = {}; const lim = ErrorC.stackTraceLimit; ErrorC.stackTraceLimit = 12;
        captured(o, addW); const stack = String(o.stack); ErrorC.stackTraceLimit = lim;
        const registered = { stack, top: stack.split('\n')[1] || '' };
        const fn = listener;
        w = function (ev) { listenerRead(ev, registered); return fn.apply(this, arguments); };
        wrapped.set(listener, w);
      }
      return addL.call(this, type, w, options);
    }
    return addL.call(this, type, listener, options);
  }, addL, 'addEventListener');
  const removeW = mask(function removeEventListener(type, listener, options) {
    return removeL.call(this, type, (typeof listener === 'function' && wrapped.get(listener)) || listener, options);
  }, removeL, 'removeEventListener');
  ETP.addEventListener = addW;
  ETP.removeEventListener = removeW;

  // Storage and cookies.
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = mask(function setItem_(k, v) {
    try { post('storage', { storage: this === W.localStorage ? 'localStorage' : 'sessionStorage', key: cut(k), value: cut(v) }, Storage.prototype.setItem); } catch (e) {}
    return setItem.call(this, k, v);
  }, setItem, 'setItem');
  const cd = desc(Document.prototype, 'cookie');
  if (cd && cd.set) {
    const cset = mask(function (v) { try { post('storage', { storage: 'cookie', key: cut(String(v).split('=')[0]), value: cut(v) }, cset); } catch (e) {} return cd.set.call(this, v); }, cd.set, 'set cookie');
    def(Document.prototype, 'cookie', { get: cd.get, set: cset, configurable: true, enumerable: true });
  }

  // Encoders and encryption: record input and output when the input is long enough to hold a card.
  const latin1 = (buf) => { try { const u = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength); let s = ''; for (let i = 0; i < u.length && i < 4096; i++) s += String.fromCharCode(u[i]); return s; } catch (e) { return ''; } };
  const transform = (fn, input, output, skip) => { if (String(input).length >= 12) post('transform', { fn, input: cut(input), output: cut(output) }, skip); };
  const btoa0 = W.btoa;
  const btoaW = mask(function btoa(s) { const out = btoa0.call(W, s); transform('btoa', s, out, btoaW); return out; }, btoa0, 'btoa');
  W.btoa = btoaW;
  try {
    const subtle = W.crypto && W.crypto.subtle;
    if (subtle) {
      const SP = Object.getPrototypeOf(subtle);
      const enc = SP.encrypt;
      const encW = mask(function encrypt(alg, key, data) {
        const input = latin1(data);
        const p = enc.call(this, alg, key, data);
        const o = {}; captured(o, encW); const stack = String(o.stack);
        p.then((out) => { try { if (input.length >= 12 && budget-- > 0) send(json({ kind: 'transform', fn: 'crypto.subtle.encrypt', input: cut(input), output: latin1(out), frameUrl: location.href, time: Date.now(), stack })); } catch (e) {} }, () => {});
        return p;
      }, enc, 'encrypt');
      SP.encrypt = encW;
    }
  } catch (e) {}
  const wrapLib = (name, wrap) => {
    let store;
    try {
      def(W, name, { configurable: true, enumerable: false, get() { return store; }, set(v) { store = v; try { wrap(v); } catch (e) {} } });
    } catch (e) {}
  };
  wrapLib('CryptoJS', (C) => {
    for (const algo of ['AES', 'DES', 'TripleDES', 'Rabbit', 'RC4']) {
      const a = C && C[algo];
      if (!a || typeof a.encrypt !== 'function' || a.encrypt.__ssp) continue;
      const e0 = a.encrypt;
      const ew = function (msg, key, cfg) { const r = e0.apply(this, arguments); try { transform('CryptoJS.' + algo + '.encrypt', String(msg), String(r), ew); } catch (e) {} return r; };
      ew.__ssp = 1; a.encrypt = mask(ew, e0, 'encrypt');
    }
  });
  wrapLib('JSEncrypt', (J) => {
    const P = J && J.prototype;
    if (!P || typeof P.encrypt !== 'function') return;
    const e0 = P.encrypt;
    const ew = function (msg) { const r = e0.apply(this, arguments); try { transform('JSEncrypt.encrypt', String(msg), String(r), ew); } catch (e) {} return r; };
    P.encrypt = mask(ew, e0, 'encrypt');
  });
})();`;

const hookSource = (flushed: boolean) => HOOK_BODY
  .replaceAll('__BINDING__', BINDING)
  .replaceAll('__FLUSH_EVENT__', FLUSH_EVENT)
  .replaceAll('__FLUSHED__', String(flushed))
  .replaceAll('__ACCEL_MIN__', String(ACCEL_MIN_MS))
  .replaceAll('__FLUSH_MAX__', String(FLUSH_MAX_MS));

/** The hooks for documents loaded before the probe flushed timers, and for those loaded after. */
export const HOOK_SOURCE = hookSource(false);
export const HOOK_SOURCE_FLUSHED = hookSource(true);

/** SHA-256 of the hook scripts, so the scripts collector can leave them out. */
export const PROBE_HOOK_HASHES: ReadonlySet<string> = new Set([HOOK_SOURCE, HOOK_SOURCE_FLUSHED].map((s) => createHash('sha256').update(s).digest('hex')));

/** One message from the page hooks. */
export interface HookMessage {
  kind: 'read' | 'storage' | 'transform' | 'flush';
  frameUrl: string;
  time: number;
  stack: string | null;
  how?: 'value' | 'formdata' | 'listener';
  selector?: string;
  storage?: 'localStorage' | 'sessionStorage' | 'cookie';
  key?: string;
  value?: string;
  fn?: string;
  input?: string;
  output?: string;
  /** flush: long timers pending in the document, and when the last of them will fire (ms). */
  pending?: number;
  lastIn?: number;
}

export interface StackLocation { url: string; line: number; column: number; functionName: string }

/** V8 stack text -> locations (the innermost first); frames without a URL (our hooks) are left out. */
export function parseStack(stack: string | null): StackLocation[] {
  if (!stack) return [];
  const out: StackLocation[] = [];
  for (const raw of stack.split('\n').slice(1)) {
    const line = raw.trim().replace(/^at\s+/, '');
    // "fn (url:1:2)", "url:1:2", "fn (eval at g (url:1:2), <anonymous>:3:4)"
    const evalAt = /\(eval at .*?\((\S+?):(\d+):(\d+)\)/.exec(line);
    const m = evalAt ?? /\(?((?:https?|file|blob:https?):\/\/?\S+?):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const fn = /^(.*?)\s+\(/.exec(line)?.[1] ?? '';
    out.push({ url: m[1]!, line: Number(m[2]), column: Number(m[3]), functionName: fn });
  }
  return out;
}
