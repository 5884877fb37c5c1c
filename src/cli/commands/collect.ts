import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { ScanFlags } from '../options.js';
import { checkFormats, positiveInt } from '../options.js';
import { loadConfig } from '../config.js';
import { addOutputOptions, writeOutputs } from './scan.js';
import { dbPathOf } from './watch.js';
import { UsageError } from '../../errors.js';
import type { Severity } from '../../artifacts/types.js';
import type { RenderContext } from '../../report/index.js';
import { DRIFT_AND_POLICY_RULE_DOCS } from '../../policy/rule-docs.js';
import { HistoryDb } from '../../history/db.js';
import { VERSION } from '../../version.js';
import { exitCodeFor } from '../exit.js';
import { watchSignals } from '../signals.js';
import { connectRedis, pingRedis } from '../../queue/redis.js';
import { scanQueue } from '../../queue/runs.js';
import { assembleRun, loadRunMeta, waitForRun } from '../../queue/collect.js';

interface CollectFlags extends ScanFlags {
  run: string;
  redis: string;
  db?: string;
  waitTimeout?: number;
}

export function registerCollect(program: Command, io: CliIO): void {
  const cmd = program.command('collect')
    .description('wait for a queued run and write the same reports as `scan` (and optionally into the history database)')
    .requiredOption('--run <id>', 'run id printed by `skimscan enqueue`')
    .requiredOption('--redis <url>', 'Redis, e.g. redis://127.0.0.1:6379')
    .option('--db <file>', 'also record the run in this history database (see `skimscan history`)')
    .option('--wait-timeout <ms>', 'stop waiting after this long; targets without a result are reported as errors', positiveInt('--wait-timeout', 1000, 7 * 86_400_000));
  addOutputOptions(cmd);
  cmd.action(async (flags: CollectFlags) => {
    checkFormats(flags.format);
    const config = await loadConfig(flags.config);
    const failOn: Severity | 'none' = flags.failOn ?? config.scan?.failOn ?? 'high';
    const human = flags.json === '-' ? io.stderr : io.stdout;
    const redis = connectRedis(flags.redis, { name: 'skimscan-collect' });
    await pingRedis(redis, flags.redis);
    const queue = scanQueue(redis);
    const interrupt = watchSignals((name) => io.stderr(`skimscan collect: ${name}: writing the report with the targets done so far\n`));
    try {
      const meta = await loadRunMeta(redis, flags.run);
      if (!meta) throw new UsageError(`--run ${flags.run}: no such run in Redis (enqueued runs are kept 7 days)`);
      let lastLine = 0;
      const complete = await waitForRun(redis, queue, meta.id, {
        timeoutMs: flags.waitTimeout, signal: interrupt.signal,
        onProgress: (done, total) => {
          if (flags.quiet) return;
          const now = Date.now();
          if (done < total && now - lastLine < 2000) return;
          lastLine = now;
          if (io.isTTY) io.stderr(`\r${done}/${total} targets done${done === total ? '\n' : ''}`);
          else io.stderr(`skimscan collect: ${done}/${total} targets done\n`);
        },
      });
      if (!complete && !interrupt.signal.aborted) io.stderr(`skimscan collect: --wait-timeout reached; targets without a result are reported as errors\n`);
      const { RULES_VERSION, RULES } = await import('../../analyse/index.js');
      const run = await assembleRun(redis, meta, RULES_VERSION, interrupt.signal.aborted
        ? 'collect was interrupted before this target had a result' : 'no result before --wait-timeout');
      const ctx: RenderContext = {
        sources: run.sources, failOn,
        screenshots: run.stored.map(() => null),
        startedAt: run.stored.map((s) => s?.startedAt ?? null),
        durationsMs: run.stored.map((s) => s?.durationMs ?? null),
        rules: [...RULES.map((r) => r.meta), ...DRIFT_AND_POLICY_RULE_DOCS].map((r) => ({ id: r.id, severity: r.severity, description: r.description, review: r.review })),
      };
      if (flags.db) {
        const db = HistoryDb.open(dbPathOf(flags.db, config.history?.db, io.env));
        try {
          const id = db.startRun({
            group: `queue:${meta.name}`, trigger: `collect ${meta.id}`, targetsTotal: run.stored.length,
            options: run.report.options, toolVersion: VERSION, rulesVersion: RULES_VERSION, startedAt: meta.createdAt,
          });
          for (const [i, s] of run.stored.entries()) {
            if (!s) continue;
            const sources = Object.fromEntries(s.sourceShas.filter((sha) => run.sources[sha] !== undefined).map((sha) => [sha, run.sources[sha]!]));
            db.recordTarget(id, i, s.record, sources);
          }
          db.finishRun(id, complete ? 'complete' : 'interrupted', { browser: run.report.browser, finishedAt: run.report.finishedAt });
          human(`history: run ${id} in ${flags.db}\n`);
        } finally {
          db.close();
        }
      }
      await writeOutputs(run.report, flags, io, human, ctx);
      io.setExitCode(interrupt.exitCode() ?? exitCodeFor(run.report, failOn));
    } finally {
      interrupt.dispose();
      await queue.close();
      redis.disconnect();
    }
  });
}
