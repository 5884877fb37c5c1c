// Smoke test of the nine-city replica (test/fixtures/sites): every breach site really leaks a
// typed card to its expected exfil host, every fixed site keeps the card to itself (and its
// allowed processor), and no page reaches a host outside `.example`. Real Chromium, contained:
// every host name maps to the fixture server or to NOTFOUND. This proves the corpus; it is not
// the scanner.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import pLimit from 'p-limit';
import { startFixtureServer, type FixtureServer, type RecordedRequest } from '../../src/fixture-server/index.js';

const SITES_DIR = resolve(import.meta.dirname, '../fixtures/sites');
const CHROME = process.env.SKIMSCAN_CHROME || '/usr/bin/chromium';

interface Exfil {
  host: string;
  type: string;
  method?: string;
  path?: string;
  encoding?: string;
  key?: string;
}
interface Expect {
  host: string;
  variant: 'breach' | 'fixed' | 'case' | 'support';
  verdict: string | null;
  scanPath: string;
  exfil?: Exfil | null;
  allowedHosts?: string[];
  armDelayMs?: number;
  minWaitMs?: number;
  evadesHeadless?: boolean;
  probeSubmit?: boolean;
  cardSink?: { host?: string; path: string } | null;
}

const sites: Expect[] = readdirSync(SITES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(SITES_DIR, d.name, '_expect.json')))
  .map((d) => JSON.parse(readFileSync(join(SITES_DIR, d.name, '_expect.json'), 'utf8')) as Expect)
  .filter((e) => e.variant === 'breach' || e.variant === 'fixed' || e.variant === 'case')
  .filter((e) => !process.env.REPLICA_ONLY || process.env.REPLICA_ONLY.split(',').includes(e.host))
  .sort((a, b) => a.host.localeCompare(b.host));

// ------------------------------------------------------------------ canaries and decoding

