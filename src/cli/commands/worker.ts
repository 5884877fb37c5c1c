import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { collect, positiveInt, resolveRules } from '../options.js';
import { loadConfig } from '../config.js';
import { UsageError } from '../../errors.js';
import { BrowserKeeper } from '../../gather/relaunch.js';
import type { Log } from '../../gather/log.js';
import { connectRedis, pingRedis } from '../../queue/redis.js';
import { RemoteBrowser, localBrowser, startQueueWorker, type BrowserSource } from '../../queue/worker.js';
import { SharedAnalysisCache } from '../../queue/shared-cache.js';
import { EXIT } from '../exit.js';

interface WorkerFlags {
  redis: string;
  concurrency?: number;
  browserWsEndpoint?: string;
  chrome?: string;
  resolve?: string[];
  offline?: boolean;
  ignoreHttpsErrors?: boolean;
  proxy?: string;
  iocs?: string;
  config?: string;
  lockDuration?: number;
  stalledInterval?: number;
  maxStalled?: number;
  politeDelay?: number;
  quiet?: boolean;
  verbose?: boolean;
}

export const REMOTE_CONTAINMENT_HELP =
  'the remote browser was started by someone else, so skimscan cannot set its DNS or network: start it contained ' +
  'instead, e.g. chromium --headless=new --remote-debugging-port=9222 --host-resolver-rules="MAP *.example 127.0.0.1:8443, MAP * ~NOTFOUND" ' +
  '(browserless: pass the same switches in its launch arguments), and see docs/scale.md';

function logFor(io: CliIO, flags: WorkerFlags, name: string): Log {
  const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    info: (m) => { if (!flags.quiet) io.stderr(`${stamp()} worker ${name}: ${m}\n`); },
    warn: (m) => io.stderr(`${stamp()} worker ${name}: warning: ${m}\n`),
    debug: (m) => { if (flags.verbose) io.stderr(`${stamp()} worker ${name}: ${m}\n`); },
  };
}

export function registerWorker(program: Command, io: CliIO): void {
  program.command('worker')
    .description('take scan jobs queued by `skimscan enqueue` from Redis and scan them')
    .requiredOption('--redis <url>', 'Redis, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'targets scanned at once by this process (default 2)', positiveInt('--concurrency', 1, 64))
    .option('--browser-ws-endpoint <url>', 'use a running browser over its DevTools WebSocket (browserless, chrome --remote-debugging-port) instead of starting Chromium')
    .option('--chrome <path>', 'Chrome or Chromium executable (local browser)')
    .option('--resolve <rule>', "map hosts for every browser request: 'HOSTGLOB=ADDR[:PORT]'; repeatable (local browser only)", collect)
    .option('--offline', 'make every host that no --resolve maps unreachable (local browser only)')
    .option('--ignore-https-errors', 'accept invalid TLS certificates')
    .option('--proxy <url>', 'HTTP(S) proxy for the browser (local browser only)')
    .option('--iocs <file>', 'known skimmer domains and script hashes (replaces the built-in list)')
    .option('--config <file>', 'config file (scan.resolve, scan.offline, scan.ignoreHttpsErrors)')
    .option('--lock-duration <ms>', 'a job whose worker stops renewing its lock this long is recovered (default 30000)', positiveInt('--lock-duration', 1000, 3_600_000))
    .option('--stalled-interval <ms>', 'how often stalled jobs are looked for (default 15000)', positiveInt('--stalled-interval', 500, 3_600_000))
    .option('--max-stalled <n>', 'a job recovered more often than this fails (default 2)', positiveInt('--max-stalled', 0, 100))
    .option('--polite-delay <ms>', 'delay for a job whose domain is at its limit (default 2000, plus jitter)', positiveInt('--polite-delay', 10, 600_000))
    .option('--quiet', 'print only warnings')
    .option('--verbose', 'also print each target')
    .action(async (flags: WorkerFlags) => {
      const config = await loadConfig(flags.config);
      const remote = flags.browserWsEndpoint;
      if (remote) {
        const refused = [flags.resolve?.length && '--resolve', flags.offline && '--offline', flags.proxy && '--proxy', flags.chrome && '--chrome'].filter(Boolean);
        if (refused.length) throw new UsageError(`${refused.join(', ')} cannot be applied with --browser-ws-endpoint: ${REMOTE_CONTAINMENT_HELP}`);
        if (!/^wss?:\/\//.test(remote)) throw new UsageError(`--browser-ws-endpoint ${remote}: expected ws:// or wss://`);
      }
      const name = String(process.pid);
      const log = logFor(io, flags, name);
      const ignoreHttpsErrors = flags.ignoreHttpsErrors ?? config.scan?.ignoreHttpsErrors ?? false;
      const redis = connectRedis(flags.redis, { forWorker: true, name: `skimscan-worker-${name}` });
      await pingRedis(redis, flags.redis);
      const { Analyzer, RULES_VERSION } = await import('../../analyse/index.js');
      const analyzer = new Analyzer({ iocsFile: flags.iocs, workers: 1 });
      let browser: BrowserSource;
      try {
        if (remote) {
          browser = new RemoteBrowser(remote, { ignoreHttpsErrors, log });
          const b = await browser.get();
          log.info(`connected to ${b.version} at ${remote.replace(/\?.*$/, '')}`);
        } else {
          const resolve = remote ? [] : resolveRules(flags.resolve, config);
          const keeper = await BrowserKeeper.start({
            chromePath: flags.chrome, resolve, offline: flags.offline ?? config.scan?.offline ?? false, ignoreHttpsErrors, proxy: flags.proxy,
          }, log, 1000);
          browser = localBrowser(keeper);
          const b = await keeper.get();
          log.info(`started ${b.version} (Chromium pid ${b.browser.process()?.pid ?? '?'})`);
        }
      } catch (err) {
        await analyzer.close();
        redis.disconnect();
        throw err;
      }
      const cache = new SharedAnalysisCache(redis, { rulesVersion: RULES_VERSION, analyse: (input) => analyzer.analyse(input) });
      const force = new AbortController();
      let done = 0;
      const qw = startQueueWorker({
        redis, concurrency: flags.concurrency ?? 2, browser, analyse: cache.analyse, log,
        lockDurationMs: flags.lockDuration, stalledIntervalMs: flags.stalledInterval, maxStalledCount: flags.maxStalled,
        politeDelayMs: flags.politeDelay, signal: force.signal,
        onResult: (d, verdict) => { done++; log.debug(`${d.runId} #${d.index} ${d.url}: ${verdict}`); },
      });
      log.info(`taking jobs (concurrency ${flags.concurrency ?? 2})`);
      await new Promise<void>((resolveStop) => {
        let stopping = false;
        const onSignal = (sig: NodeJS.Signals) => {
          if (stopping) {
            log.warn(`${sig} again: stopping now; the running jobs go back to the queue`);
            force.abort();
            void qw.close(true).finally(() => process.exit(sig === 'SIGINT' ? EXIT.interruptedInt : EXIT.interruptedTerm));
            return;
          }
          stopping = true;
          log.info(`${sig}: finishing the running jobs, taking no new ones`);
          void qw.close(false).catch((e) => log.warn(String(e))).finally(() => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            resolveStop();
          });
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      await analyzer.close();
      redis.disconnect();
      log.info(`stopped after ${done} target${done === 1 ? '' : 's'}`);
      io.setExitCode(EXIT.ok);
    });
}
