// The deployment files (no Docker engine or systemd here): parse the Dockerfile, the systemd unit
// and timer and the Kubernetes CronJob, check what they promise (Debian + Chromium via the shared
// install script, non-root with the sandbox on, skimscan as entrypoint, one writer at a time), and
// run the commands they contain against the replica, with their paths mapped into a temp dir.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { validateConfig } from '../../src/cli/config.js';
import { SITES_DIR } from '../helpers/contained.js';
import { containedScan, query, runToEnd, spawnCli, waitFor, writeConfig } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const DOTHAN = 'https://pay.dothan.example/Click2GovCX/OneTimePayment/CardInfo.html';

/** Dockerfile instructions: continuation lines joined, comments dropped. */
export function parseDockerfile(text: string): Array<{ op: string; args: string }> {
  const out: Array<{ op: string; args: string }> = [];
  let cur = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!cur && (/^\s*#/.test(line) || !line.trim())) continue;
    if (/^\s*#/.test(line)) continue;
    cur += `${line.replace(/\\$/, '')} `;
    if (line.endsWith('\\')) continue;
    const m = /^\s*(\w+)\s+(.*)$/s.exec(cur.trim());
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim().replace(/\s+/g, ' ') });
    cur = '';
  }
  return out;
}

/** systemd unit files: section -> key -> values (repeated keys kept in order). */
export function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) { section = s[1]!; out[section] ??= {}; continue; }
    const eq = line.indexOf('=');
    if (eq < 0 || !section) throw new Error(`bad unit line: ${line}`);
    const k = line.slice(0, eq).trim();
    (out[section]![k] ??= []).push(line.slice(eq + 1).trim());
  }
  return out;
}

