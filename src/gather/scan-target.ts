import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { ARTIFACTS_VERSION, type ErrorCode, type TargetArtifacts } from '../artifacts/types.js';
import { attachTree, workerHub } from './attach.js';
import type { AttachedTarget, Collector, CollectorContext } from './collectors/collector.js';
import { DomCollector } from './collectors/dom.js';
import { NetworkCollector } from './collectors/network.js';
import { ScriptsCollector } from './collectors/scripts.js';
import { ScriptIndex } from './script-index.js';
import { codeForNetError } from './net-errors.js';
import { integrityFromHtml } from './integrity.js';
import { silentLog, type Log } from './log.js';
import { errorMessage } from '../errors.js';
import { Probe } from './probe/index.js';

export interface ScanOptions {
  /** Budget for the whole target: load, probe and quiet windows together. */
  timeoutMs: number;
  /** No new requests for this long after load means the page has settled. */
  quietMs: number;
  headers?: Record<string, string>;
  /** Cookie strings: 'name=value; Domain=…; Path=…' */
  cookies?: string[];
  device?: 'desktop' | 'mobile';
  screenshot?: boolean;
  caps?: Partial<Caps>;
  log?: Log;
  /** The canary probe (default on): type canary card data into the payment form and submit it. */
  probe?: boolean;
  /** Selectors clicked, in order, before the probe looks for the payment form. */
  clicks?: string[];
  /** Let the page's own submission reach its backend instead of answering it locally. */
  allowSubmit?: boolean;
  /** Aborts the target (SIGINT); what was captured is kept with error code `interrupted`. */
  signal?: AbortSignal;
}

export interface Caps {
  maxScripts: number;
  maxSourceBytes: number;
  maxRequests: number;
  maxBodyBytes: number;
  maxFramesPerSocket: number;
}

export const DEFAULT_CAPS: Caps = {
  maxScripts: 5000, maxSourceBytes: 20_000_000, maxRequests: 5000, maxBodyBytes: 256_000, maxFramesPerSocket: 500,
};

export const DEFAULT_SCAN_OPTIONS: ScanOptions = { timeoutMs: 30_000, quietMs: 1000, screenshot: true, probe: true };

/** Time kept back from the budget so that collection and clean-up still fit after a timeout. */
const COLLECT_RESERVE_MS = 2500;
/** How far past its budget a target may run while what it captured is gathered up. */
export const GRACE_MS = 3000;

