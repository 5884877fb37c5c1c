import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChrome, NO_BROWSER_HINT } from './find-chrome.js';

describe('findChrome', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skimscan-chrome-'));
  const fake = join(dir, 'chrome');
  writeFileSync(fake, '');

  it('prefers the flag, then SKIMSCAN_CHROME, then PUPPETEER_EXECUTABLE_PATH', () => {
    expect(findChrome(fake, {})).toBe(fake);
    expect(findChrome(undefined, { SKIMSCAN_CHROME: fake, PUPPETEER_EXECUTABLE_PATH: '/nope' })).toBe(fake);
    expect(findChrome(undefined, { PUPPETEER_EXECUTABLE_PATH: fake })).toBe(fake);
  });

  it('names a missing explicit browser', () => {
    expect(() => findChrome(join(dir, 'missing'), {})).toThrow(/missing: no such file/);
    expect(() => findChrome(undefined, { SKIMSCAN_CHROME: join(dir, 'gone') })).toThrow(/SKIMSCAN_CHROME=.*gone/);
  });

  it('falls back to known install paths, and gives a one-line hint when none exists', () => {
    expect(findChrome(undefined, {}, [join(dir, 'absent'), fake])).toBe(fake);
    expect(() => findChrome(undefined, {}, [join(dir, 'absent')])).toThrow(NO_BROWSER_HINT);
    expect(NO_BROWSER_HINT).not.toContain('\n');
    expect(NO_BROWSER_HINT).toMatch(/apt-get install -y chromium/);
  });
});
