import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { findChrome } from './find-chrome.js';
import { SkimscanError, errorMessage } from '../errors.js';
import type { Log } from './log.js';

export interface ResolveRule {
  hostGlob: string;
  address: string;
  port?: number;
}

export interface LaunchOptions {
  chromePath?: string;
  resolve?: ResolveRule[];
  /** Every host that no resolve rule maps becomes unreachable. */
  offline?: boolean;
  ignoreHttpsErrors?: boolean;
  proxy?: string;
  /** Cap on the renderer's JavaScript heap, so a hostile page cannot exhaust the machine. */
  maxHeapMb?: number;
  log?: Log;
}

export interface LaunchedBrowser {
  browser: Browser;
  /** e.g. "Chromium 156.0.8078.73" */
  version: string;
  executablePath: string;
  close(): Promise<void>;
}

/** Chromium reaches for Google hosts on its own; these switches and prefs keep it quiet. */
const QUIET_ARGS = [
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
  '--disable-breakpad', '--no-first-run', '--no-default-browser-check', '--disable-quic',
  '--metrics-recording-only', '--password-store=basic', '--use-mock-keychain',
  '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,' +
    'CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,NetworkTimeServiceQuerying',
];

export function hostResolverRules(resolve: ResolveRule[], offline: boolean): string | null {
  const rules = resolve.map((r) => `MAP ${r.hostGlob} ${r.address}${r.port ? `:${r.port}` : ''}`);
  if (offline) rules.push('MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1');
  return rules.length ? rules.join(', ') : null;
}

export function chromiumArgs(options: LaunchOptions): string[] {
  const args = [...QUIET_ARGS, `--js-flags=--max-old-space-size=${options.maxHeapMb ?? 512}`,
    '--window-size=1366,900'];
  const rules = hostResolverRules(options.resolve ?? [], options.offline ?? false);
  if (rules) args.push(`--host-resolver-rules=${rules}`);
  if (options.proxy) args.push(`--proxy-server=${options.proxy}`);
  if (options.ignoreHttpsErrors) args.push('--ignore-certificate-errors');
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** A fresh profile whose Preferences stop failed lookups from querying public DNS helpers. */
export function makeProfile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skimscan-profile-'));
  mkdirSync(join(dir, 'Default'), { recursive: true });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({
    alternate_error_pages: { enabled: false },
    search: { suggest_enabled: false },
    safebrowsing: { enabled: false },
    net: { network_prediction_options: 2 },
  }));
  return dir;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const executablePath = findChrome(options.chromePath);
  if (process.getuid?.() === 0) {
    options.log?.warn('running as root: Chromium is started with --no-sandbox');
  }
  const profile = makeProfile();
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir: profile,
      args: chromiumArgs(options),
      acceptInsecureCerts: options.ignoreHttpsErrors ?? false,
      defaultViewport: null,
      protocolTimeout: 30_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw new SkimscanError('browser', `could not start ${executablePath}: ${errorMessage(err).split('\n')[0]}`);
  }
  const raw = await browser.version();
  const version = raw.replace(/^(Headless)?Chrome\//, 'Chromium ');
  return {
    browser, version, executablePath,
    async close() {
      const proc = browser.process();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([browser.close().catch(() => {}), new Promise((r) => { timer = setTimeout(r, 5000); })]);
      clearTimeout(timer);
      if (proc && proc.exitCode === null) proc.kill('SIGKILL');
      // Puppeteer starts Chromium as a process-group leader: take its helpers (zygote, renderers,
      // GPU, network service) with it, so no Chromium outlives the run.
      if (proc?.pid && process.platform !== 'win32') {
        try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* the group is already gone */ }
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * A browser skimscan did not launch (a browserless service, a `chrome --remote-debugging-port`
 * pool), over its DevTools WebSocket. Its switches (--host-resolver-rules, the profile) were set by
 * whoever started it: contain it there (see docs/scale.md). close() only disconnects.
 */
export async function connectBrowser(wsEndpoint: string, options: { ignoreHttpsErrors?: boolean } = {}): Promise<LaunchedBrowser> {
  let browser: Browser;
  try {
    browser = await puppeteer.connect({
      browserWSEndpoint: wsEndpoint, acceptInsecureCerts: options.ignoreHttpsErrors ?? false,
      defaultViewport: null, protocolTimeout: 30_000,
    });
  } catch (err) {
    throw new SkimscanError('browser', `could not connect to ${wsEndpoint.replace(/\?.*$/, '')}: ${errorMessage(err).split('\n')[0]}`);
  }
  const raw = await browser.version();
  return {
    browser, version: raw.replace(/^(Headless)?Chrome\//, 'Chromium '), executablePath: wsEndpoint.replace(/\?.*$/, ''),
    async close() {
      await browser.disconnect().catch(() => {});
    },
  };
}
