// The canary probe: hooks every page/iframe before its code runs, then after the quiet window finds
// the payment form in every frame, types canary values with real key events, blurs, clicks the
// submit button, answers the page's own submission locally, and waits for skimmers to send.
import type { CDPSession } from 'puppeteer-core';
import type { FieldRead, Initiator, ProbeResult, ScriptRecord, StackFrame } from '../../artifacts/types.js';
import type { AttachedTarget, Collector, CollectorContext } from '../collectors/collector.js';
import type { NetworkCollector } from '../collectors/network.js';
import { siteOf } from '../../hosts.js';
import { errorMessage } from '../../errors.js';
import { generateCanary, type CanaryValues } from '../../verdict/canary/values.js';
import { CanaryMatcher } from '../../verdict/canary/search.js';
import { BINDING, FLUSH_EVENT, HOOK_SOURCE, HOOK_SOURCE_FLUSHED, parseStack, type HookMessage } from './hooks.js';
import { FILL_REQUIRED, FIND_FIELDS, type FoundField, valueFor } from './fields.js';
import { stealthUserAgent } from './stealth.js';

export interface ProbeOptions {
  clicks?: string[];
  allowSubmit?: boolean;
  /** The browser's user agent, made to look like a headful Chrome. */
  userAgent?: string;
  canary?: CanaryValues;
}

interface FrameRef { session: CDPSession; frameId: string; contextId: number; url: string }

interface FrameTreeNode { frame: { id: string }; childFrames?: FrameTreeNode[] }

