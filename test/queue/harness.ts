// Real Redis, worker processes and a separately launched contained Chromium for the queue tests.
// Every process started here is killed by stopAll() (afterAll), even when a test failed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { BIN } from '../helpers/cli.js';
import { chromiumArgs, makeProfile } from '../../src/gather/browser.js';
import { findChrome } from '../../src/gather/find-chrome.js';
import type { ResolveRule } from '../../src/gather/browser.js';

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ?? null;

/**
 * Under CI the Redis tests must run: a missing redis-server is a failure there, a skip elsewhere.
 * Returns true when the suite should be skipped.
 */
export function skipWithoutRedis(): boolean {
  if (REDIS_SERVER) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') return false; // beforeAll then throws
  return true;
}

const started: Array<{ kill(): void }> = [];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

export interface RedisServer {
  url: string;
  port: number;
  client: Redis;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error('redis-server not found: install it (scripts/install.sh does, apt-get install redis-server)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'skimscan-redis-'));
  const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--protected-mode', 'yes', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d) => { log += d; });
  proc.stderr!.on('data', (d) => { log += d; });
  const entry = { kill: () => { if (proc.exitCode === null) proc.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); } };
  started.push(entry);
  const url = `redis://127.0.0.1:${port}`;
  const until = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (Date.now() > until || proc.exitCode !== null) throw new Error(`redis-server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = new Redis(url, { maxRetriesPerRequest: 3 });
  await client.ping();
  return {
    url, port, client,
    async stop() {
      client.disconnect();
      entry.kill();
    },
  };
}

export interface WorkerProc {
  proc: ChildProcess;
  /** Everything it wrote on stderr so far. */
  log(): string;
  /** Local Chromium's pid (from its start-up line), once known. */
  chromiumPid(): Promise<number | null>;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export function spawnWorker(args: string[]): WorkerProc {
  const proc = spawn(process.execPath, [BIN, 'worker', ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stdout!.on('data', (d) => { stderr += d; });
  proc.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((r) => proc.on('exit', (code, sig) => r(code ?? (sig ? -1 : null))));
  const chromiumPid = async (): Promise<number | null> => {
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const m = /Chromium pid (\d+)/.exec(stderr);
      if (m) return Number(m[1]);
      if (/connected to /.test(stderr) || proc.exitCode !== null) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  };
  let chromium: number | null = null;
  void chromiumPid().then((p) => { chromium = p; });
  started.push({
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      // A worker killed with SIGKILL leaves its Chromium (a process-group leader) behind.
      if (chromium) try { process.kill(-chromium, 'SIGKILL'); } catch { /* gone */ }
    },
  });
  return {
    proc, exited, chromiumPid,
    log: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills a worker outright (a crashed machine): its jobs must be recovered by the stalled check. */
export async function killWorker(w: WorkerProc): Promise<void> {
  const pid = await w.chromiumPid();
  w.proc.kill('SIGKILL');
  await w.exited;
  if (pid) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
}

export interface RemoteChromium {
  wsEndpoint: string;
  stop(): void;
}

/**
 * A Chromium skimscan does not launch itself, as an operator would start one for
 * `worker --browser-ws-endpoint`: contained with the same switches and profile as launchBrowser.
 */
export async function startRemoteChromium(resolve: ResolveRule[]): Promise<RemoteChromium> {
  const profile = makeProfile();
  const args = [...chromiumArgs({ resolve, offline: true, ignoreHttpsErrors: true }), '--headless=new',
    '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1', `--user-data-dir=${profile}`, 'about:blank'];
  const proc = spawn(findChrome(), args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = () => {
    if (proc.pid) try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  started.push({ kill: stop });
  const wsEndpoint = await new Promise<string>((resolveWs, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools URL from Chromium in 20 s:\n${err}`)), 20_000);
    proc.stderr!.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolveWs(m[1]!); }
    });
    proc.on('exit', () => { clearTimeout(timer); reject(new Error(`Chromium exited:\n${err}`)); });
  });
  return { wsEndpoint, stop };
}

export function stopAll(): void {
  while (started.length) {
    try { started.pop()!.kill(); } catch { /* keep going */ }
  }
}