/** A distinct Luhn-valid Visa test number per site, so parallel pages can't be confused. */
function canaryCard(i: number): string {
  const body = '411111' + String(10_000_000 + i * 7919).padStart(9, '0').slice(-9);
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = Number(body[body.length - 1 - k]);
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function safeDecodeUri(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function b64decode(s: string): string | null {
  const t = s.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  if (t.length < 12 || !/^[A-Za-z0-9+/]+=*$/.test(t)) return null;
  return Buffer.from(t, 'base64').toString('latin1');
}

function xor(s: string, key: string): string {
  let o = '';
  for (let i = 0; i < s.length; i++) o += String.fromCharCode(s.charCodeAt(i) ^ key.charCodeAt(i % key.length));
  return o;
}

/** Every plausible decoding of the strings a request carries (url, body, frames). */
function decodings(r: RecordedRequest, key?: string): string[] {
  const raw = [r.url, r.body, ...(r.bodyBase64 ? [Buffer.from(r.bodyBase64, 'base64').toString('latin1')] : []), ...r.frames.map((f) => (f.binary ? Buffer.from(f.data, 'base64').toString('latin1') : f.data))];
  const out = new Set<string>();
  const queue: string[] = [];
  for (const s of raw) {
    if (!s) continue;
    for (const v of [s, safeDecodeUri(s), safeDecodeUri(s.replace(/\+/g, ' '))]) queue.push(v);
  }
  for (const s of queue) {
    out.add(s);
    for (const tok of s.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
      for (const cand of [tok, [...tok].reverse().join('')]) {
        const d = b64decode(cand);
        if (!d) continue;
        out.add(d);
        if (key) out.add(xor(d, key));
      }
    }
    for (const tok of s.match(/(?:[0-9a-f]{2}){16,}/gi) ?? []) out.add(Buffer.from(tok, 'hex').toString('latin1'));
  }
  return [...out];
}

function carriesCard(r: RecordedRequest, card: string, key?: string): boolean {
  return decodings(r, key).some((d) => d.replace(/\D/g, '').includes(card));
}

// ------------------------------------------------------------------ browser

let server: FixtureServer;
let browser: Browser;
let profileDir: string;
const results = new Map<string, Promise<SiteRun>>();

async function launch(port: number): Promise<Browser> {
  profileDir = mkdtempSync(join(tmpdir(), 'skimscan-replica-'));
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ alternate_error_pages: { enabled: false } }));
  const args = [
    `--host-resolver-rules=MAP *.example 127.0.0.1:${port}, MAP *.test 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--ignore-certificate-errors',
    `--user-data-dir=${profileDir}`,
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return puppeteer.launch({ executablePath: CHROME, headless: true, args, acceptInsecureCerts: true });
}

type Kind = 'name' | 'number' | 'type' | 'month' | 'year' | 'exp' | 'cvv' | 'zip' | 'email';

/** Finds the card form in one frame: index into querySelectorAll('input,select') per kind. */
async function classify(frame: Frame): Promise<Partial<Record<Kind, number>>> {
  return frame.evaluate(() => {
    const out: Record<string, number> = {};
    const els = Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input,select'));
    els.forEach((el, i) => {
      if ((el as HTMLInputElement).type === 'hidden' || (el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'submit') return;
      const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
      const id = `${el.name} ${el.id}`.toLowerCase();
      const sel = el.tagName === 'SELECT';
      let k: string | null = null;
      if (ac === 'cc-number' || /card.?num|cardnumber|ccnum/.test(id)) k = 'number';
      else if (ac === 'cc-name' || /holder|nameoncard|cardname/.test(id)) k = 'name';
      else if (ac === 'cc-csc' || /cvv|cvc|csc|securitycode/.test(id)) k = 'cvv';
      else if (ac === 'cc-exp-month' || (sel && /month|expm/.test(id))) k = 'month';
      else if (ac === 'cc-exp-year' || (sel && /year|expy/.test(id))) k = 'year';
      else if (ac === 'cc-exp' || /exp(iry|iration)?(date)?$|mmyy/.test(id)) k = 'exp';
      else if (sel && /cardtype/.test(id)) k = 'type';
      else if (ac === 'postal-code' || /zip|postal/.test(id)) k = 'zip';
      else if (ac === 'email' || (el as HTMLInputElement).type === 'email') k = 'email';
      if (k && !(k in out)) out[k] = i;
    });
    return out;
  });
}

interface SiteRun {
  card: string;
  offExample: string[];
  finalUrl: string;
  submitted: boolean;
  hit?: RecordedRequest;
  leaks: RecordedRequest[];
  sinkHit?: RecordedRequest;
  formErrors?: string[];
  ms?: number;
  error?: string;
  plainHit?: RecordedRequest | null;
  pageErrors: string[];
}

async function fillAndPay(page: Page, card: string, opts: { armDelayMs?: number; submit?: boolean } = {}): Promise<boolean> {
  if (opts.armDelayMs) await new Promise((r) => setTimeout(r, opts.armDelayMs! + 300));
  // Card fields may live in the page or in an iframe (hosted fields, cross-origin widget).
  const deadline = Date.now() + 8000;
  let frames: { frame: Frame; map: Partial<Record<Kind, number>> }[] = [];
  while (Date.now() < deadline) {
    frames = [];
    for (const f of page.frames()) {
      try {
        const map = await classify(f);
        if (Object.keys(map).length) frames.push({ frame: f, map });
      } catch {
        /* frame navigating */
      }
    }
    if (frames.some((x) => x.map.number !== undefined)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const year = String(new Date().getFullYear() + 3);
  const values: Record<Kind, string> = {
    name: 'Casey Canary', number: card, type: 'VI', month: '12', year, exp: `12/${year.slice(2)}`,
    cvv: '737', zip: '35301', email: 'canary@replica.example',
  };
  const order: Kind[] = ['name', 'number', 'type', 'month', 'year', 'exp', 'cvv', 'zip', 'email'];
  let cardFrame: Frame | undefined;
  for (const kind of order) {
    const where = frames.find((x) => x.map[kind] !== undefined);
    if (!where) continue;
    const el = (await where.frame.$$('input,select'))[where.map[kind]!] as ElementHandle<HTMLInputElement | HTMLSelectElement>;
    if (kind === 'number') cardFrame = where.frame;
    const tag = await el.evaluate((e) => e.tagName);
    if (tag === 'SELECT') {
      const has = await el.evaluate((e, v) => Array.from((e as HTMLSelectElement).options).some((o) => o.value === v), values[kind]);
      if (has) await el.select(values[kind]);
      else if (kind === 'type') continue;
      else await el.evaluate((e) => { const s = e as HTMLSelectElement; s.selectedIndex = s.options.length - 1; s.dispatchEvent(new Event('change', { bubbles: true })); });
    } else {
      if (kind === 'type') continue;
      await el.click();
      await el.type(values[kind], { delay: 8 });
      // Some maskers (jquery-mask sets the caret from a timer) reorder keystrokes that arrive
      // faster than a loaded CPU runs timers: check the digits and retype slower, as a person would.
      for (let attempt = 1; kind === 'number' && attempt <= 3; attempt++) {
        const got = await el.evaluate((x) => x.value.replace(/\D/g, ''));
        if (got === values.number) break;
        await el.evaluate((x) => { x.focus(); (x as HTMLInputElement).select(); });
        await page.keyboard.press('Backspace');
        await el.evaluate((x) => { (x as HTMLInputElement).value = ''; });
        await el.type(values[kind], { delay: 40 * attempt });
      }
    }
  }
  // blur the last field
  for (const f of page.frames()) await f.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.()).catch(() => {});
  await new Promise((r) => setTimeout(r, 250));
  if (opts.submit === false) return false;
  // the pay button: in the card frame, else in the top page
  for (const f of [cardFrame, page.mainFrame()]) {
    if (!f) continue;
    const btn = await f.$('#pay-button, button[type=submit], input[type=submit]');
    if (btn) {
      await btn.click();
      return true;
    }
  }
  return false;
}

async function runSite(e: Expect, idx: number): Promise<SiteRun> {
  const t0 = Date.now();
  try {
    return await runSiteInner(e, idx);
  } finally {
    if (process.env.REPLICA_DEBUG) console.log(`${e.host}: ${Date.now() - t0} ms`);
  }
}

async function runSiteInner(e: Expect, idx: number): Promise<SiteRun> {
  const card = canaryCard(idx);
  const run: SiteRun = { card, offExample: [], finalUrl: '', submitted: false, leaks: [], pageErrors: [] };
  const visit = async (stealth: boolean, cardNo: string) => {
    const t0 = Date.now();
    const ctx = await browser.createBrowserContext();
    const page = await ctx.newPage();
    page.on('request', (rq) => {
      let u: URL;
      try {
        u = new URL(rq.url());
      } catch {
        return;
      }
      if (/^(https?|wss?):$/.test(u.protocol) && !/\.example$/.test(u.hostname)) run.offExample.push(rq.url());
    });
    page.on('pageerror', (err) => run.pageErrors.push(`${page.url()}: ${(err as Error).message ?? String(err)}`));
    if (stealth) {
      const ua = (await browser.userAgent()).replace('HeadlessChrome', 'Chrome');
      await page.setUserAgent(ua);
      await page.evaluateOnNewDocument(() => {
        Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
        Object.defineProperty(window, 'outerWidth', { get: () => window.innerWidth + 16 });
        Object.defineProperty(window, 'outerHeight', { get: () => window.innerHeight + 88 });
      });
    }
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`https://${e.host}${e.scanPath}`, { waitUntil: 'load', timeout: 15_000 });
    const tl = Date.now();
    const submitted = await fillAndPay(page, cardNo, { armDelayMs: e.armDelayMs, submit: e.probeSubmit !== false });
    if (process.env.REPLICA_DEBUG) console.log(`${e.host}: load ${tl - t0} ms, fill+pay ${Date.now() - tl} ms`);
    return { ctx, page, submitted };
  };
  const want = (r: RecordedRequest, cardNo: string) =>
    !!e.exfil && r.host === e.exfil.host && (!e.exfil.path || r.path.startsWith(e.exfil.path)) && carriesCard(r, cardNo, e.exfil.key);

  try {
    if (e.evadesHeadless) {
      // Plain headless must NOT trigger it; a disguised browser must.
      const plainCard = canaryCard(idx + 500);
      const plain = await visit(false, plainCard);
      await new Promise((r) => setTimeout(r, 3000));
      run.plainHit = server.requests.find((r) => want(r, plainCard)) ?? null;
      await plain.ctx.close();
    }
    const { ctx, page, submitted } = await visit(!!e.evadesHeadless, card);
    run.submitted = submitted;
    if (e.variant === 'fixed') {
      await page.waitForFunction(() => /confirmation/i.test(location.pathname), { timeout: 10_000 }).catch(() => {});
      await new Promise((r) => setTimeout(r, 1500));
    } else {
      const timeout = (e.minWaitMs ?? 0) + 10_000;
      run.hit = await server.waitFor((r) => want(r, card), timeout).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
    }
    if (e.variant !== 'fixed' && e.probeSubmit !== false) await page.waitForFunction(() => /confirmation/i.test(location.pathname), { timeout: 5_000 }).catch(() => {});
    run.finalUrl = page.url();
    if (!/confirmation/i.test(run.finalUrl)) {
      run.formErrors = await page
        .evaluate(() => Array.from(document.querySelectorAll('label.error, .alert-danger:not(.d-none), .is-invalid')).map((x) => `${x.id || (x as HTMLInputElement).name || ''}: ${x.textContent?.trim() ?? ''} ${(x as HTMLInputElement).value ?? ''}`))
        .catch((err: Error) => [String(err)]);
    }
    const allowed = new Set([e.host, ...(e.allowedHosts ?? [])]);
    run.leaks = server.requests.filter((r) => !allowed.has(r.host) && carriesCard(r, card));
    if (e.cardSink) {
      const sinkHost = e.cardSink.host ?? e.host;
      run.sinkHit = server.requests.find((r) => r.host === sinkHost && r.path === e.cardSink!.path && carriesCard(r, card));
    }
    await ctx.close();
  } catch (err) {
    run.error = (err as Error).stack ?? String(err);
  }
  return run;
}

