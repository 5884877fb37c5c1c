// One scheduled run of one group: runScan over its targets, each target committed to the history
// as soon as it is judged, alerts evaluated against the previous record (or the baseline), and the
// run closed as complete or interrupted.
import { randomUUID } from 'node:crypto';
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';
import type { Severity, TargetArtifacts } from '../artifacts/types.js';
import type { ScanReport } from '../report/types.js';
import { runScan } from '../scan.js';
import { builtInProcessors } from '../verdict/processors.js';
import { judgeHooks } from '../cli/judge-hooks.js';
import { exitCodeFor, EXIT } from '../cli/exit.js';
import type { Config } from '../cli/config.js';
import { VERSION } from '../version.js';
import { errorMessage } from '../errors.js';
import type { Log } from '../gather/log.js';
import type { HistoryDb } from '../history/db.js';
import { keptSources, targetRecord } from '../history/facts.js';
import { evaluateAlerts } from '../alerts/changes.js';
import { buildPayload } from '../alerts/payload.js';
import type { GroupSpec } from './groups.js';

export interface RunContext {
  db: HistoryDb;
  config: Config;
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>;
  rulesVersion: string;
  log: Log;
  /** Channel names; an alert event gets one pending delivery per channel. */
  channels: string[];
  threshold: Severity;
  /** Called after alert events were queued (kicks the dispatcher). */
  onAlertQueued?: () => void;
}

export interface RunOutcome {
  runId: number;
  status: 'complete' | 'interrupted' | 'incomplete';
  report: ScanReport | null;
  exitCode: number;
  alerts: number;
  durationMs: number;
}

export async function runGroup(ctx: RunContext, g: GroupSpec, opts: { trigger: string; signal?: AbortSignal }): Promise<RunOutcome> {
  // A signal of this run's own, tied to the process-wide one: whatever listeners the scan attaches
  // go away with the run instead of piling up on a signal that lives as long as `watch`.
  const own = new AbortController();
  const relay = () => own.abort();
  if (opts.signal?.aborted) own.abort();
  else opts.signal?.addEventListener('abort', relay, { once: true });
  try {
    return await runGroupWith(ctx, g, { trigger: opts.trigger, signal: own.signal });
  } finally {
    opts.signal?.removeEventListener('abort', relay);
  }
}

async function runGroupWith(ctx: RunContext, g: GroupSpec, opts: { trigger: string; signal: AbortSignal }): Promise<RunOutcome> {
  const { db, log } = ctx;
  const t0 = Date.now();
  const startedAt = new Date().toISOString();
  const runId = db.startRun({
    group: g.name, trigger: opts.trigger, targetsTotal: g.targets.length, options: g.reportOptions,
    toolVersion: VERSION, rulesVersion: ctx.rulesVersion, startedAt,
  });
  log.info(`${g.name}: run ${runId} started (${g.targets.length} target${g.targets.length === 1 ? '' : 's'})`);
  const artifacts = new Map<number, TargetArtifacts>();
  let alerts = 0;
  let recordError: unknown = null;
  let report: ScanReport | null = null;
  try {
    const judge = await judgeHooks(ctx.config, g.baselineDir, ctx.analyse);
    report = await runScan({
      targets: g.targets, concurrency: g.concurrency, launch: { ...g.launch, log }, scan: g.scan,
      analyse: ctx.analyse, rulesVersion: ctx.rulesVersion,
      allowedProcessors: [...builtInProcessors(), ...(ctx.config.allowedProcessors ?? [])], judge,
      reportOptions: g.reportOptions, log, signal: opts.signal,
      onArtifacts: (a, i) => { artifacts.set(i, a); },
      onResult: (r, i) => {
        const a = artifacts.get(i);
        artifacts.delete(i);
        if (recordError) return;
        try {
          const rec = targetRecord(a, r);
          const { changes } = db.recordTarget(runId, i, rec, a ? keptSources(a) : {});
          const evaluation = evaluateAlerts({
            current: rec, changes, open: db.openAlerts(rec.url), threshold: ctx.threshold, baseline: !!g.baselineDir,
            previous: db.previousTarget(rec.url, runId, { judged: true }), recent: db.recentInventory(rec.url, runId),
          });
          if (evaluation.open.length || evaluation.resolve.length) {
            const now = new Date().toISOString();
            const payload = buildPayload({
              run: { id: runId, group: g.name, startedAt }, target: rec,
              previousVerdict: changes.first ? null : (changes.verdict?.from ?? rec.verdict),
              opened: evaluation.open, resolved: evaluation.resolve, now, id: randomUUID(),
            });
            db.applyAlertEvent({
              runId, targetUrl: rec.url, uuid: payload.id, event: payload.event, payload: JSON.stringify(payload), channels: ctx.channels, now,
              open: evaluation.open, resolve: evaluation.resolve.map((x) => x.key),
            });
            alerts++;
            log.info(`${g.name}: ${rec.url}: ${payload.event}: ${[...evaluation.open.map((x) => `+${x.kind} ${shortSubject(x.kind, x.subject, x.detail)}`), ...evaluation.resolve.map((x) => `-${x.kind} ${shortSubject(x.kind, x.subject, x.detail)}`)].join(', ')}`);
            ctx.onAlertQueued?.();
          }
        } catch (err) {
          recordError = err;
        }
      },
    });
  } catch (err) {
    const note = `run failed: ${errorMessage(err).split('\n')[0]}`;
    db.finishRun(runId, opts.signal?.aborted ? 'interrupted' : 'incomplete', { note });
    log.warn(`${g.name}: run ${runId} ${note}`);
    return { runId, status: opts.signal?.aborted ? 'interrupted' : 'incomplete', report: null, exitCode: opts.signal?.aborted ? EXIT.interruptedTerm : EXIT.usage, alerts, durationMs: Date.now() - t0 };
  }
  if (recordError) {
    const note = `recording failed: ${errorMessage(recordError).split('\n')[0]}`;
    db.finishRun(runId, 'incomplete', { browser: report.browser, note });
    log.warn(`${g.name}: run ${runId} ${note}`);
    return { runId, status: 'incomplete', report, exitCode: EXIT.usage, alerts, durationMs: Date.now() - t0 };
  }
  const status = opts.signal?.aborted ? 'interrupted' : 'complete';
  db.finishRun(runId, status, { browser: report.browser, note: status === 'interrupted' ? 'interrupted by a signal' : null });
  const s = report.summary;
  log.info(`${g.name}: run ${runId} ${status} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${s.compromised} compromised, ${s.suspicious} suspicious, ${s.clean} clean, ${s.error} error`);
  return { runId, status, report, exitCode: exitCodeFor(report, g.failOn), alerts, durationMs: Date.now() - t0 };
}

function shortSubject(kind: string, subject: string, detail: Record<string, unknown>): string {
  if (kind === 'finding') return String(detail.ruleId ?? subject.split(' ')[0]);
  if (kind.startsWith('script-')) return String(detail.script ?? subject.split(' ').slice(-2).join(' '));
  return subject;
}
