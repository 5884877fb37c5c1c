// The probe's accelerated timers in real Chromium: nothing changes while the probe types; a flush
// fires pending long timeouts soon and in order, ticks long intervals quickly, leaves waits beyond
// FLUSH_MAX_MS alone, and caps SDK loops that re-arm long timeouts for ever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { BINDING, FLUSH_EVENT, HOOK_SOURCE, HOOK_SOURCE_FLUSHED } from '../../src/gather/probe/hooks.js';
import { startContained, type ContainedEnv } from '../helpers/contained.js';

let env: ContainedEnv;
beforeAll(async () => { env = await startContained(); }, 60_000);
afterAll(async () => { await env?.close(); });

async function openWithHooks(source: string): Promise<{ page: Page; messages: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const context = await env.launched.browser.createBrowserContext();
  const page = await context.newPage();
  const messages: Array<Record<string, unknown>> = [];
  // the binding the probe adds (puppeteer's exposeFunction keeps state on the global the hooks delete)
  const cdp = await page.createCDPSession();
  cdp.on('Runtime.bindingCalled', (e: { name: string; payload: string }) => { if (e.name === BINDING) messages.push(JSON.parse(e.payload)); });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING });
  await page.evaluateOnNewDocument(source);
  await page.goto(`${env.server.origin('plain.skimscan.test')}/`, { waitUntil: 'load' });
  return { page, messages, close: () => context.close() };
}

const fired = (page: Page) => page.evaluate(() => (window as any).fired as string[]);

describe('accelerated timers', () => {
  it('are untouched until the flush, then fire soon and in order', async () => {
    const { page, messages, close } = await openWithHooks(HOOK_SOURCE);
    try {
      await page.evaluate(() => {
        const w = window as any;
        w.fired = [];
        setTimeout(() => w.fired.push('t30'), 30_000);
        setTimeout(() => w.fired.push('t10'), 10_000);
        setTimeout(() => w.fired.push('short'), 50);
        setTimeout(() => w.fired.push('t300'), 300_000);
        const cancelled = setTimeout(() => w.fired.push('cancelled'), 20_000);
        clearTimeout(cancelled);
        let n = 0;
        const every = setInterval(() => { n++; w.fired.push('i' + n); if (n === 2) clearInterval(every); }, 15_000);
      });
      await new Promise((r) => setTimeout(r, 600));
      expect(await fired(page)).toEqual(['short']);
      const t0 = Date.now();
      await page.evaluate((name) => { document.dispatchEvent(new Event(name)); }, FLUSH_EVENT);
      await page.waitForFunction(() => (window as any).fired.length >= 5, { timeout: 5000 });
      expect(Date.now() - t0).toBeLessThan(2500);
      await new Promise((r) => setTimeout(r, 800));
      const order = await fired(page);
      expect(order[0]).toBe('short');
      expect(order.indexOf('t10')).toBeGreaterThan(0);
      expect(order.indexOf('t30')).toBeGreaterThan(order.indexOf('t10'));
      expect(order).toContain('i1');
      expect(order).toContain('i2');
      expect(order).not.toContain('i3');
      expect(order).not.toContain('cancelled');
      expect(order).not.toContain('t300');
      expect(messages.find((m) => m.kind === 'flush')).toMatchObject({ pending: 3 });
    } finally {
      await close();
    }
  });

  it('start flushed in documents loaded after the flush, with SDK loops capped', async () => {
    const { page, close } = await openWithHooks(HOOK_SOURCE_FLUSHED);
    try {
      const t0 = Date.now();
      await page.evaluate(() => {
        const w = window as any;
        w.fired = []; w.loops = 0;
        setTimeout(() => w.fired.push('t45'), 45_000);
        // an SDK batch loop: re-arms a new bound function from an async callback
        const loop = function (this: unknown) { w.loops++; Promise.resolve().then(() => setTimeout(loop.bind(null), 10_000)); };
        setTimeout(loop.bind(null), 10_000);
      });
      await page.waitForFunction(() => (window as any).fired.includes('t45'), { timeout: 5000 });
      expect(Date.now() - t0).toBeLessThan(3000);
      await new Promise((r) => setTimeout(r, 8000));
      const loops = await page.evaluate(() => (window as any).loops as number);
      expect(loops).toBeGreaterThan(3);
      expect(loops).toBeLessThanOrEqual(30);
    } finally {
      await close();
    }
  }, 30_000);
});