function parentOf(node: FrameTreeNode, frameId: string, parent: string | null = null): string | null {
  if (node.frame.id === frameId) return parent;
  for (const child of node.childFrames ?? []) {
    const found = parentOf(child, frameId, node.frame.id);
    if (found !== null) return found;
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Card data is typed key by key (keyloggers); the rest of the form is entered as one insertion. */
const KEYED_ROLES: ReadonlySet<string> = new Set(['card-number', 'cvv', 'expiry', 'exp-month', 'exp-year', 'holder']);

/** After the submit click: wait at least this long, and until nothing stirred for the quiet time. */
const POST_SUBMIT_MIN_MS = 1200;
const POST_SUBMIT_QUIET_MS = 800;

const AUTO_STEP = /^\s*(pay now|pay by card|pay with card|continue to payment|proceed to payment|continue|proceed to checkout|checkout|make a payment|pay online|credit card|card payment|next)\s*$/i;

export class Probe implements Collector<{ probe: ProbeResult | null; fields: FieldRead[] }> {
  readonly id = 'probe';
  #targets: AttachedTarget[] = [];
  #messages: HookMessage[] = [];
  #result: ProbeResult | null = null;
  readonly canary: CanaryValues;
  #matcher: CanaryMatcher;
  #clicked = false;
  #answered: ProbeResult['answered'] = [];
  #pageUrl: string;
  #worlds = new Map<string, FrameRef>();
  /** Long timers flushed (see hooks.ts): documents loaded from now on get the flushed hooks. */
  #flushed = false;
  #hookScripts = new Map<CDPSession, string>();
  /** When the last timer flushed in any document is due (ms since epoch). */
  #flushDueAt = 0;

  constructor(private ctx: CollectorContext, private network: NetworkCollector, private options: ProbeOptions = {}) {
    this.canary = options.canary ?? generateCanary();
    this.#matcher = new CanaryMatcher(this.canary, { maxDepth: 2, maxViews: 40 });
    this.#pageUrl = ctx.targetUrl;
    if (!options.allowSubmit) network.interceptor = (req) => this.#intercept(req);
  }

  async addTarget(target: AttachedTarget): Promise<void> {
    const { session } = target;
    const sends: Promise<unknown>[] = [];
    const ua = this.options.userAgent ? stealthUserAgent(this.options.userAgent) : null;
    if (ua) sends.push(session.send('Network.setUserAgentOverride', ua).catch(() => {}));
    if (target.contextType !== 'page' && target.contextType !== 'iframe') {
      await Promise.all(sends);
      return;
    }
    session.on('Runtime.bindingCalled', (e: { name: string; payload: string }) => {
      if (e.name !== BINDING) return;
      try {
        const m = JSON.parse(e.payload) as HookMessage;
        if (m.kind === 'flush') { this.#flushDueAt = Math.max(this.#flushDueAt, Date.now() + (m.lastIn ?? 0)); return; }
        m.time = m.time - this.ctx.startedAt;
        if (this.#messages.length < 2000) this.#messages.push(m);
      } catch { /* not ours */ }
    });
    // Bindings reach the page only with Runtime enabled (puppeteer's own session enables it anyway).
    sends.push(session.send('Runtime.enable'));
    sends.push(session.send('Runtime.addBinding', { name: BINDING }));
    sends.push(session.send('Page.addScriptToEvaluateOnNewDocument', { source: this.#flushed ? HOOK_SOURCE_FLUSHED : HOOK_SOURCE, runImmediately: true })
      .then((r) => { this.#hookScripts.set(session, (r as { identifier: string }).identifier); }));
    await Promise.all(sends);
  }

  /**
   * Lets long timers fire now that the form is full, as they would for a customer who types slowly;
   * documents loaded later (the page after the form post) start flushed. Returns when the last
   * flushed timer is due (ms since epoch).
   */
  async #flush(): Promise<number> {
    if (!this.#flushed) {
      this.#flushed = true;
      await Promise.all(this.#targets.filter((t) => !t.session.detached).map(async (t) => {
        const old = this.#hookScripts.get(t.session);
        const sends: Promise<unknown>[] = [t.session.send('Page.addScriptToEvaluateOnNewDocument', { source: HOOK_SOURCE_FLUSHED })
          .then((r) => { this.#hookScripts.set(t.session, (r as { identifier: string }).identifier); })];
        if (old) sends.push(t.session.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: old }));
        await Promise.all(sends).catch(() => {});
      }));
    }
    const before = this.#flushDueAt;
    const frames = await this.#frames();
    await Promise.all(frames.map((f) => this.#eval(f, `document.dispatchEvent(new Event(${JSON.stringify(FLUSH_EVENT)}))`)));
    // The hooks report how long their flushed timers need through the binding: give it a moment.
    await sleep(50);
    return Math.max(before, this.#flushDueAt, Date.now());
  }

  /**
   * Waits until `notBefore`, then until the network has been quiet for `quietMs`. (Accelerated
   * timers that fire do not count: an SDK loop would never let it end; what they send does.)
   */
  async #settle(lastActivity: () => number, notBefore: number, quietMs: number, until: number): Promise<void> {
    while (Date.now() < until && (Date.now() < notBefore || Date.now() - lastActivity() < quietMs)) await sleep(50);
  }

  #now(): number {
    return Date.now() - this.ctx.startedAt;
  }

  /** The page's own top-level form post -> 303 to a same-origin GET; first-party canary POSTs -> generic success. */
  #intercept(req: { url: string; method: string; postData: string | null; resourceType: string }): { status: number; headers: Record<string, string>; body: string } | null {
    if (!this.#clicked || req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return null;
    const pageSite = siteOf(this.#pageUrl);
    if (siteOf(req.url) !== pageSite) return null;
    if (req.resourceType === 'Document') {
      // The site's front page: a real same-origin GET that loads the site-wide scripts, so skimmers
      // that stage the card and send it "on the next page" still run.
      const location = '/';
      this.#answered.push({ url: req.url, method: req.method, status: 303, why: 'form-post' });
      return { status: 303, headers: { Location: location, 'Content-Type': 'text/html' }, body: '' };
    }
    if (req.postData && this.#matcher.find(req.postData)) {
      this.#answered.push({ url: req.url, method: req.method, status: 200, why: 'first-party-canary' });
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ ok: true, success: true, status: 'approved' }),
      };
    }
    return null;
  }

  async #frames(): Promise<FrameRef[]> {
    const out: FrameRef[] = [];
    for (const t of this.#targets.length ? this.#targets : []) {
      if (t.session.detached) continue;
      try {
        const tree = await t.session.send('Page.getFrameTree') as { frameTree: FrameTree };
        for (const f of flatten(tree.frameTree)) {
          if (out.some((o) => o.frameId === f.id)) continue;
          const cached = this.#worlds.get(f.id);
          if (cached && cached.url === f.url && cached.session === t.session) { out.push(cached); continue; }
          try {
            const w = await t.session.send('Page.createIsolatedWorld', { frameId: f.id, worldName: 'skimscan-probe', grantUniveralAccess: false }) as { executionContextId: number };
            const ref = { session: t.session, frameId: f.id, contextId: w.executionContextId, url: f.url };
            this.#worlds.set(f.id, ref);
            out.push(ref);
          } catch { /* frame went away */ }
        }
      } catch { /* target went away */ }
    }
    return out;
  }

  async #eval<T>(f: FrameRef, expression: string): Promise<T | null> {
    try {
      const r = await f.session.send('Runtime.evaluate', { expression, contextId: f.contextId, returnByValue: true, awaitPromise: true, timeout: 5000 }) as { result: { value?: T }; exceptionDetails?: unknown };
      return r.exceptionDetails ? null : (r.result.value ?? null);
    } catch {
      return null;
    }
  }

  async #find(): Promise<Array<{ frame: FrameRef; fields: FoundField[] }>> {
    const out: Array<{ frame: FrameRef; fields: FoundField[] }> = [];
    for (const f of await this.#frames()) {
      const fields = await this.#eval<FoundField[]>(f, FIND_FIELDS);
      if (fields?.length) out.push({ frame: f, fields });
    }
    return out;
  }

  /** A real mouse click at the centre of element `expr` (evaluated in the isolated world). */
  async #click(f: FrameRef, expr: string): Promise<boolean> {
    const box = await this.#eval<{ x: number; y: number } | null>(f, `(() => {
      const el = ${expr}; if (!el) return null;
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const r = el.getBoundingClientRect(); let x = r.left + r.width / 2, y = r.top + r.height / 2;
      let w = window;
      // A cross-origin parent hides the owner: frameElement is null (or throws) below the top.
      try { while (w !== w.top) { const fe = w.frameElement; if (!fe) return { x, y, cross: true }; const fr = fe.getBoundingClientRect(); x += fr.left + fe.clientLeft; y += fr.top + fe.clientTop; w = w.parent; } } catch (e) { return { x, y, cross: true }; }
      return { x, y };
    })()`);
    if (!box) return false;
    const page = this.#targets.find((t) => t.contextType === 'page');
    let isTop = page && f.session === page.session && !(box as { cross?: boolean }).cross;
    if ((box as { cross?: boolean }).cross && page) {
      // A cross-origin frame cannot see its own position: ask the browser where its owner sits,
      // and click through the top page, which routes the event to the right frame.
      const offset = await this.#frameOffset(f, page.session);
      if (offset) { box.x += offset.x; box.y += offset.y; isTop = true; }
    }
    const session = isTop ? page!.session : f.session;
    try {
      await session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x, y: box.y });
      await session.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: box.x, y: box.y, button: 'left', clickCount: 1 });
      await sleep(15);
      await session.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: box.x, y: box.y, button: 'left', clickCount: 1 });
      return true;
    } catch {
      return (await this.#eval<boolean>(f, `(() => { const el = ${expr}; if (!el) return false; el.click(); return true; })()`)) ?? false;
    }
  }

  /** Offset of frame `f` in the top page's viewport, from the boxes of its owner iframes. */
  async #frameOffset(f: FrameRef, top: CDPSession): Promise<{ x: number; y: number } | null> {
    let frameId = f.frameId;
    let x = 0;
    let y = 0;
    let moved = false;
    for (let depth = 0; depth < 8; depth++) {
      let step: { session: CDPSession; quad: number[] } | null = null;
      for (const session of new Set([f.session, top])) {
        try {
          await session.send('DOM.getDocument', { depth: 0 });
          const owner = await session.send('DOM.getFrameOwner', { frameId }) as { backendNodeId: number };
          const box = await session.send('DOM.getBoxModel', { backendNodeId: owner.backendNodeId }) as { model: { content: number[] } };
          step = { session, quad: box.model.content };
          break;
        } catch { /* not this session's frame, or the top frame */ }
      }
      if (!step) break;
      x += step.quad[0]!;
      y += step.quad[1]!;
      moved = true;
      const tree = await step.session.send('Page.getFrameTree') as { frameTree: FrameTreeNode };
      const parent = parentOf(tree.frameTree, frameId);
      if (!parent) break;
      frameId = parent;
    }
    return moved ? { x, y } : null;
  }

  async #type(f: FrameRef, text: string, pauseMs = 2): Promise<void> {
    for (const ch of text) {
      const alnum = /[a-z0-9]/i.test(ch);
      const code = /\d/.test(ch) ? `Digit${ch}` : /[a-z]/i.test(ch) ? `Key${ch.toUpperCase()}` : ch === ' ' ? 'Space' : ch === '.' ? 'Period' : ch === '/' ? 'Slash' : ch === '-' ? 'Minus' : '';
      const vk = alnum ? ch.toUpperCase().charCodeAt(0) : ({ ' ': 32, '.': 190, '/': 191, '-': 189, '@': 50 } as Record<string, number>)[ch];
      const key = { key: ch, ...(code ? { code } : {}), ...(vk ? { windowsVirtualKeyCode: vk } : {}), ...(ch === '@' || /[A-Z]/.test(ch) ? { modifiers: 8 } : {}) };
      await f.session.send('Input.dispatchKeyEvent', { type: 'keyDown', text: ch, unmodifiedText: ch, ...key });
      await f.session.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
      await sleep(pauseMs + Math.floor(Math.random() * 4));
    }
  }

  /**
   * Input masks (jquery-mask, Cleave, IMask) reformat on every key; on a loaded machine fast keys
   * can land out of order. If the field's digits are not the canary's, type again slowly, and as a
   * last resort set the value the way a paste would, so the canary the page holds is exact.
   */
  async #ensureTyped(f: FrameRef, el: string, value: string): Promise<void> {
    const digits = value.replace(/\D/g, '');
    if (digits.length < 3) return;
    const held = async () => ((await this.#eval<string>(f, `${el}.value`)) ?? '').replace(/\D/g, '');
    if (await held() === digits) return;
    await this.#eval(f, `(() => { const e = ${el}; e.focus(); e.select && e.select(); })()`);
    await f.session.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 }).catch(() => {});
    await f.session.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 }).catch(() => {});
    await this.#type(f, value, 60);
    if (await held() === digits) return;
    await this.#eval(f, `(() => { const e = ${el}; const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e), 'value').set;
      set.call(e, ${JSON.stringify(value)}); e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: ${JSON.stringify(value)} })); })()`);
  }

  async run(deadlineAt: number, lastActivity: () => number, targets: AttachedTarget[]): Promise<ProbeResult> {
    this.#targets = targets.filter((t) => t.contextType === 'page' || t.contextType === 'iframe');
    const notes: string[] = [];
    const clicked: string[] = [];
    const filled: ProbeResult['filled'] = [];
    const formActions = new Set<string>();
    const result = (): ProbeResult => ({
      canary: { ...this.canary }, startedAt: startedAt, finishedAt: this.#now(), filled, formActions: [...formActions],
      clicked, submitted, answered: this.#answered, storage: [], transforms: [], notes,
    });
    let startedAt = this.#now();
    let submitted = false;
    const left = () => deadlineAt - Date.now();
    try {
      const page = this.#targets.find((t) => t.contextType === 'page');
      if (page) this.#pageUrl = (await this.#frames())[0]?.url || this.#pageUrl;
      for (const sel of this.options.clicks ?? []) {
        const found = await this.#clickSelector(JSON.stringify(sel));
        if (found) { clicked.push(sel); await sleep(800); } else notes.push(`--click ${sel}: not found`);
      }
      let forms = await this.#find();
      let steps = 0;
      while (!forms.some((x) => x.fields.some((fl) => fl.role === 'card-number')) && left() > 4000) {
        if (steps < 3) {
          const step = await this.#autoStep();
          if (step) { clicked.push(step); steps++; await sleep(800); }
          else if (steps === 0) await sleep(400);
        } else break;
        forms = await this.#find();
        if (steps === 0 && !forms.length) break;
      }
      const cardFrame = forms.find((x) => x.fields.some((fl) => fl.role === 'card-number'));
      if (!cardFrame) {
        notes.push('no payment form found');
        this.#result = result();
        return this.#result;
      }
      startedAt = this.#now();
      const fillStart = Date.now();
      notes.push(`fields: ${forms.map((x) => x.fields.map((fl) => `${fl.role}=${fl.selector}`).join(' ')).join(' | ')}`);
      for (const { frame, fields } of forms) {
        for (const fl of fields) {
          if (left() < 2500) { notes.push('out of time while typing'); break; }
          const value = valueFor(fl, this.canary);
          if (value === null) continue;
          const el = `window.__sspFields[${fl.index}]`;
          if (fl.tag === 'select') {
            await this.#eval(frame, `(() => { const s = ${el}; s.focus(); const want = ${JSON.stringify(value)};
              const o = [...s.options].find((o) => o.value === want || o.text.trim() === want || o.value === String(Number(want)) || o.text.trim() === String(Number(want)))
                || [...s.options].find((o) => o.value && !o.disabled && o.index > 0);
              if (o) { s.value = o.value; s.dispatchEvent(new Event('input', { bubbles: true })); s.dispatchEvent(new Event('change', { bubbles: true })); }
              s.blur(); })()`);
          } else {
            const ok = await this.#click(frame, el);
            await this.#eval(frame, `(() => { const e = ${el}; if (document.activeElement !== e) e.focus(); if (e.value) { e.select && e.select(); } })()`);
            if (!ok) notes.push(`could not click ${fl.selector}`);
            if (KEYED_ROLES.has(fl.role!)) await this.#type(frame, value);
            else await frame.session.send('Input.insertText', { text: value }).catch(() => this.#type(frame, value));
            await this.#ensureTyped(frame, el, value);
            await this.#eval(frame, `(() => { const e = ${el}; e.dispatchEvent(new Event('change', { bubbles: true })); e.blur(); })()`);
          }
          const after = await this.#eval<string>(frame, `${el}.value`);
          filled.push({ role: fl.role!, frameUrl: frame.url, selector: fl.selector, value: after ?? value });
          if (fl.formAction) formActions.add(fl.formAction);
        }
      }
      for (const { frame } of forms) {
        const extra = await this.#eval<string[]>(frame, FILL_REQUIRED);
        if (extra?.length) notes.push(`filled required fields: ${extra.join(' ')}`);
      }
      const typedAt = Date.now();
      // Skimmers on a timer read the form when it fires: flush long timers now that it is full.
      const flushDue = await this.#flush();
      await this.#settle(lastActivity, flushDue + 100, 200, Math.min(deadlineAt - 1500, Date.now() + 2500));
      const flushedAt = Date.now();
      if (left() > 1500) {
        const submit = await this.#findSubmit(cardFrame.frame, forms);
        if (submit) {
          this.#clicked = true;
          if (await this.#click(submit.frame, submit.expr)) { submitted = true; clicked.push(submit.label); }
        } else notes.push('no submit button found');
      }
      const clickedAt = Date.now();
      // After the click: the form post (answered with a 303 to the site's front page), submit handlers
      // and the next page's scripts. Flush again for timers the click set, then wait for quiet.
      await sleep(POST_SUBMIT_MIN_MS / 2);
      const due = await this.#flush();
      await this.#settle(lastActivity, Math.max(clickedAt + POST_SUBMIT_MIN_MS, due + 100), POST_SUBMIT_QUIET_MS, Math.min(deadlineAt, clickedAt + 8000));
      notes.push(`timing: fill ${typedAt - fillStart} ms, timers ${flushedAt - typedAt} ms, after submit ${Date.now() - clickedAt} ms`);
    } catch (err) {
      notes.push(`probe: ${errorMessage(err)}`);
    }
    this.#result = result();
    return this.#result;
  }

  async #clickSelector(selectorJson: string): Promise<boolean> {
    for (const f of await this.#frames()) {
      const has = await this.#eval<boolean>(f, `!!document.querySelector(${selectorJson})`);
      if (has) return this.#click(f, `document.querySelector(${selectorJson})`);
    }
    return false;
  }

  async #autoStep(): Promise<string | null> {
    const pick = `[...document.querySelectorAll('button, a, input[type=button], input[type=submit], [role=button]')].find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && ${AUTO_STEP}.test((e.innerText || e.value || '').trim()); })`;
    for (const f of await this.#frames()) {
      const label = await this.#eval<string>(f, `(() => { const e = ${pick}; return e ? (e.innerText || e.value || '').trim() : null; })()`);
      if (label && await this.#click(f, pick)) return `auto: ${label}`;
    }
    return null;
  }

  async #findSubmit(cardFrame: FrameRef, forms: Array<{ frame: FrameRef }>): Promise<{ frame: FrameRef; expr: string; label: string } | null> {
    const expr = `(() => {
      const vis = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && !e.disabled; };
      const card = (window.__sspFields || []).find((f) => f.__sspRole === 'card-number');
      const form = card && card.form;
      const inForm = form ? [...form.querySelectorAll('button, input[type=submit], input[type=image]')].filter((b) => (b.type || 'submit') === 'submit' || b.tagName === 'BUTTON' && !b.getAttribute('type')) .filter(vis) : [];
      const text = /pay|submit|place order|complete|confirm|purchase|process|continue/i;
      const all = [...document.querySelectorAll('button, input[type=submit], input[type=button], a[role=button], [role=button]')].filter(vis);
      return inForm.find((b) => text.test(b.innerText || b.value || '')) || inForm[0] || all.find((b) => text.test(b.innerText || b.value || '')) || null;
    })()`;
    const frames = [cardFrame, ...forms.map((x) => x.frame).filter((f) => f !== cardFrame), ...(await this.#frames()).filter((f) => !f.url.startsWith('about:') || true)];
    for (const f of frames) {
      const label = await this.#eval<string>(f, `(() => { const b = ${expr}; return b ? (b.id ? '#' + b.id : b.tagName.toLowerCase()) + ' "' + (b.innerText || b.value || '').trim().slice(0, 40) + '"' : null; })()`);
      if (label) return { frame: f, expr, label };
    }
    return null;
  }

  /** Field reads and storage/transform records, with stack frames resolved against the captured scripts. */
  finish(scripts: ScriptRecord[] | null, sources: Record<string, string>): { probe: ProbeResult | null; fields: FieldRead[] } {
    const resolve = (stack: string | null): Initiator | null => resolveStack(stack, scripts ?? [], sources);
    const fields: FieldRead[] = this.#messages.filter((m) => m.kind === 'read').map((m) => ({
      field: 'card-number', selector: m.selector ?? '', how: (m.how ?? 'value') as FieldRead['how'],
      reader: resolve(m.stack), frameUrl: m.frameUrl, time: m.time,
    }));
    if (!this.#result) return { probe: null, fields };
    this.#result.notes.push(`hook messages: ${this.#messages.length}`);
    const start = this.#result.startedAt;
    this.#result.storage = this.#messages.filter((m) => m.kind === 'storage' && m.time >= start - 50).map((m) => ({
      kind: m.storage!, key: m.key ?? '', value: m.value ?? '', frameUrl: m.frameUrl, time: m.time, writer: resolve(m.stack),
    }));
    this.#result.transforms = this.#messages.filter((m) => m.kind === 'transform' && m.time >= start - 50).map((m) => ({
      fn: m.fn ?? '', input: m.input ?? '', output: m.output ?? '', caller: resolve(m.stack), frameUrl: m.frameUrl, time: m.time,
    }));
    return { probe: this.#result, fields };
  }

  getData() {
    return { probe: this.#result, fields: [] };
  }
}

