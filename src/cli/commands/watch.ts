import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';
import { collect, positiveInt } from '../options.js';
import { watchSignals } from '../signals.js';
import { HistoryDb, defaultDbPath } from '../../history/db.js';
import { buildChannels } from '../../alerts/channels.js';
import { DEFAULT_RETRY, Dispatcher } from '../../alerts/dispatcher.js';
import { groupsOf } from '../../watch/groups.js';
import { Watcher } from '../../watch/watcher.js';
import type { Log } from '../../gather/log.js';

interface WatchFlags {
  config?: string;
  db?: string;
  once?: boolean;
  chrome?: string;
  keepDays?: number;
  group?: string[];
  quiet?: boolean;
  verbose?: boolean;
}

export function dbPathOf(flag: string | undefined, configDb: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? configDb ?? env.SKIMSCAN_DB ?? defaultDbPath(env);
}

function logFor(io: CliIO, flags: { quiet?: boolean; verbose?: boolean }): Log {
  const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    info: (m) => { if (!flags.quiet) io.stderr(`${stamp()} ${m}\n`); },
    warn: (m) => io.stderr(`${stamp()} warning: ${m}\n`),
    debug: (m) => { if (flags.verbose) io.stderr(`${stamp()} ${m}\n`); },
  };
}

export function registerWatch(program: Command, io: CliIO): void {
  program.command('watch')
    .description('run the config\'s schedules: scans on cron, a SQLite run history, alerts on change')
    .option('--config <file>', 'config file with "schedules" (default: ./skimscan.config.json)')
    .option('--db <file>', 'history database (default: the user data directory, or the config\'s history.db)')
    .option('--once', 'run every group that came due since its last run, then exit with scan\'s exit codes')
    .option('--group <name>', 'only this schedule; repeatable', collect)
    .option('--chrome <path>', 'Chrome or Chromium executable')
    .option('--keep-days <n>', 'prune runs older than N days (never a page\'s last run or a run with a critical finding)', positiveInt('--keep-days', 1, 36_500))
    .option('--quiet', 'print only warnings')
    .option('--verbose', 'also print debug messages')
    .action(async (flags: WatchFlags) => {
      const config = await loadConfig(flags.config);
      const groups = groupsOf(config, { chromePath: flags.chrome, only: flags.group });
      const channels = buildChannels(config.alerts?.channels ?? [], io.env);
      const log = logFor(io, flags);
      for (const c of config.alerts?.channels ?? []) {
        if (c.type === 'webhook' && !c.secretEnv) log.warn(`alerts channel ${c.name ?? 'webhook'}: no secretEnv, so its payloads are not signed`);
      }
      const dbPath = dbPathOf(flags.db, config.history?.db, io.env);
      const db = HistoryDb.open(dbPath);
      if (db.recovered.length) log.warn(`run${db.recovered.length === 1 ? '' : 's'} ${db.recovered.join(', ')} had been left unfinished (process killed); marked incomplete`);
      const interrupt = watchSignals((name) => log.info(`${name}: ending the current targets and recording the run as interrupted`));
      const { Analyzer, RULES_VERSION } = await import('../../analyse/index.js');
      const analyzer = new Analyzer();
      const dispatcher = new Dispatcher(db, channels, {
        retries: config.alerts?.retries ?? DEFAULT_RETRY.retries,
        backoffMs: config.alerts?.backoffMs ?? DEFAULT_RETRY.backoffMs,
        maxBackoffMs: config.alerts?.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs,
      }, log);
      const watcher = new Watcher({
        ctx: {
          db, config, analyse: (input) => analyzer.analyse(input), rulesVersion: RULES_VERSION, log,
          channels: channels.map((c) => c.name), threshold: config.alerts?.threshold ?? 'high',
          onAlertQueued: () => dispatcher.kick(),
        },
        groups, dispatcher, keepDays: flags.keepDays ?? config.history?.keepDays, signal: interrupt.signal,
      });
      log.info(`history: ${dbPath}`);
      let code: number;
      try {
        code = flags.once ? await watcher.once() : await watcher.run();
      } finally {
        await dispatcher.stop();
        await analyzer.close();
        db.close();
        interrupt.dispose();
      }
      io.setExitCode(interrupt.exitCode() ?? code);
    });
}

export function requireDb(path: string): HistoryDb {
  if (!existsSync(path)) throw new UsageError(`no history at ${path}: run skimscan watch first, or point --db at it`);
  try {
    return HistoryDb.open(path, { readonly: true });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`history ${path}: ${(err as Error).message}`);
  }
}

export { EXIT };
