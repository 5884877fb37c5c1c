// Browser flags and artifact gathering shared by `baseline`, `csp` and `inventory`: the same
// settings as `scan` (config file, then CLI), one Chromium, a fresh context per target.
import { Command, Option } from 'commander';
import pLimit from 'p-limit';
import type { TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis } from '../analyse/types.js';
import { launchBrowser } from '../gather/browser.js';
import { scanTarget } from '../gather/scan-target.js';
import type { Log } from '../gather/log.js';
import { errorMessage } from '../errors.js';
import type { Config } from './config.js';
import type { CliIO } from './io.js';
import { collect, parseHeaders, positiveInt, resolveRules } from './options.js';

export interface BrowserFlags {
  targets?: string;
  config?: string;
  concurrency?: number;
  timeout?: number;
  quietWindow?: number;
  chrome?: string;
  resolve?: string[];
  offline?: boolean;
  ignoreHttpsErrors?: boolean;
  header?: string[];
  cookie?: string[];
  proxy?: string;
  device?: 'desktop' | 'mobile';
  probe?: boolean;
  click?: string[];
  allowSubmit?: boolean;
}

export function addBrowserOptions(cmd: Command): Command {
  return cmd
    .option('--targets <file>', 'file with one URL per line')
    .option('--config <file>', 'config file (default: ./skimscan.config.json when present)')
    .option('--concurrency <n>', 'targets scanned at once (default 2)', positiveInt('--concurrency', 1, 32))
    .option('--timeout <ms>', 'budget per target in ms (default 30000)', positiveInt('--timeout', 1000, 600_000))
    .option('--quiet-window <ms>', 'no-new-request window after load (default 1000)', positiveInt('--quiet-window', 0, 60_000))
    .option('--chrome <path>', 'Chrome or Chromium executable')
    .option('--resolve <rule>', "map hosts for every browser request: 'HOSTGLOB=ADDR[:PORT]'; repeatable", collect)
    .option('--offline', 'make every host that no --resolve maps unreachable')
    .option('--ignore-https-errors', 'accept invalid TLS certificates')
    .option('--header <header>', "extra request header 'Name: value'; repeatable", collect)
    .option('--cookie <cookie>', "cookie 'name=value; Domain=…'; repeatable", collect)
    .option('--proxy <url>', 'HTTP(S) proxy for the browser')
    .addOption(new Option('--device <device>', 'desktop or mobile').choices(['desktop', 'mobile']))
    .option('--no-probe', 'do not type canary card data into forms')
    .option('--click <selector>', 'click this before probing (multi-step flows); repeatable', collect)
    .option('--allow-submit', "let the page's own form submission reach its backend");
}

export interface Gathered {
  browser: string;
  artifacts: TargetArtifacts[];
}

/** Scans each URL into artifacts (no verdict). Page problems end up in `fatal`, never thrown. */
export async function gatherArtifacts(urls: string[], flags: BrowserFlags, config: Config, io: CliIO): Promise<Gathered> {
  const log: Log = { info: () => {}, warn: (m) => io.stderr(`skimscan: ${m}\n`), debug: () => {} };
  const launched = await launchBrowser({
    chromePath: flags.chrome, resolve: resolveRules(flags.resolve, config),
    offline: flags.offline ?? config.scan?.offline ?? false,
    ignoreHttpsErrors: flags.ignoreHttpsErrors ?? config.scan?.ignoreHttpsErrors ?? false,
    proxy: flags.proxy, log,
  });
  try {
    const limit = pLimit(flags.concurrency ?? config.scan?.concurrency ?? 2);
    const scan = {
      timeoutMs: flags.timeout ?? config.scan?.timeout ?? 30_000,
      quietMs: flags.quietWindow ?? config.scan?.quietMs ?? 1000,
      headers: parseHeaders(flags.header, config.scan?.headers), cookies: flags.cookie,
      device: flags.device ?? 'desktop', screenshot: false, log,
      probe: flags.probe !== false && (config.scan?.probe ?? true), clicks: flags.click, allowSubmit: flags.allowSubmit ?? false,
    } as const;
    const artifacts = await Promise.all(urls.map((url) => limit(async (): Promise<TargetArtifacts> => {
      try {
        return await scanTarget(launched.browser, url, scan);
      } catch (err) {
        const now = new Date().toISOString();
        return {
          artifactsVersion: 1, url, finalUrl: null, startedAt: now, finishedAt: now, status: null, scripts: null, sources: {},
          network: null, dom: null, fields: null, probe: null, errors: [], caps: [], fatal: { code: 'internal', message: errorMessage(err) },
        };
      }
    })));
    return { browser: launched.version, artifacts };
  } finally {
    await launched.close();
  }
}

/** Static analysis of every unique script of the targets. */
export async function analyseAll(targets: TargetArtifacts[], analyse: (i: import('../analyse/types.js').ScriptInput) => Promise<ScriptAnalysis>): Promise<Map<string, ScriptAnalysis>> {
  const out = new Map<string, ScriptAnalysis>();
  for (const a of targets) {
    for (const s of a.scripts ?? []) {
      const source = a.sources[s.sha256];
      if (out.has(s.sha256) || source === undefined) continue;
      out.set(s.sha256, await analyse({ sha256: s.sha256, source, url: s.url, kind: s.kind, isModule: s.isModule }));
    }
  }
  return out;
}

/** A target that produced nothing to record. */
export function nothingCaptured(a: TargetArtifacts): boolean {
  return a.fatal !== null && !(a.scripts?.length);
}
