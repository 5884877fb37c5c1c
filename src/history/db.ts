// The run history (SQLite through better-sqlite3). WAL mode with synchronous=FULL: every target
// is committed in its own transaction as soon as it is judged, so a process killed with SIGKILL
// loses nothing it had written; the run it was in is marked `incomplete` on the next open.
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ErrorCode, Severity, Verdict } from '../artifacts/types.js';
import { SkimscanError, UsageError, errorMessage } from '../errors.js';
import type { Destination } from '../baseline/facts.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { compareRecords, maxSeverity, type InventoryScript, type RecordChanges, type StoredFinding, type TargetRecord } from './facts.js';

export type RunStatus = 'running' | 'complete' | 'interrupted' | 'incomplete';

export interface RunRow {
  id: number;
  group: string;
  status: RunStatus;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  pid: number | null;
  host: string | null;
  toolVersion: string | null;
  rulesVersion: string | null;
  browser: string | null;
  options: Record<string, unknown>;
  targetsTotal: number;
  note: string | null;
}

export interface TargetRow {
  id: number;
  runId: number;
  position: number;
  url: string;
  finalUrl: string | null;
  verdict: Verdict;
  partial: boolean;
  error: { code: ErrorCode; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  maxSeverity: Severity | null;
  paymentPage: boolean;
  changes: RecordChanges;
  errors: TargetRecord['errors'];
}

export interface FullTarget extends TargetRow {
  findings: StoredFinding[];
  scripts: InventoryScript[];
  destinations: Destination[];
}

export interface AlertRow {
  key: string;
  targetUrl: string;
  kind: string;
  subject: string;
  severity: Severity;
  message: string;
  state: 'open' | 'resolved';
  openedRunId: number | null;
  openedAt: string;
  resolvedRunId: number | null;
  resolvedAt: string | null;
  detail: Record<string, unknown>;
}

export interface DeliveryRow {
  id: number;
  eventId: number;
  channel: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  payload: string;
  eventUuid: string;
  createdAt: string;
}

export interface AttemptRow {
  deliveryId: number;
  channel: string;
  eventUuid: string;
  attempt: number;
  at: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

type Row = Record<string, unknown>;

const json = <T>(s: unknown, fallback: T): T => {
  if (typeof s !== 'string') return fallback;
  try { return JSON.parse(s) as T; } catch { return fallback; }
};

function runFrom(r: Row): RunRow {
  return {
    id: r.id as number, group: r.group_name as string, status: r.status as RunStatus, trigger: r.trigger as string,
    startedAt: r.started_at as string, finishedAt: (r.finished_at as string | null) ?? null,
    pid: (r.pid as number | null) ?? null, host: (r.host as string | null) ?? null,
    toolVersion: (r.tool_version as string | null) ?? null, rulesVersion: (r.rules_version as string | null) ?? null,
    browser: (r.browser as string | null) ?? null, options: json(r.options_json, {}),
    targetsTotal: r.targets_total as number, note: (r.note as string | null) ?? null,
  };
}

function targetFrom(r: Row): TargetRow {
  return {
    id: r.id as number, runId: r.run_id as number, position: r.position as number, url: r.url as string,
    finalUrl: (r.final_url as string | null) ?? null, verdict: r.verdict as Verdict, partial: r.partial === 1,
    error: r.error_code ? { code: r.error_code as ErrorCode, message: (r.error_message as string) ?? '' } : null,
    startedAt: (r.started_at as string | null) ?? null, finishedAt: (r.finished_at as string | null) ?? null,
    maxSeverity: (r.max_severity as Severity | null) ?? null, paymentPage: r.payment_page === 1,
    changes: json(r.changes_json, {} as RecordChanges), errors: json(r.errors_json, []),
  };
}

function alertFrom(r: Row): AlertRow {
  return {
    key: r.key as string, targetUrl: r.target_url as string, kind: r.kind as string, subject: r.subject as string,
    severity: r.severity as Severity, message: r.message as string, state: r.state as AlertRow['state'],
    openedRunId: (r.opened_run_id as number | null) ?? null, openedAt: r.opened_at as string,
    resolvedRunId: (r.resolved_run_id as number | null) ?? null, resolvedAt: (r.resolved_at as string | null) ?? null,
    detail: json(r.detail_json, {}),
  };
}

/** Where the history lives by default: the user's data directory (XDG on Linux). */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? '.';
  if (platform === 'win32') return `${env.LOCALAPPDATA ?? `${home}\\AppData\\Local`}\\skimscan\\history.db`;
  if (platform === 'darwin') return `${home}/Library/Application Support/skimscan/history.db`;
  return `${env.XDG_DATA_HOME || `${home}/.local/share`}/skimscan/history.db`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** Skip marking dead runs incomplete (read-only views). */
  noRecovery?: boolean;
}

export class HistoryDb {
  readonly db: Database.Database;
  readonly path: string;
  /** Runs marked incomplete when this database was opened (their process had died). */
  readonly recovered: number[] = [];

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
  }