class Deadline {
  constructor(readonly at: number) {}
  left(): number { return Math.max(0, this.at - Date.now()); }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`TimeoutError: ${what} took over ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Scans one URL in a fresh browser context and returns plain artifacts. Never throws for page
 * problems: they become `fatal` (with whatever was captured kept).
 */
export async function scanTarget(browser: Browser, url: string, opts: Partial<ScanOptions> = {}): Promise<TargetArtifacts> {
  const options = { ...DEFAULT_SCAN_OPTIONS, ...opts };
  const caps = { ...DEFAULT_CAPS, ...options.caps };
  const log = options.log ?? silentLog;
  const startedAt = new Date();
  const deadline = new Deadline(Date.now() + options.timeoutMs);
  const hardStop = deadline.at + GRACE_MS;
  let lastActivity = Date.now();
  const ctx: CollectorContext = { targetUrl: url, startedAt: Date.now(), log, onActivity: () => { lastActivity = Date.now(); } };

  const index = new ScriptIndex();
  const network = new NetworkCollector(ctx, index, caps);
  const scripts = new ScriptsCollector(ctx, index, () => network.documents(), caps);
  let mainHeaders: Record<string, string> | null = null;
  const dom = new DomCollector(ctx, () => mainHeaders, options.screenshot ?? true);
  const collectors: Collector<unknown>[] = [scripts, network, dom];
  const probe = options.probe
    ? new Probe(ctx, network, { clicks: options.clicks, allowSubmit: options.allowSubmit, userAgent: await browser.userAgent().catch(() => undefined) })
    : null;
  if (probe) collectors.push(probe);
  const errors: TargetArtifacts['errors'] = [];
  let fatal: TargetArtifacts['fatal'] = null;
  const fail = (code: ErrorCode, message: string) => { fatal ??= { code, message }; };

  const attached: AttachedTarget[] = [];
  const onTarget = async (target: AttachedTarget) => {
    attached.push(target);
    await Promise.all(collectors.map((c) => c.addTarget(target).catch((err) => {
      errors.push({ collector: c.id, phase: `addTarget ${target.contextType}`, message: errorMessage(err) });
    })));
  };

  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let unroute = () => {};
  let status: number | null = null;
  const drive = async () => {
    try {
      context = await browser.createBrowserContext();
      unroute = await workerHub(browser).route(context, onTarget);
      page = await context.newPage();
      page.on('dialog', (d) => { d.dismiss().catch(() => {}); });
      const session = await page.createCDPSession();
      await attachTree({ session, key: 'root', targetId: 'root', contextType: 'page', url: 'about:blank' }, onTarget);
      await preparePage(page, options);
      try {
        const loadBudget = Math.max(1000, deadline.left() - COLLECT_RESERVE_MS);
        const response = await Promise.race([page.goto(url, { waitUntil: 'load', timeout: loadBudget }), abort]);
        status = response?.status() ?? null;
        await Promise.race([waitQuiet(() => lastActivity, options.quietMs, deadline, options.signal), abort]);
        if (probe && deadline.left() > COLLECT_RESERVE_MS + 3000) {
          const probeBudget = deadline.left() - COLLECT_RESERVE_MS;
          await Promise.race([withTimeout(probe.run(deadline.at - COLLECT_RESERVE_MS, () => lastActivity, attached), probeBudget + 500, 'probe'), abort])
            .catch((err) => { if (options.signal?.aborted) throw err; errors.push({ collector: 'probe', phase: 'run', message: errorMessage(err) }); });
        }
      } catch (err) {
        const message = errorMessage(err);
        fail(options.signal?.aborted ? 'interrupted' : codeForNetError(message), message.split('\n')[0]!);
      }
      await unfreeze(attached, log);
      for (const c of collectors) {
        if (!c.postLoad) continue;
        try {
          await withTimeout(c.postLoad(), Math.max(300, hardStop - Date.now() - 1500), `${c.id} postLoad`);
        } catch (err) {
          errors.push({ collector: c.id, phase: 'postLoad', message: errorMessage(err) });
        }
      }
    } catch (err) {
      const message = errorMessage(err);
      fail(options.signal?.aborted ? 'interrupted' : codeForNetError(message), message.split('\n')[0]!);
    }
  };
  // One listener per target on a signal that lives for the whole run: removed when the target ends.
  let onAbort = () => {};
  const abort = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('interrupted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  abort.catch(() => {});
  // However slow the machine or hostile the page, collection starts by the hard stop.
  let hardStopTimer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    drive().then(() => true),
    new Promise<false>((r) => { hardStopTimer = setTimeout(() => r(false), Math.max(0, hardStop - Date.now() - 1000)); }),
  ]);
  clearTimeout(hardStopTimer);
  options.signal?.removeEventListener('abort', onAbort);
  if (!finished) fail('timeout', `the target did not finish within ${options.timeoutMs} ms`);

  network.halt();
  const data: Record<string, unknown> = {};
  for (const c of collectors) {
    try {
      const waitMs = Math.max(200, hardStop - Date.now() - 800);
      data[c.id] = await withTimeout(Promise.resolve(c.getData(waitMs)), waitMs + 1000, `${c.id} getData`);
    } catch (err) {
      data[c.id] = null;
      errors.push({ collector: c.id, phase: 'getData', message: errorMessage(err) });
    }
  }
  const net = data.network as Awaited<ReturnType<NetworkCollector['getData']>> | null;
  mainHeaders = net?.mainResponse?.headers ?? null;
  const domFacts = dom.getData();
  const scr = data.scripts as Awaited<ReturnType<ScriptsCollector['getData']>> | null;
  // Assigned inside drive(); TypeScript cannot see that through the closure.
  const lastPage = page as Page | null;
  const openContext = context as BrowserContext | null;
  const finalUrl = lastPage && !lastPage.isClosed() ? lastPage.url() : net?.mainResponse?.url ?? null;
  status ??= net?.mainResponse?.status ?? null;
  if (!fatal && status !== null && status >= 400) fail('http-status', `HTTP ${status}`);

  unroute();
  // Close before the next target starts, so a flooding page cannot starve it; a context that
  // will not close within the grace is left to finish closing in the background.
  // Everything is collected: end the page's renderers at once. A page spinning in a loop or
  // filling its heap would otherwise keep a core busy while its context closes, starving the next
  // targets on a small machine.
  for (const t of attached) {
    if ((t.contextType === 'page' || t.contextType === 'iframe') && !t.session.detached) t.session.send('Page.crash').catch(() => {});
  }
  if (openContext) await withTimeout(openContext.close(), Math.max(300, hardStop - Date.now()), 'closing the context').catch(() => {});

  const scriptRecords = scr?.scripts ?? null;
  const probed = probe?.finish(scriptRecords, scr?.sources ?? {}) ?? null;
  if (scriptRecords) {
    const integrity = new Map([
      ...[...network.documents()].flatMap(([docUrl, html]) => integrityFromHtml(html, docUrl)),
      ...domFacts.scriptTags.filter((t) => t.src && t.integrity).map((t): [string, string] => [t.src!, t.integrity!]),
    ]);
    for (const s of scriptRecords) if (s.url) s.integrity = integrity.get(s.url) ?? null;
  }
  return {
    artifactsVersion: ARTIFACTS_VERSION,
    url,
    finalUrl: finalUrl === 'about:blank' ? null : finalUrl,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    status,
    scripts: scriptRecords,
    sources: scr?.sources ?? {},
    network: net?.requests ?? null,
    dom: data.dom === null ? null : domFacts,
    fields: probed ? probed.fields : null,
    probe: probed?.probe ?? null,
    errors,
    caps: [...(scr?.capped ?? []), ...(net?.capped ?? [])],
    fatal,
  };
}

/**
 * A page stuck in a loop answers no CDP command that needs its main thread. Ask it something
 * trivial; if it does not answer, terminate the running JavaScript (the page itself survives) so
 * that its DOM, sources and screenshot can still be read.
 */
async function unfreeze(targets: AttachedTarget[], log: Log): Promise<void> {
  const frames = targets.filter((t) => !t.session.detached && (t.contextType === 'page' || t.contextType === 'iframe'));
  await Promise.all(frames.map(async (t) => {
    try {
      // Needs the main thread but compiles no script (which the scripts collector would record).
      await withTimeout(t.session.send('DOM.getDocument', { depth: 0 }), 700, 'responsiveness check');
    } catch {
      log.debug(`${t.contextType} ${t.url}: unresponsive; terminating its JavaScript`);
      await withTimeout(t.session.send('Runtime.terminateExecution'), 1000, 'terminateExecution').catch(() => {});
    }
  }));
}

async function preparePage(page: Page, options: ScanOptions): Promise<void> {
  if (options.headers && Object.keys(options.headers).length) await page.setExtraHTTPHeaders(options.headers);
  if (options.device === 'mobile') {
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  } else {
    await page.setViewport({ width: 1366, height: 900 });
  }
  for (const cookie of options.cookies ?? []) await page.setCookie(parseCookie(cookie));
}

export function parseCookie(text: string): { name: string; value: string; domain?: string; path?: string; secure?: boolean; httpOnly?: boolean; url?: string } {
  const [pair, ...attrs] = text.split(';').map((s) => s.trim());
  const eq = pair!.indexOf('=');
  const cookie: ReturnType<typeof parseCookie> = { name: pair!.slice(0, eq), value: pair!.slice(eq + 1) };
  for (const attr of attrs) {
    const [k, v] = attr.split('=');
    switch (k!.toLowerCase()) {
      case 'domain': cookie.domain = v; break;
      case 'path': cookie.path = v; break;
      case 'secure': cookie.secure = true; break;
      case 'httponly': cookie.httpOnly = true; break;
    }
  }
  return cookie;
}

async function waitQuiet(lastActivity: () => number, quietMs: number, deadline: Deadline, signal?: AbortSignal): Promise<void> {
  while (deadline.left() > COLLECT_RESERVE_MS && !signal?.aborted) {
    const idle = Date.now() - lastActivity();
    if (idle >= quietMs) return;
    await new Promise((r) => setTimeout(r, Math.min(quietMs - idle, 200)));
  }
}
