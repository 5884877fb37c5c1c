// What an anti-analysis skimmer sees of a probed page (real Chromium, fingerprint.skimscan.test
// reports the checks published skimmers run before they arm): a normal desktop Chrome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/gather/scan-target.js';
import { startContained, type ContainedEnv } from '../helpers/contained.js';

let env: ContainedEnv;
let fp: Record<string, any>;
beforeAll(async () => {
  env = await startContained();
  const a = await scanTarget(env.launched.browser, `${env.server.origin('fingerprint.skimscan.test')}/`, { timeoutMs: 15_000, quietMs: 800, screenshot: false });
  const beacon = (a.network ?? []).find((q) => q.url.endsWith('/fp'));
  fp = JSON.parse(beacon?.postData ?? '{}');
}, 60_000);
afterAll(async () => { await env?.close(); });

describe('stealth', () => {
  it('has no automation flag and no headless name', () => {
    expect(fp.webdriver).toBe(false);
    expect(fp.userAgent).toMatch(/Chrome\/\d+/);
    expect(fp.userAgent + fp.appVersion).not.toMatch(/Headless/i);
    expect(fp.brands).toContain('Google Chrome');
    expect(fp.brands.join()).not.toMatch(/Headless/i);
    expect(fp.chrome).toBe(true);
  });
  it('has plugins, languages and permissions as a desktop Chrome does', () => {
    expect(fp.plugins).toBeGreaterThanOrEqual(3);
    expect(fp.mimeTypes).toBeGreaterThanOrEqual(1);
    expect(fp.languages).toEqual(['en-US', 'en']);
    expect(fp.language).toBe('en-US');
    expect(fp.notification === 'denied' && fp.permission === 'prompt').toBe(false);
    expect(fp.hardwareConcurrency).toBeGreaterThan(0);
  });
  it('has a screen larger than the window, and a window frame around the viewport', () => {
    const [sw, sh, aw, ah] = fp.screen;
    const [ow, oh] = fp.outer;
    const [iw, ih] = fp.inner;
    expect(ow).toBeGreaterThan(iw);
    expect(oh).toBeGreaterThan(ih);
    expect(sw).toBeGreaterThanOrEqual(ow);
    expect(sh).toBeGreaterThanOrEqual(oh);
    expect(aw).toBeLessThanOrEqual(sw);
    expect(ah).toBeLessThanOrEqual(sh);
  });
  it('names a hardware GPU, not SwiftShader, and keeps patched functions native-looking', () => {
    expect(fp.webgl?.join(' ')).not.toMatch(/SwiftShader|llvmpipe/i);
    expect(fp.toStringNative).toBe(true);
    expect(fp.toStringOfToString).toBe('function toString() { [native code] }');
  });
});