  static open(path: string, options: OpenOptions = {}): HistoryDb {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: 10_000 });
    } catch (err) {
      throw new UsageError(`history ${path}: cannot open: ${errorMessage(err)}`);
    }
    const h = new HistoryDb(path, db);
    try {
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
      }
      db.pragma('foreign_keys = ON');
      h.migrate(options.readonly ?? false);
      if (!options.readonly && !options.noRecovery) h.recoverDeadRuns();
    } catch (err) {
      db.close();
      throw err;
    }
    return h;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(readonly: boolean): void {
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION) {
      throw new SkimscanError('usage', `history ${this.path}: schema version ${current} is newer than this skimscan understands (${SCHEMA_VERSION}); upgrade skimscan`);
    }
    if (current === SCHEMA_VERSION) return;
    if (readonly) throw new UsageError(`history ${this.path}: schema version ${current} needs migrating; open it once with skimscan watch`);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  }

  /** Runs left `running` by a process that no longer exists (SIGKILL, power loss) -> `incomplete`. */
  recoverDeadRuns(now = new Date().toISOString()): number[] {
    const host = hostname();
    const rows = this.db.prepare(`SELECT id, pid, host FROM runs WHERE status = 'running'`).all() as Row[];
    const dead = rows.filter((r) => r.host !== host || r.pid === null || (r.pid !== process.pid && !pidAlive(r.pid as number)));
    const mark = this.db.prepare(`UPDATE runs SET status = 'incomplete', finished_at = COALESCE(
        (SELECT MAX(finished_at) FROM targets WHERE run_id = runs.id), started_at),
      note = ? WHERE id = ? AND status = 'running'`);
    this.db.transaction(() => {
      for (const r of dead) mark.run(`the process (pid ${r.pid} on ${r.host}) ended without finishing the run; marked incomplete at ${now}`, r.id);
    })();
    const ids = dead.map((r) => r.id as number);
    this.recovered.push(...ids);
    return ids;
  }

  // -------------------------------------------------------------------------------------------
  // Runs

  startRun(input: { group: string; trigger: string; targetsTotal: number; options?: Record<string, unknown>; toolVersion?: string; rulesVersion?: string; startedAt?: string }): number {
    const r = this.db.prepare(`INSERT INTO runs (group_name, status, trigger, started_at, pid, host, tool_version, rules_version, options_json, targets_total)
      VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      input.group, input.trigger, input.startedAt ?? new Date().toISOString(), process.pid, hostname(),
      input.toolVersion ?? null, input.rulesVersion ?? null, JSON.stringify(input.options ?? {}), input.targetsTotal);
    return Number(r.lastInsertRowid);
  }

  finishRun(id: number, status: Exclude<RunStatus, 'running'>, extra: { browser?: string | null; note?: string | null; finishedAt?: string } = {}): void {
    this.db.prepare(`UPDATE runs SET status = ?, finished_at = ?, browser = COALESCE(?, browser), note = COALESCE(?, note) WHERE id = ?`)
      .run(status, extra.finishedAt ?? new Date().toISOString(), extra.browser ?? null, extra.note ?? null, id);
  }

  run(id: number): RunRow | null {
    const r = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return r ? runFrom(r) : null;
  }

  runs(opts: { group?: string; since?: string; limit?: number } = {}): RunRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.group) { where.push('group_name = ?'); args.push(opts.group); }
    if (opts.since) { where.push('started_at >= ?'); args.push(opts.since); }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id${opts.limit ? ` DESC LIMIT ${Math.floor(opts.limit)}` : ''}`;
    const rows = (this.db.prepare(sql).all(...args) as Row[]).map(runFrom);
    return opts.limit ? rows.reverse() : rows;
  }

  /** The group's latest run with one of `statuses` (all when omitted). */
  lastRun(group: string, statuses?: RunStatus[]): RunRow | null {
    const filter = statuses?.length ? `AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const r = this.db.prepare(`SELECT * FROM runs WHERE group_name = ? ${filter} ORDER BY id DESC LIMIT 1`).get(group, ...(statuses ?? [])) as Row | undefined;
    return r ? runFrom(r) : null;
  }

  /** A run of the group still going in another live process. */
  runningElsewhere(group: string): RunRow | null {
    const host = hostname();
    const rows = (this.db.prepare(`SELECT * FROM runs WHERE group_name = ? AND status = 'running'`).all(group) as Row[]).map(runFrom);
    return rows.find((r) => r.host === host && r.pid !== null && r.pid !== process.pid && pidAlive(r.pid)) ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // Targets

  /**
   * The latest record of `url` before run `beforeRunId` that can be compared with: not cut short by
   * an interruption. With `judged`, also not an `error` (nothing captured).
   */
  previousTarget(url: string, beforeRunId: number, opts: { judged?: boolean } = {}): FullTarget | null {
    const r = this.db.prepare(`SELECT t.* FROM targets t WHERE t.url = ? AND t.run_id < ?
        AND (t.error_code IS NULL OR t.error_code != 'interrupted') ${opts.judged ? `AND t.verdict != 'error'` : ''}
      ORDER BY t.run_id DESC LIMIT 1`).get(url, beforeRunId) as Row | undefined;
    return r ? this.full(targetFrom(r)) : null;
  }

  /** Scripts and destinations of the page's last `n` judged records before run `beforeRunId`. */
  recentInventory(url: string, beforeRunId: number, n = 10): { keys: Set<string>; contents: Set<string>; sites: Set<string> } {
    const ids = this.db.prepare(`SELECT id FROM targets WHERE url = ? AND run_id < ? AND verdict != 'error'
      AND (error_code IS NULL OR error_code != 'interrupted') ORDER BY run_id DESC LIMIT ?`).pluck().all(url, beforeRunId, n) as number[];
    const out = { keys: new Set<string>(), contents: new Set<string>(), sites: new Set<string>() };
    if (!ids.length) return out;
    const list = ids.map(() => '?').join(', ');
    for (const r of this.db.prepare(`SELECT key, url, normalised_sha256 FROM scripts WHERE target_id IN (${list})`).all(...ids) as Row[]) {
      if (r.url !== null) out.keys.add(r.key as string);
      out.contents.add(`${r.key as string} ${r.normalised_sha256 as string}`);
    }
    for (const site of this.db.prepare(`SELECT site FROM destinations WHERE target_id IN (${list})`).pluck().all(...ids) as string[]) out.sites.add(site);
    return out;
  }

  /** Stores one judged target with its findings, inventory, destinations and kept sources, atomically. */
  recordTarget(runId: number, position: number, rec: TargetRecord, sources: Record<string, string>, changes?: RecordChanges): { id: number; changes: RecordChanges } {
    const tx = this.db.transaction(() => {
      let ch = changes;
      if (!ch) {
        const interrupted = rec.error?.code === 'interrupted';
        const prev = interrupted ? null : this.previousTarget(rec.url, runId);
        const prevJudged = prev && prev.verdict === 'error' ? this.previousTarget(rec.url, runId, { judged: true }) : prev;
        ch = compareRecords(rec.verdict === 'error' ? prev : (prevJudged ?? prev), rec);
      }
      const r = this.db.prepare(`INSERT INTO targets (run_id, position, url, final_url, verdict, partial, error_code, error_message,
          started_at, finished_at, max_severity, payment_page, changes_json, errors_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        runId, position, rec.url, rec.finalUrl, rec.verdict, rec.partial ? 1 : 0, rec.error?.code ?? null, rec.error?.message ?? null,
        rec.startedAt, rec.finishedAt, maxSeverity(rec.findings.filter((f) => !f.suppressed)), rec.paymentPage ? 1 : 0,
        JSON.stringify(ch), JSON.stringify(rec.errors));
      const id = Number(r.lastInsertRowid);
      const fi = this.db.prepare(`INSERT INTO findings (target_id, rule_id, severity, message, script_url, script_sha256, line, col, fingerprint, suppressed, evidence_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const f of rec.findings) {
        fi.run(id, f.ruleId, f.severity, f.message, f.script?.url ?? null, f.script?.sha256 ?? null, f.line, f.column, f.fingerprint, f.suppressed ? 1 : 0, JSON.stringify(f.evidence ?? {}));
      }
      const si = this.db.prepare(`INSERT INTO scripts (target_id, key, ordinal, url, raw_url, kind, frame, sha256, normalised_sha256, size, third_party, integrity)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const s of rec.scripts) si.run(id, s.key, s.ordinal, s.url, s.rawUrl, s.kind, s.frame, s.sha256, s.normalisedSha256, s.size, s.thirdParty ? 1 : 0, s.integrity);
      const di = this.db.prepare('INSERT INTO destinations (target_id, site, hosts_json, types_json, urls_json) VALUES (?, ?, ?, ?, ?)');
      for (const d of rec.destinations) di.run(id, d.site, JSON.stringify(d.hosts), JSON.stringify(d.types), JSON.stringify(d.urls));
      const src = this.db.prepare('INSERT OR IGNORE INTO sources (sha256, source, first_seen) VALUES (?, ?, ?)');
      const now = new Date().toISOString();
      const wanted = new Set(rec.scripts.map((s) => s.sha256));
      for (const [sha, text] of Object.entries(sources)) if (wanted.has(sha)) src.run(sha, text, now);
      return { id, changes: ch };
    });
    return tx.immediate();
  }

  full(t: TargetRow): FullTarget {
    const findings = (this.db.prepare('SELECT * FROM findings WHERE target_id = ? ORDER BY id').all(t.id) as Row[]).map((f) => ({
      ruleId: f.rule_id as string, severity: f.severity as Severity, message: f.message as string,
      script: f.script_sha256 || f.script_url ? { url: (f.script_url as string | null) ?? null, sha256: (f.script_sha256 as string) ?? '' } : null,
      line: (f.line as number | null) ?? null, column: (f.col as number | null) ?? null,
      evidence: json(f.evidence_json, {}), fingerprint: f.fingerprint as string, suppressed: f.suppressed === 1,
    }));
    const scripts = (this.db.prepare('SELECT * FROM scripts WHERE target_id = ? ORDER BY rowid').all(t.id) as Row[]).map((s) => ({
      key: s.key as string, ordinal: s.ordinal as number, url: (s.url as string | null) ?? null, rawUrl: (s.raw_url as string | null) ?? null,
      kind: s.kind as InventoryScript['kind'], frame: s.frame as string, sha256: s.sha256 as string,
      normalisedSha256: s.normalised_sha256 as string, size: s.size as number, thirdParty: s.third_party === 1,
      integrity: (s.integrity as string | null) ?? null,
    }));
    const destinations = (this.db.prepare('SELECT * FROM destinations WHERE target_id = ? ORDER BY rowid').all(t.id) as Row[]).map((d) => ({
      site: d.site as string, hosts: json<string[]>(d.hosts_json, []), types: json<string[]>(d.types_json, []), urls: json<string[]>(d.urls_json, []),
    }));
    return { ...t, findings, scripts, destinations };
  }

  runTargets(runId: number): FullTarget[] {
    return (this.db.prepare('SELECT * FROM targets WHERE run_id = ? ORDER BY position').all(runId) as Row[]).map((r) => this.full(targetFrom(r)));
  }

  /** Every record of `url` (all pages when omitted), oldest first, with its run. */
  timeline(opts: { url?: string; since?: string } = {}): Array<TargetRow & { run: Pick<RunRow, 'id' | 'group' | 'status' | 'startedAt'> }> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.url) { where.push('t.url = ?'); args.push(opts.url); }
    if (opts.since) { where.push('r.started_at >= ?'); args.push(opts.since); }
    const rows = this.db.prepare(`SELECT t.*, r.group_name, r.status AS run_status, r.started_at AS run_started_at
      FROM targets t JOIN runs r ON r.id = t.run_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.url, t.run_id`).all(...args) as Row[];
    return rows.map((r) => ({ ...targetFrom(r), run: { id: r.run_id as number, group: r.group_name as string, status: r.run_status as RunStatus, startedAt: r.run_started_at as string } }));
  }

  source(sha256: string): string | null {
    const r = this.db.prepare('SELECT source FROM sources WHERE sha256 = ?').get(sha256) as Row | undefined;
    return (r?.source as string | undefined) ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // Pruning

  /**
   * Deletes runs that started before `now - keepDays`, except a run that holds some page's latest
   * record, a run with a critical finding, and a run still going. Sources no longer referenced go too.
   */
  prune(keepDays: number, now = Date.now()): { runs: number; sources: number } {
    const cutoff = new Date(now - keepDays * 86_400_000).toISOString();
    return this.db.transaction(() => {
      const del = this.db.prepare(`DELETE FROM runs WHERE started_at < ? AND status != 'running'
        AND id NOT IN (SELECT MAX(run_id) FROM targets GROUP BY url)
        AND id NOT IN (SELECT t.run_id FROM targets t JOIN findings f ON f.target_id = t.id WHERE f.severity = 'critical' AND f.suppressed = 0)`).run(cutoff);
      const src = this.db.prepare('DELETE FROM sources WHERE sha256 NOT IN (SELECT sha256 FROM scripts)').run();
      this.db.prepare(`UPDATE alert_events SET run_id = NULL WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT id FROM runs)`).run();
      return { runs: del.changes, sources: src.changes };
    }).immediate();
  }

  // -------------------------------------------------------------------------------------------
  // Alerts and deliveries

  openAlerts(targetUrl: string): AlertRow[] {
    return (this.db.prepare(`SELECT * FROM alerts WHERE target_url = ? AND state = 'open' ORDER BY opened_at, key`).all(targetUrl) as Row[]).map(alertFrom);
  }

  alerts(opts: { state?: 'open' | 'resolved' } = {}): AlertRow[] {
    const rows = opts.state
      ? this.db.prepare('SELECT * FROM alerts WHERE state = ? ORDER BY opened_at, key').all(opts.state)
      : this.db.prepare('SELECT * FROM alerts ORDER BY opened_at, key').all();
    return (rows as Row[]).map(alertFrom);
  }

  /**
   * Opens and resolves alerts and queues one event (with a pending delivery per channel), in one
   * transaction: an alert is never marked open without its notice queued.
   */
  applyAlertEvent(input: {
    runId: number; targetUrl: string; uuid: string; event: string; payload: string; channels: string[]; now: string;
    open: Array<Pick<AlertRow, 'key' | 'kind' | 'subject' | 'severity' | 'message' | 'detail'>>; resolve: string[];
  }): number | null {
    return this.db.transaction(() => {
      const up = this.db.prepare(`INSERT INTO alerts (key, target_url, kind, subject, severity, message, state, opened_run_id, opened_at, detail_json)
          VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET state = 'open', severity = excluded.severity, message = excluded.message,
          opened_run_id = excluded.opened_run_id, opened_at = excluded.opened_at, resolved_run_id = NULL, resolved_at = NULL, detail_json = excluded.detail_json`);
      for (const a of input.open) up.run(a.key, input.targetUrl, a.kind, a.subject, a.severity, a.message, input.runId, input.now, JSON.stringify(a.detail));
      const res = this.db.prepare(`UPDATE alerts SET state = 'resolved', resolved_run_id = ?, resolved_at = ? WHERE key = ? AND state = 'open'`);
      for (const k of input.resolve) res.run(input.runId, input.now, k);
      const ev = this.db.prepare(`INSERT INTO alert_events (uuid, run_id, target_url, event, created_at, payload_json) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(input.uuid, input.runId, input.targetUrl, input.event, input.now, input.payload);
      const eventId = Number(ev.lastInsertRowid);
      const d = this.db.prepare(`INSERT INTO deliveries (event_id, channel, state, next_attempt_at) VALUES (?, ?, 'pending', ?)`);
      for (const c of input.channels) d.run(eventId, c, input.now);
      return eventId;
    }).immediate();
  }

  events(): Array<{ id: number; uuid: string; runId: number | null; targetUrl: string; event: string; createdAt: string; payload: unknown }> {
    return (this.db.prepare('SELECT * FROM alert_events ORDER BY id').all() as Row[]).map((r) => ({
      id: r.id as number, uuid: r.uuid as string, runId: (r.run_id as number | null) ?? null, targetUrl: r.target_url as string,
      event: r.event as string, createdAt: r.created_at as string, payload: json(r.payload_json, null),
    }));
  }

  /** Pending deliveries due at `now` (ISO), oldest first. */
  dueDeliveries(now: string, channels?: string[]): DeliveryRow[] {
    const rows = this.db.prepare(`SELECT d.*, e.payload_json, e.uuid, e.created_at FROM deliveries d JOIN alert_events e ON e.id = d.event_id
      WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.id`).all(now) as Row[];
    return rows.map((r) => ({
      id: r.id as number, eventId: r.event_id as number, channel: r.channel as string, state: r.state as DeliveryRow['state'],
      attempts: r.attempts as number, nextAttemptAt: r.next_attempt_at as string, lastError: (r.last_error as string | null) ?? null,
      payload: r.payload_json as string, eventUuid: r.uuid as string, createdAt: r.created_at as string,
    })).filter((d) => !channels || channels.includes(d.channel));
  }

  pendingDeliveries(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE state = 'pending'`).get() as Row).n as number;
  }

  /** The earliest next attempt among pending deliveries (ISO), or null. */
  nextDeliveryAt(): string | null {
    const r = this.db.prepare(`SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE state = 'pending'`).get() as Row;
    return (r.t as string | null) ?? null;
  }

  recordAttempt(deliveryId: number, a: { attempt: number; at: string; ok: boolean; status: number | null; error: string | null; durationMs: number },
    next: { state: DeliveryRow['state']; nextAttemptAt: string }): void {
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(deliveryId, a.attempt, a.at, a.ok ? 1 : 0, a.status, a.error, a.durationMs);
      this.db.prepare(`UPDATE deliveries SET attempts = ?, state = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`)
        .run(a.attempt, next.state, next.nextAttemptAt, a.ok ? null : a.error, deliveryId);
    }).immediate();
  }

  attempts(): AttemptRow[] {
    return (this.db.prepare(`SELECT a.*, d.channel, e.uuid FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
      JOIN alert_events e ON e.id = d.event_id ORDER BY a.id`).all() as Row[]).map((r) => ({
      deliveryId: r.delivery_id as number, channel: r.channel as string, eventUuid: r.uuid as string, attempt: r.attempt as number,
      at: r.at as string, ok: r.ok === 1, status: (r.status as number | null) ?? null, error: (r.error as string | null) ?? null,
      durationMs: r.duration_ms as number,
    }));
  }
}
