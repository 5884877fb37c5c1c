// The HTML report in real Chromium (contained): every string from a scanned page is hostile, and
// must render as inert, visible text in every tab and expanded section. Run twice: as written
// (its CSP forbids scripts) and with the CSP removed, so the escaping alone is proven too.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContained, type ContainedEnv } from '../helpers/contained.js';
import { renderHtml } from '../../src/report/html.js';
import { hostileReport, SOURCES, XSS, TEMPLATE, JS_URL } from './hostile-report.js';

// A 1x1 PNG.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let env: ContainedEnv;
const dir = mkdtempSync(join(tmpdir(), 'skimscan-html-'));

beforeAll(async () => { env = await startContained(); }, 60_000);
afterAll(async () => { await env?.close(); });

async function openEverything(file: string) {
  const context = await env.launched.browser.createBrowserContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('request', (r) => { requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const texts: string[] = [];
  const labels = await page.$$('.tabs > label');
  for (const label of labels) {
    await label.click();
    await page.$$eval('details', (ds) => { for (const d of ds) (d as HTMLDetailsElement).open = true; });
    texts.push(await page.evaluate(() => document.body.innerText));
  }
  await new Promise((r) => setTimeout(r, 300)); // let a broken <img onerror> fire, if one existed
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    jsLinks: [...document.querySelectorAll('[href],[src],[action],[formaction]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('formaction') ?? '')
      .filter((u) => !/^(#t\d+|data:image\/png;base64,)/.test(u)),
    tags: [...new Set([...document.querySelectorAll('body *')].map((el) => el.tagName.toLowerCase()))],
    panelsShown: [...document.querySelectorAll('.tabs > div.panel')].filter((p) => getComputedStyle(p).display !== 'none').length,
  }));
  await context.close();
  return { dialogs, requests, texts, state, labels: labels.length };
}

describe('HTML report', () => {
  const report = hostileReport();
  const html = renderHtml(report, { sources: SOURCES, screenshots: [PNG, null, null], failOn: 'high' });
  const variants = {
    'with its CSP': html,
    'with the CSP removed (escaping alone)': html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };

  it('is one self-contained file: no external reference of any kind', () => {
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(/i);
    expect(html.match(/\b(src|href)="(?!#t\d|data:image\/png;base64,)/g)).toBeNull();
  });

  for (const [name, text] of Object.entries(variants)) {
    it(`renders hostile page strings as inert text in every tab and section (${name})`, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.html`);
      writeFileSync(file, text);
      const r = await openEverything(file);
      expect(r.labels).toBe(report.targets.length * 4 + 1); // 4 tabs each, + Notes on the first
      expect(r.state.pwned).toBeNull();
      expect(r.dialogs).toEqual([]);
      expect(r.state.handlers).toEqual([]);
      expect(r.state.jsLinks).toEqual([]);
      expect(r.state.tags).not.toContain('svg');
      expect(r.state.tags).not.toContain('script');
      expect(r.state.tags.filter((t) => t === 'img')).toHaveLength(1); // the screenshot
      expect(r.requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
      const all = r.texts.join('\n');
      for (const s of [XSS, TEMPLATE, JS_URL, '<svg onload=window.__pwned=5><b>bold</b>', 'new Image().src']) expect(all).toContain(s);
      // Each tab shows its own panel.
      expect(r.state.panelsShown).toBe(report.targets.length);
    });
  }
});
