import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SkimscanError } from '../errors.js';

const KNOWN_PATHS: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium',
    '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** Browsers downloaded by `npx puppeteer browsers install chrome` live in ~/.cache/puppeteer. */
function puppeteerCacheBrowsers(): string[] {
  const root = process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  const found: string[] = [];
  for (const product of ['chrome', 'chromium', 'chrome-headless-shell']) {
    const dir = join(root, product);
    if (!existsSync(dir)) continue;
    for (const build of readdirSync(dir).sort().reverse()) {
      for (const sub of ['chrome-linux64/chrome', 'chrome-linux/chrome',
        'chrome-headless-shell-linux64/chrome-headless-shell',
        'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing']) {
        found.push(join(dir, build, sub));
      }
    }
  }
  return found;
}

export const NO_BROWSER_HINT =
  'no Chrome or Chromium found: install one (Debian/Ubuntu: `sudo apt-get install -y chromium`; ' +
  'elsewhere: `npx @puppeteer/browsers install chrome@stable`) or pass --chrome PATH / set SKIMSCAN_CHROME';

/** Flag, then environment, then known install paths, then puppeteer's download cache. */
export function defaultCandidates(): string[] {
  return [...(KNOWN_PATHS[process.platform] ?? []), ...puppeteerCacheBrowsers()];
}

export function findChrome(explicit?: string, env: NodeJS.ProcessEnv = process.env, candidates = defaultCandidates()): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new SkimscanError('browser', `--chrome ${explicit}: no such file`);
    return explicit;
  }
  for (const name of ['SKIMSCAN_CHROME', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = env[name];
    if (!value) continue;
    if (!existsSync(value)) throw new SkimscanError('browser', `${name}=${value}: no such file`);
    return value;
  }
  const hit = candidates.find((p) => existsSync(p));
  if (!hit) throw new SkimscanError('browser', NO_BROWSER_HINT);
  return hit;
}