let server: FixtureServer;
let tmp: string;
let cfg: string;
beforeAll(async () => {
  server = await startFixtureServer({ sitesDir: SITES_DIR });
  tmp = mkdtempSync(join(tmpdir(), 'skimscan-deploy-'));
  cfg = writeConfig(tmp, 'skimscan.config.json', {
    scan: containedScan(server.port, { quietMs: 500 }),
    schedules: [{ name: 'checkout', cron: '*/5 * * * *', timezone: 'Europe/Berlin', targets: [DOTHAN] }],
  });
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Maps the deployment's paths onto this checkout and the temp dir. */
function mapPaths(args: string[], db: string): string[] {
  return args.map((a) => a
    .replace(/^\/opt\/skimscan\//, ROOT)
    .replace(/^\/(config|etc\/skimscan)\/skimscan\.config\.json$/, cfg)
    .replace(/^\/(data|var\/lib\/skimscan)\/history\.db$/, db));
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const entrypoint = JSON.parse(dockerfile.filter((i) => i.op === 'ENTRYPOINT').pop()!.args) as string[];

describe('Dockerfile', () => {
  it('Debian with Chromium through the shared install script; non-root; skimscan as entrypoint', () => {
    const from = dockerfile.find((i) => i.op === 'FROM')!.args;
    expect(from).toMatch(/^node:20-(bookworm|trixie)(-slim)?$/);
    const runs = dockerfile.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
    expect(runs).toMatch(/apt-get install .*\bchromium\b/);
    expect(runs).toContain('bash scripts/install.sh');
    expect(read('.ci/run')).toContain('bash scripts/install.sh');
    expect(read('README.md')).toContain('./scripts/install.sh');
    const userIdx = dockerfile.map((i) => i.op).lastIndexOf('USER');
    const user = dockerfile[userIdx]!.args;
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(dockerfile.slice(userIdx).some((i) => i.op === 'RUN')).toBe(false);
    expect(runs).toMatch(new RegExp(`useradd .*${user}`));
    expect(dockerfile.some((i) => i.args.includes('--no-sandbox'))).toBe(false);
    expect(dockerfile.find((i) => i.op === 'WORKDIR')!.args).toBe('/opt/skimscan');
    expect(entrypoint).toEqual(['node', '/opt/skimscan/bin/skimscan']);
    expect(JSON.parse(dockerfile.filter((i) => i.op === 'CMD').pop()!.args)[0]).toBe('watch');
  });

  it('its ENTRYPOINT + CMD runs watch on schedule against the replica and ends on SIGTERM', async () => {
    const cmd = JSON.parse(dockerfile.filter((i) => i.op === 'CMD').pop()!.args) as string[];
    const db = join(tmp, 'docker', 'history.db');
    const argv = mapPaths([...entrypoint.slice(1), ...cmd], db);
    expect(argv[0]).toBe(join(ROOT, 'bin/skimscan'));
    // Every second instead of every 5 minutes, so a run starts at once.
    const fast = writeConfig(tmp, 'fast.json', { ...JSON.parse(readFileSync(cfg, 'utf8')), schedules: [{ name: 'checkout', cron: '* * * * * *', targets: [DOTHAN] }] });
    const w = spawnCli(argv.slice(1).map((a) => (a === cfg ? fast : a)), { XDG_DATA_HOME: join(tmp, 'docker') });
    try {
      await waitFor('a complete run', () => query(db, `SELECT id FROM runs WHERE status = 'complete'`)[0], 60_000);
    } finally {
      w.child.kill('SIGTERM');
    }
    expect(await w.exited, w.stderr()).toBe(143);
    // Compromised on a quiet machine; on a starved one the probe may not get to the canary, and the
    // static high findings still make it suspicious.
    expect(['compromised', 'suspicious']).toContain(query<{ verdict: string }>(db, `SELECT verdict FROM targets ORDER BY id LIMIT 1`)[0]!.verdict);
  }, 90_000);
});

describe('systemd unit and timer', () => {
  const service = parseUnit(read('docs/systemd/skimscan-watch.service'));
  const timer = parseUnit(read('docs/systemd/skimscan-watch.timer'));

  it('a oneshot --once service as a non-root user, started by the timer', () => {
    expect(service.Service!.Type).toEqual(['oneshot']);
    expect(service.Service!.User![0]).not.toMatch(/^(root|0)$/);
    expect(service.Service!.ExecStart![0]).toMatch(/\/opt\/skimscan\/bin\/skimscan watch --once /);
    expect(service.Service!.SuccessExitStatus).toEqual(['1']);
    expect(service.Service!.KillMode).toEqual(['control-group']);
    expect(service.Service!.StateDirectory).toEqual(['skimscan']);
    expect(timer.Timer!.Unit).toEqual(['skimscan-watch.service']);
    expect(timer.Timer!.OnCalendar![0]).toBeTruthy();
    expect(timer.Timer!.Persistent).toEqual(['true']);
    expect(timer.Install!.WantedBy).toEqual(['timers.target']);
  });

  it('its ExecStart runs against the replica: exit 1 (a skimmer), which the unit counts as success', async () => {
    const db = join(tmp, 'systemd', 'history.db');
    const [node, ...args] = mapPaths(service.Service!.ExecStart![0]!.split(/\s+/), db);
    expect(node).toBe('/usr/bin/node');
    expect(args[0]).toBe(join(ROOT, 'bin/skimscan'));
    const r = await runToEnd(args.slice(1));
    expect(r.code, r.stderr).toBe(1);
    expect(service.Service!.SuccessExitStatus![0]!.split(/\s+/)).toContain(String(r.code));
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'complete' }]);
  }, 90_000);
});

describe('Kubernetes CronJob', () => {
  const docs = parseAllDocuments(read('docs/k8s/cronjob.yaml')).map((d) => d.toJS() as Record<string, any>);
  const job = docs.find((d) => d.kind === 'CronJob')!;
  const pod = job?.spec.jobTemplate.spec.template.spec;
  const container = pod?.containers[0];

  it('one writer at a time, non-root, the example config is valid', () => {
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'CronJob']);
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).not.toBe(0);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.args.slice(0, 2)).toEqual(['watch', '--once']);
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(expect.arrayContaining(['/config', '/data']));
    const cm = docs.find((d) => d.kind === 'ConfigMap')!;
    expect(() => validateConfig(JSON.parse(cm.data['skimscan.config.json']), 'cronjob.yaml')).not.toThrow();
  });

  it('its container (Dockerfile ENTRYPOINT + args) runs against the replica with scan\'s exit code', async () => {
    const db = join(tmp, 'k8s', 'history.db');
    const argv = mapPaths([...entrypoint.slice(1), ...container.args], db);
    const r = await runToEnd(argv.slice(1));
    expect(r.code, r.stderr).toBe(1);
    expect(['compromised', 'suspicious']).toContain(query<{ verdict: string }>(db, 'SELECT verdict FROM targets')[0]!.verdict);
  }, 90_000);
});
