import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadConfig } from '../config.js';
import type { CliIO } from '../io.js';
import { positiveInt } from '../options.js';
import { HistoryDb } from '../../history/db.js';
import { diffRuns, renderRunDiff } from '../../history/diff.js';
import type { RecordChanges } from '../../history/facts.js';
import { dbPathOf, requireDb } from './watch.js';

interface HistoryFlags {
  config?: string;
  db?: string;
  since?: string;
  json?: boolean;
  diff?: string[];
  keepDays?: number;
}

function parseSince(s: string): string {
  const rel = /^(\d+)([dhm])$/.exec(s);
  if (rel) {
    const ms = Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm'];
    return new Date(Date.now() - ms).toISOString();
  }
  const t = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(t)) throw new UsageError(`--since ${s}: expected a date (2025-06-01, 2025-06-01T12:00Z) or an age (7d, 12h, 30m)`);
  return new Date(t).toISOString();
}

function runId(s: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`--diff: "${s}" is not a run id`);
  return Number(s);
}

export function summariseChanges(c: RecordChanges): string {
  if (!c || c.first) return 'first record';
  const parts: string[] = [];
  if (c.verdict) parts.push(`verdict ${c.verdict.from} -> ${c.verdict.to}`);
  if (c.newFindings?.length) parts.push(`${c.newFindings.length} new finding${c.newFindings.length === 1 ? '' : 's'} (${[...new Set(c.newFindings.map((f) => f.ruleId))].slice(0, 3).join(', ')})`);
  if (c.goneFindings?.length) parts.push(`${c.goneFindings.length} finding${c.goneFindings.length === 1 ? '' : 's'} gone`);
  if (c.newScripts?.length) parts.push(`${c.newScripts.length} new script${c.newScripts.length === 1 ? '' : 's'}`);
  if (c.changedScripts?.length) parts.push(`changed: ${c.changedScripts.map((s) => s.url ?? `${s.kind} in ${s.frame}`).slice(0, 3).join(', ')}`);
  if (c.removedScripts?.length) parts.push(`${c.removedScripts.length} script${c.removedScripts.length === 1 ? '' : 's'} removed`);
  if (c.newDestinations?.length) parts.push(`new destination${c.newDestinations.length === 1 ? '' : 's'} ${c.newDestinations.join(', ')}`);
  if (c.removedDestinations?.length) parts.push(`destination${c.removedDestinations.length === 1 ? '' : 's'} gone ${c.removedDestinations.join(', ')}`);
  return parts.length ? parts.join('; ') : 'no change';
}

export function registerHistory(program: Command, io: CliIO): void {
  program.command('history')
    .description('timeline of verdicts and changes per page from the watch history; --diff two runs')
    .argument('[url]', 'only this page')
    .option('--db <file>', 'history database (default: the user data directory, or the config\'s history.db)')
    .option('--config <file>', 'config file (for history.db)')
    .option('--since <date>', 'only runs started at or after DATE (ISO date or an age like 7d, 12h)')
    .option('--json', 'JSON on stdout')
    .option('--diff <runs...>', 'compare two runs: --diff RUN_A RUN_B')
    .option('--keep-days <n>', 'prune runs older than N days (never a page\'s last run or a run with a critical finding), then show the history', positiveInt('--keep-days', 1, 36_500))
    .action(async (url: string | undefined, flags: HistoryFlags) => {
      const config = await loadConfig(flags.config);
      const path = dbPathOf(flags.db, config.history?.db, io.env);
      const since = flags.since ? parseSince(flags.since) : undefined;
      if (flags.diff && flags.diff.length !== 2) throw new UsageError('--diff: expected two run ids, RUN_A RUN_B');
      if (flags.keepDays) {
        const w = HistoryDb.open(path, { noRecovery: true });
        try {
          const r = w.prune(flags.keepDays);
          io.stderr(`pruned ${r.runs} run${r.runs === 1 ? '' : 's'} and ${r.sources} unreferenced source${r.sources === 1 ? '' : 's'}\n`);
        } finally {
          w.close();
        }
      }
      const db = requireDb(path);
      try {
        if (flags.diff) {
          const d = diffRuns(db, runId(flags.diff[0]!), runId(flags.diff[1]!));
          if (url) d.pages = d.pages.filter((p) => p.url === url);
          io.stdout(flags.json ? `${JSON.stringify(d, null, 2)}\n` : renderRunDiff(d));
          return;
        }
        const rows = db.timeline({ url, since });
        if (url && !rows.length && !db.timeline({ url }).length) throw new UsageError(`history: no records of ${url} in ${path}`);
        const pages = new Map<string, typeof rows>();
        for (const r of rows) pages.set(r.url, [...(pages.get(r.url) ?? []), r]);
        if (flags.json) {
          const out = {
            historyVersion: 1, db: path,
            pages: [...pages].map(([u, recs]) => ({
              url: u,
              records: recs.map((r) => ({
                runId: r.runId, group: r.run.group, runStatus: r.run.status, startedAt: r.startedAt ?? r.run.startedAt, finishedAt: r.finishedAt,
                verdict: r.verdict, partial: r.partial, error: r.error, maxSeverity: r.maxSeverity, changes: r.changes,
              })),
              openAlerts: db.openAlerts(u).map((a) => ({ key: a.key, kind: a.kind, subject: a.subject, severity: a.severity, message: a.message, openedAt: a.openedAt })),
            })),
          };
          io.stdout(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        if (!pages.size) {
          io.stdout(`no records${since ? ` since ${since}` : ''} in ${path}\n`);
          return;
        }
        const lines: string[] = [];
        for (const [u, recs] of pages) {
          lines.push(u);
          for (const r of recs) {
            const when = (r.startedAt ?? r.run.startedAt).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
            const v = `${r.verdict}${r.partial ? ' (partial)' : ''}`;
            const note = r.error ? ` [${r.error.code}]` : '';
            lines.push(`  run ${String(r.runId).padEnd(5)} ${when}  ${r.run.group.padEnd(12)} ${v.padEnd(22)} ${summariseChanges(r.changes)}${note}`);
          }
          const open = db.openAlerts(u);
          if (open.length) lines.push(`  open alerts: ${open.map((a) => `${a.kind} ${a.kind === 'finding' ? a.subject.split(' ')[0] : a.subject.split(' ').pop()}`).join('; ')}`);
          lines.push('');
        }
        io.stdout(lines.join('\n'));
      } finally {
        db.close();
      }
    });
}
