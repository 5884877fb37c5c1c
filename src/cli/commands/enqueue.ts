import { Command, Option } from 'commander';
import type { CliIO } from '../io.js';
import { loadConfig } from '../config.js';
import { collect, parseHeaders, positiveInt, readTargets } from '../options.js';
import { builtInProcessors } from '../../verdict/processors.js';
import { connectRedis, pingRedis } from '../../queue/redis.js';
import { DEFAULT_RETRY, enqueueRun, newRunId, scanQueue } from '../../queue/runs.js';

interface EnqueueFlags {
  targets?: string;
  redis: string;
  run?: string;
  config?: string;
  timeout?: number;
  quietWindow?: number;
  probe: boolean;
  header?: string[];
  cookie?: string[];
  device?: 'desktop' | 'mobile';
  click?: string[];
  allowSubmit?: boolean;
  screenshot: boolean;
  attempts?: number;
  backoff?: number;
  perDomain?: number;
  quiet?: boolean;
}

export function registerEnqueue(program: Command, io: CliIO): void {
  program.command('enqueue')
    .description('queue a scan run on Redis for `skimscan worker` processes; prints the run id')
    .argument('[url...]', 'pages to scan (http or https)')
    .option('--targets <file>', 'file with one URL per line')
    .requiredOption('--redis <url>', 'Redis, e.g. redis://127.0.0.1:6379')
    .option('--run <name>', 'run id (letters, digits, . _ -); enqueuing into an existing run adds only new URLs')
    .option('--timeout <ms>', 'budget per target in ms (default 30000)', positiveInt('--timeout', 1000, 600_000))
    .option('--quiet-window <ms>', 'no-new-request window after load (default 1000)', positiveInt('--quiet-window', 0, 60_000))
    .option('--no-probe', 'do not type canary card data into forms')
    .option('--header <header>', "extra request header 'Name: value'; repeatable", collect)
    .option('--cookie <cookie>', "cookie 'name=value; Domain=…'; repeatable", collect)
    .addOption(new Option('--device <device>', 'desktop or mobile').choices(['desktop', 'mobile']))
    .option('--click <selector>', 'click this before probing (multi-step flows); repeatable', collect)
    .option('--allow-submit', "let the page's own form submission reach its backend")
    .option('--no-screenshot', 'take no screenshots (they are not kept in Redis anyway)')
    .option('--attempts <n>', `attempts per target for transient errors: browser crash, timeout (default ${DEFAULT_RETRY.attempts})`, positiveInt('--attempts', 1, 20))
    .option('--backoff <ms>', `first retry delay, doubled each time (default ${DEFAULT_RETRY.backoffMs})`, positiveInt('--backoff', 10, 3_600_000))
    .option('--per-domain <n>', 'at most N scans of one registrable domain at once across all workers (default 2)', positiveInt('--per-domain', 1, 1000))
    .option('--config <file>', 'config file (scan defaults, allowedProcessors)')
    .option('--quiet', 'print only the run id')
    .action(async (urls: string[], flags: EnqueueFlags) => {
      const config = await loadConfig(flags.config);
      const targets = await readTargets(urls, flags.targets);
      const runId = newRunId(flags.run);
      const timeoutMs = flags.timeout ?? config.scan?.timeout ?? 30_000;
      const quietMs = flags.quietWindow ?? config.scan?.quietMs ?? 1000;
      const probe = flags.probe && (config.scan?.probe ?? true);
      const headers = parseHeaders(flags.header, config.scan?.headers);
      const device = flags.device ?? 'desktop';
      const redis = connectRedis(flags.redis, { name: 'skimscan-enqueue' });
      await pingRedis(redis, flags.redis);
      const queue = scanQueue(redis);
      try {
        const { added, total } = await enqueueRun(redis, queue, {
          runId, name: flags.run ?? runId, urls: targets,
          job: {
            scan: { timeoutMs, quietMs, headers, cookies: flags.cookie, device, probe, clicks: flags.click, allowSubmit: flags.allowSubmit ?? false, screenshot: flags.screenshot },
            allowedProcessors: [...builtInProcessors(), ...(config.allowedProcessors ?? [])],
            perDomain: flags.perDomain ?? 2,
          },
          reportOptions: { timeoutMs, quietMs, probe, device, headers: Object.keys(headers), queue: true },
          retry: { attempts: flags.attempts ?? DEFAULT_RETRY.attempts, backoffMs: flags.backoff ?? DEFAULT_RETRY.backoffMs },
        });
        if (!flags.quiet) io.stderr(`skimscan enqueue: ${added} job${added === 1 ? '' : 's'} added to run ${runId} (${total} target${total === 1 ? '' : 's'} in the run)\n`);
        io.stdout(`${runId}\n`);
      } finally {
        await queue.close();
        redis.disconnect();
      }
    });
}
