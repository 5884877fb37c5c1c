import pLimit from 'p-limit';
import type { TargetArtifacts } from './artifacts/types.js';
import type { ScriptAnalysis, ScriptInput } from './analyse/types.js';
import type { LaunchOptions } from './gather/browser.js';
import { BrowserKeeper } from './gather/relaunch.js';
import { scanTarget, type ScanOptions } from './gather/scan-target.js';
import { judgeTarget, type JudgeOptions } from './verdict/index.js';
import { buildReport } from './report/json.js';
import type { ScanReport, TargetResult } from './report/types.js';
import { saveArtifacts } from './artifacts/store.js';
import { VERSION } from './version.js';
import { silentLog, type Log } from './gather/log.js';
import { errorMessage } from './errors.js';

export interface RunOptions {
  targets: string[];
  launch: LaunchOptions;
  scan: Partial<ScanOptions>;
  concurrency: number;
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>;
  rulesVersion: string;
  allowedProcessors?: string[];
  /** Extra judging (baseline drift, policy, suppressions): see JudgeOptions. */
  judge?: Pick<JudgeOptions, 'extraFindings' | 'suppress'>;
  saveArtifactsDir?: string;
  /** What goes into the report's `options`. */
  reportOptions: Record<string, unknown>;
  log?: Log;
  signal?: AbortSignal;
  /** Called as each target finishes, in completion order. */
  onResult?: (result: TargetResult, index: number) => void;
  /** Called as each target starts (progress display). */
  onStart?: (url: string, index: number) => void;
  /** Called with each target's artifacts before it is judged (sources and screenshots for reports). */
  onArtifacts?: (artifacts: TargetArtifacts, index: number) => void;
}

/** One Chromium for the run, a fresh context per target, bounded concurrency; one report. */
export async function runScan(options: RunOptions): Promise<ScanReport> {
  const log = options.log ?? silentLog;
  const startedAt = new Date().toISOString();
  const launched = await BrowserKeeper.start(options.launch, log);
  const artifacts: TargetArtifacts[] = new Array(options.targets.length);
  const results: TargetResult[] = new Array(options.targets.length);
  try {
    const limit = pLimit(options.concurrency);
    await Promise.all(options.targets.map((url, i) => limit(async () => {
      options.onStart?.(url, i);
      artifacts[i] = await scanOne(launched, url, options);
      options.onArtifacts?.(artifacts[i]!, i);
      results[i] = await judgeTarget(artifacts[i]!, { analyse: options.analyse, allowedProcessors: options.allowedProcessors, ...options.judge });
      options.onResult?.(results[i]!, i);
    })));
  } finally {
    await launched.close();
  }
  const finishedAt = new Date().toISOString();
  if (options.saveArtifactsDir) {
    await saveArtifacts(options.saveArtifactsDir, {
      tool: { name: 'skimscan', version: VERSION }, browser: launched.version,
      options: options.reportOptions, startedAt, finishedAt,
    }, artifacts);
  }
  return buildReport({
    tool: { name: 'skimscan', version: VERSION, rulesVersion: options.rulesVersion },
    browser: launched.version, options: options.reportOptions, startedAt, finishedAt, targets: results,
  });
}

async function scanOne(keeper: BrowserKeeper, url: string, options: RunOptions): Promise<TargetArtifacts> {
  if (options.signal?.aborted) return interrupted(url);
  try {
    const { browser } = await keeper.get();
    const a = await scanTarget(browser, url, { ...options.scan, signal: options.signal, log: options.log });
    if (!browser.connected) a.fatal = { code: 'crash', message: 'Chromium exited during this target' };
    return a;
  } catch (err) {
    return { ...interrupted(url), fatal: { code: 'browser', message: errorMessage(err).split('\n')[0]! } };
  }
}

function interrupted(url: string): TargetArtifacts {
  const now = new Date().toISOString();
  return {
    artifactsVersion: 1, url, finalUrl: null, startedAt: now, finishedAt: now, status: null,
    scripts: null, sources: {}, network: null, dom: null, fields: null, probe: null, errors: [], caps: [],
    fatal: { code: 'interrupted', message: 'the run was interrupted before this target was scanned' },
  };
}