interface FrameTree { frame: { id: string; url: string; urlFragment?: string }; childFrames?: FrameTree[] }
function flatten(t: FrameTree): Array<{ id: string; url: string }> {
  return [{ id: t.frame.id, url: t.frame.url + (t.frame.urlFragment ?? '') }, ...(t.childFrames ?? []).flatMap(flatten)];
}

/** One stack location -> the captured script it is in (external by URL, inline by document and line). */
function locate(loc: { url: string; line: number; column: number; functionName: string }, scripts: ScriptRecord[], sources: Record<string, string>): StackFrame | null {
  const ext = scripts.find((s) => s.url === loc.url && s.startLine === 1);
  if (ext) return { url: ext.url, sha256: ext.sha256, functionName: loc.functionName, line: loc.line, column: loc.column };
  const inline = scripts
    .filter((s) => s.url === null && s.documentUrl === loc.url && s.startLine <= loc.line)
    .filter((s) => loc.line < s.startLine + (sources[s.sha256]?.split('\n').length ?? 1))
    .sort((a, b) => b.startLine - a.startLine)[0];
  if (inline) return { url: null, sha256: inline.sha256, functionName: loc.functionName, line: loc.line - inline.startLine + 1, column: loc.column };
  return null;
}

/**
 * The first stack location that is a captured script, with every captured frame in `stack` (a read
 * through jQuery names jQuery first; the skimmer calling it is further down).
 */
export function resolveStack(stack: string | null, scripts: ScriptRecord[], sources: Record<string, string>): Initiator | null {
  const locations = parseStack(stack);
  const frames = locations.map((l) => locate(l, scripts, sources)).filter((f): f is StackFrame => f !== null);
  const first = frames[0];
  if (first) return { scriptUrl: first.url, sha256: first.sha256, line: first.line, column: first.column, ...(frames.length > 1 ? { stack: frames } : {}) };
  const top = locations[0];
  return top ? { scriptUrl: top.url, sha256: null, line: top.line, column: top.column } : null;
}
