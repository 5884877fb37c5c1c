// Shared by the watch integration tests: a temp sites dir served by our own fixture server, a
// loopback webhook receiver, the CLI as a child process, polling the history database.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { BIN } from '../helpers/cli.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const SHOP = join(HERE, 'sites', 'shop.watch.test');
export const SKIMMER = readFileSync(join(HERE, 'skimmer.js'), 'utf8');

export interface Sites {
  dir: string;
  server: FixtureServer;
  url(host: string): string;
  /** Appends the skimmer to the host's first-party checkout.js. */
  skim(host: string): void;
  close(): Promise<void>;
}

/** A temp sites dir with one copy of the test shop per host, served on loopback. */
export async function startSites(hosts: string[]): Promise<Sites> {
  const dir = mkdtempSync(join(tmpdir(), 'skimscan-watch-'));
  const sitesDir = join(dir, 'sites');
  mkdirSync(sitesDir);
  for (const h of hosts) cpSync(SHOP, join(sitesDir, h), { recursive: true });
  const server = await startFixtureServer({ sitesDir });
  return {
    dir, server,
    url: (host) => `https://${host}/checkout.html`,
    skim: (host) => appendFileSync(join(sitesDir, host, 'assets', 'checkout.js'), SKIMMER),
    close: () => server.close(),
  };
}

export function writeConfig(dir: string, name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Contained scanning: offline, fixture hosts mapped to the fixture server. */
export function containedScan(port: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { offline: true, ignoreHttpsErrors: true, resolve: [`*.test=127.0.0.1:${port}`, `*.example=127.0.0.1:${port}`], timeout: 15000, quietMs: 300, ...extra };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A webhook receiver on 127.0.0.1 answering `answers` in turn, then 200. */
export async function startReceiver(answers: number[] = []): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const queue = [...answers];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const status = queue.shift() ?? 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/skimscan`, received, close: () => new Promise((r) => server.close(() => r())) };
}

export interface WatchProcess {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  exited: Promise<number | null>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): WatchProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, stderr: () => err, stdout: () => out, exited };
}

export async function runToEnd(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawnCli(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

export async function waitFor<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let v: T | null | undefined | false = null;
    try {
      v = fn();
    } catch { /* the database may not exist yet */ }
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** One read-only query against the history (WAL: safe beside the writer). */
export function query<T = Record<string, unknown>>(dbFile: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** Process ids under `pid` (children, grandchildren, …). */
export function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of rows) if (pp === p && c !== undefined) { out.push(c); walk(c); }
  };
  walk(pid);
  return out;
}

/** Kills the processes (and their process groups) we started, by id. */
export function killTree(pids: number[]): void {
  for (const p of pids) {
    try { process.kill(-p, 'SIGKILL'); } catch { /* not a group leader */ }
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
}