beforeAll(async () => {
  server = await startFixtureServer({ sitesDir: SITES_DIR });
  browser = await launch(server.port);
  const limit = pLimit(Number(process.env.REPLICA_CONCURRENCY) || 5);
  // Start the slow ones first so their waits overlap with everything else.
  const ordered = [...sites].sort((a, b) => (b.minWaitMs ?? 0) - (a.minWaitMs ?? 0));
  for (const e of ordered) results.set(e.host, limit(() => runSite(e, sites.indexOf(e))));
});

afterAll(async () => {
  await Promise.allSettled([...results.values()]);
  await browser?.close();
  await server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('replica sites', () => {
  test.skipIf(!!process.env.REPLICA_ONLY)('corpus is complete', () => {
    const hosts = sites.map((s) => s.host);
    for (const city of ['dothan', 'deerfieldbeach', 'palmbay', 'milton', 'coralsprings', 'bakersfield', 'pocatello', 'brokenarrow', 'ames']) {
      expect(hosts).toContain(`pay.${city}.example`);
    }
    expect(sites.filter((s) => s.variant === 'fixed').length).toBeGreaterThanOrEqual(3);
  });

  for (const e of sites) {
    const slow = (e.minWaitMs ?? 0) > 5000;
    test(`${e.host} (${e.variant}, ${e.verdict})`, { timeout: slow ? 90_000 : 60_000 }, async () => {
      const run = await results.get(e.host)!;
      expect(run.error, run.error).toBeUndefined();
      expect(run.offExample, 'requests to hosts outside .example').toEqual([]);
      expect(run.pageErrors, 'uncaught page errors').toEqual([]);
      if (e.probeSubmit !== false) {
        expect(run.submitted, 'found and clicked the pay button').toBe(true);
        expect(run.finalUrl, `payment went through to the confirmation page (${JSON.stringify(run.formErrors)})`).toMatch(/confirmation/i);
      }
      if (process.env.REPLICA_DEBUG) console.log(e.host, run.card, run.hit?.method, run.hit?.url.slice(0, 160), (run.hit?.body || run.hit?.frames.map((f) => f.data).join(' | ') || '').slice(0, 200));
      if (e.variant === 'fixed') {
        expect(e.verdict).toBe('clean');
        expect(run.leaks.map((r) => r.url), 'card sent to a host other than the site / its processor').toEqual([]);
        expect(run.sinkHit, 'the card reached the legitimate sink (own endpoint or processor)').toBeDefined();
      } else {
        expect(e.exfil?.host).toBeTruthy();
        expect(run.hit, `no request to ${e.exfil?.host} carried card ${run.card}`).toBeDefined();
        if (e.exfil!.type === 'websocket') expect(run.hit!.scheme).toMatch(/^wss?$/);
        if (e.evadesHeadless) expect(run.plainHit, 'fired in plain headless Chromium').toBeNull();
      }
    });
  }
});
