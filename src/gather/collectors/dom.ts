import type { DomFacts, FormFacts, ScriptTagFacts } from '../../artifacts/types.js';
import type { AttachedTarget, Collector, CollectorContext } from './collector.js';
import { errorMessage } from '../../errors.js';

/** Runs in an isolated world of each frame: page scripts cannot see or tamper with it. */
const READ_FRAME = String.raw`(() => {
  const text = (el) => (el ? (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200) : null);
  const labelOf = (el) => {
    if (el.labels && el.labels.length) return text(el.labels[0]);
    const by = el.getAttribute('aria-labelledby');
    if (by) return text(document.getElementById(by));
    return null;
  };
  const role = (f) => {
    const hay = [f.autocomplete, f.name, f.id, f.label, f.placeholder, f.ariaLabel].filter(Boolean).join(' ').toLowerCase();
    if (/cc-number|card.?num|cardno|ccnum|credit.?card|\bpan\b|kartennummer/.test(hay) && !/holder|name/.test(hay)) return 'card-number';
    if (/cc-csc|cvv|cvc|csc|security.?code|card.?code|cvn/.test(hay)) return 'cvv';
    if (/cc-exp|expir|exp.?(date|month|year|mm|yy)|\bmm\s*\/\s*yy/.test(hay)) return 'expiry';
    if (/cc-name|card.?holder|name.?on.?card|holder/.test(hay)) return 'holder';
    return null;
  };
  const fieldOf = (el) => {
    const f = {
      tag: el.tagName.toLowerCase(), type: el.getAttribute('type'), name: el.getAttribute('name'),
      id: el.id || null, autocomplete: el.getAttribute('autocomplete'), label: labelOf(el),
      placeholder: el.getAttribute('placeholder'), ariaLabel: el.getAttribute('aria-label'), role: null,
    };
    f.role = role(f);
    return f;
  };
  const frameUrl = location.href;
  const forms = [...document.forms].map((form) => ({
    action: form.getAttribute('action') === null ? null : form.action, method: (form.getAttribute('method') || 'get').toLowerCase(),
    id: form.id || null, name: form.getAttribute('name'), frameUrl,
    fields: [...form.querySelectorAll('input, select, textarea')].slice(0, 500).map(fieldOf),
  }));
  const loose = [...document.querySelectorAll('input, select, textarea')].filter((el) => !el.form).slice(0, 500).map(fieldOf);
  if (loose.length) forms.push({ action: null, method: 'none', id: null, name: null, frameUrl, fields: loose });
  return {
    title: document.title || null,
    forms: forms.slice(0, 100),
    iframes: [...document.querySelectorAll('iframe, frame')].slice(0, 200).map((f) => ({ src: f.getAttribute('src'), frameUrl, sandbox: f.getAttribute('sandbox') })),
    scriptTags: [...document.scripts].slice(0, 2000).map((s) => ({ src: s.src || null, integrity: s.getAttribute('integrity'), crossorigin: s.getAttribute('crossorigin'), type: s.getAttribute('type'), frameUrl })),
    javascriptUrls: [...document.querySelectorAll('[href^="javascript:"], [src^="javascript:"]')].slice(0, 100).map((e) => e.getAttribute('href') || e.getAttribute('src')),
  };
})()`;

interface FrameRead {
  title: string | null;
  forms: FormFacts[];
  iframes: DomFacts['iframes'];
  scriptTags: ScriptTagFacts[];
}

const SECURITY_HEADERS = [
  'content-security-policy', 'content-security-policy-report-only', 'strict-transport-security',
  'x-frame-options', 'x-content-type-options', 'referrer-policy', 'permissions-policy',
  'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'reporting-endpoints', 'report-to',
];

/** Forms, fields, iframes and script tags of every frame, read after load; and a screenshot. */
export class DomCollector implements Collector<DomFacts> {
  readonly id = 'dom';
  #frameTargets: AttachedTarget[] = [];
  #reads: FrameRead[] = [];
  #screenshot: string | null = null;

  constructor(private ctx: CollectorContext, private mainHeaders: () => Record<string, string> | null,
    private screenshot: boolean) {}

  async addTarget(target: AttachedTarget): Promise<void> {
    if (target.contextType === 'page' || target.contextType === 'iframe') this.#frameTargets.push(target);
  }

  async postLoad(): Promise<void> {
    for (const target of this.#frameTargets) {
      if (target.session.detached) continue;
      try {
        const tree = await target.session.send('Page.getFrameTree') as { frameTree: FrameTree };
        for (const frameId of frameIds(tree.frameTree)) {
          try {
            const world = await target.session.send('Page.createIsolatedWorld', { frameId, worldName: 'skimscan-dom' }) as { executionContextId: number };
            const res = await target.session.send('Runtime.evaluate', {
              expression: READ_FRAME, contextId: world.executionContextId, returnByValue: true, timeout: 5000,
            }) as { result: { value?: FrameRead } };
            if (res.result.value) this.#reads.push(res.result.value);
          } catch (err) {
            this.ctx.log.debug(`dom: frame ${frameId}: ${errorMessage(err)}`);
          }
        }
      } catch (err) {
        this.ctx.log.debug(`dom: ${errorMessage(err)}`);
      }
    }
    const page = this.#frameTargets.find((t) => t.contextType === 'page');
    if (this.screenshot && page && !page.session.detached) {
      const shot = await page.session.send('Page.captureScreenshot', { format: 'jpeg', quality: 60 }) as { data: string };
      this.#screenshot = `data:image/jpeg;base64,${shot.data}`;
    }
  }

  getData(): DomFacts {
    const headers = this.mainHeaders() ?? {};
    const main = this.#reads[0];
    const integrityBySrc = new Map<string, string>();
    for (const r of this.#reads) for (const t of r.scriptTags) if (t.src && t.integrity) integrityBySrc.set(t.src, t.integrity);
    return {
      title: main?.title ?? null,
      forms: this.#reads.flatMap((r) => r.forms),
      iframes: this.#reads.flatMap((r) => r.iframes),
      scriptTags: this.#reads.flatMap((r) => r.scriptTags),
      javascriptUrls: this.#reads.flatMap((r) => (r as FrameRead & { javascriptUrls?: string[] }).javascriptUrls ?? []),
      securityHeaders: Object.fromEntries(SECURITY_HEADERS.filter((h) => headers[h] !== undefined).map((h) => [h, headers[h]!])),
      screenshot: this.#screenshot,
    };
  }
}

interface FrameTree { frame: { id: string }; childFrames?: FrameTree[] }
function frameIds(t: FrameTree): string[] {
  return [t.frame.id, ...(t.childFrames ?? []).flatMap(frameIds)];
}
