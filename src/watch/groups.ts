// Config -> the groups `watch` runs: each schedule's scan options over the top-level `scan`, and
// when a group is due.
import { Cron } from 'croner';
import type { Severity } from '../artifacts/types.js';
import type { LaunchOptions } from '../gather/browser.js';
import type { ScanOptions } from '../gather/scan-target.js';
import { UsageError } from '../errors.js';
import { parseResolveRule, type Config, type ScanConfig, type ScheduleConfig } from '../cli/config.js';
import type { RunRow } from '../history/db.js';

export interface GroupSpec {
  name: string;
  cron: string;
  timezone?: string;
  targets: string[];
  concurrency: number;
  failOn: Severity | 'none';
  launch: LaunchOptions;
  scan: Partial<ScanOptions>;
  baselineDir?: string;
  /** What goes into each run's `options` (and the report's). */
  reportOptions: Record<string, unknown>;
}

export function groupsOf(config: Config, opts: { chromePath?: string; only?: string[] } = {}): GroupSpec[] {
  const schedules = config.schedules ?? [];
  if (!schedules.length) throw new UsageError('config has no "schedules": nothing to watch (see docs/deploy.md)');
  for (const n of opts.only ?? []) {
    if (!schedules.some((s) => s.name === n)) throw new UsageError(`--group ${n}: no schedule of that name (have: ${schedules.map((s) => s.name).join(', ')})`);
  }
  return schedules.filter((s) => !opts.only?.length || opts.only.includes(s.name)).map((s) => groupOf(s, config.scan ?? {}, opts.chromePath));
}

function groupOf(s: ScheduleConfig, top: ScanConfig, chromePath: string | undefined): GroupSpec {
  const c: ScanConfig = { ...top, ...s.scan };
  const resolve = (c.resolve ?? []).map(parseResolveRule);
  const timeoutMs = c.timeout ?? 30_000;
  const quietMs = c.quietMs ?? 1000;
  const concurrency = c.concurrency ?? 2;
  const failOn = c.failOn ?? 'high';
  return {
    name: s.name, cron: s.cron, timezone: s.timezone, targets: [...new Set(s.targets)], concurrency, failOn,
    launch: { chromePath, resolve, offline: c.offline ?? false, ignoreHttpsErrors: c.ignoreHttpsErrors ?? false },
    scan: { timeoutMs, quietMs, headers: c.headers ?? {}, device: 'desktop', screenshot: false },
    baselineDir: s.baseline,
    reportOptions: {
      group: s.name, ignoreHttpsErrors: c.ignoreHttpsErrors ?? false, offline: c.offline ?? false, timeoutMs, concurrency, quietMs, failOn,
      device: 'desktop', resolve: c.resolve ?? [], headers: Object.keys(c.headers ?? {}), baseline: s.baseline ?? null,
    },
  };
}

export function cronOf(g: Pick<GroupSpec, 'cron' | 'timezone'>): Cron {
  return new Cron(g.cron, { paused: true, timezone: g.timezone });
}

/**
 * Due when the group never completed a run, or when its schedule had an occurrence after the start
 * of its last completed run (an interrupted or incomplete run does not count: it runs again).
 */
export function isDue(g: Pick<GroupSpec, 'cron' | 'timezone'>, lastComplete: Pick<RunRow, 'startedAt'> | null, now: Date = new Date()): boolean {
  if (!lastComplete) return true;
  const job = cronOf(g);
  try {
    const next = job.nextRun(new Date(lastComplete.startedAt));
    return next !== null && next.getTime() <= now.getTime();
  } finally {
    job.stop();
  }
}
