// `skimscan watch --once`: SIGKILL mid-run leaves a consistent database with every committed target;
// the next start marks the run incomplete and runs the group again; exit codes are scan's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  containedScan, descendants, killTree, query, runToEnd, spawnCli, startSites, waitFor, writeConfig, type Sites,
} from './helpers.js';

let sites: Sites;
beforeAll(async () => {
  sites = await startSites(['shop-c.watch.test', 'shop-d.watch.test', 'shop-e.watch.test']);
});
afterAll(async () => {
  await sites?.close();
});

describe('skimscan watch --once', () => {
  it('survives SIGKILL mid-run, recovers, and exits with scan\'s codes', async () => {
    const C = sites.url('shop-c.watch.test');
    const D = sites.url('shop-d.watch.test');
    const E = sites.url('shop-e.watch.test');
    const db = join(sites.dir, 'history.db');
    const cfg = writeConfig(sites.dir, 'once.json', {
      scan: containedScan(sites.server.port, { concurrency: 1 }),
      schedules: [
        { name: 'checkout', cron: '0 0 1 1 *', timezone: 'Europe/Berlin', targets: [C, D] },
        { name: 'skimmed', cron: '0 0 1 1 *', targets: [E] },
        { name: 'down', cron: '0 0 1 1 *', targets: ['https://down.invalid/pay'] },
      ],
    });

    // 1. SIGKILL once the first target is committed and the second is being scanned.
    const w = spawnCli(['watch', '--once', '--group', 'checkout', '--config', cfg, '--db', db]);
    let kids: number[] = [];
    try {
      await waitFor('the first target committed', () => query(db, 'SELECT id FROM targets')[0], 45_000, 50);
      kids = descendants(w.child.pid!);
      w.child.kill('SIGKILL');
      await w.exited;
    } finally {
      killTree(kids); // the Chromium it had started outlives a SIGKILL: end it by id
    }
    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const killedRun = query<{ id: number; status: string }>(db, 'SELECT id, status FROM runs');
    expect(killedRun).toEqual([{ id: 1, status: 'running' }]);
    const committed = query<{ url: string; verdict: string }>(db, 'SELECT url, verdict FROM targets WHERE run_id = 1 ORDER BY position');
    expect(committed.length).toBeGreaterThanOrEqual(1);
    expect(committed[0]).toEqual({ url: C, verdict: 'clean' });
    const scriptsBefore = query(db, 'SELECT * FROM scripts ORDER BY rowid');
    expect(scriptsBefore.length).toBeGreaterThan(0);

    // 2. Restart: the killed run becomes incomplete with its targets kept; the group runs again (never completed).
    const again = await runToEnd(['watch', '--once', '--group', 'checkout', '--config', cfg, '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/run 1 had been left unfinished \(process killed\); marked incomplete/);
    expect(query(db, 'SELECT id, status FROM runs ORDER BY id')).toEqual([{ id: 1, status: 'incomplete' }, { id: 2, status: 'complete' }]);
    expect(query(db, 'SELECT url, verdict FROM targets WHERE run_id = 1 ORDER BY position')).toEqual(committed);
    expect(query(db, 'SELECT * FROM scripts WHERE target_id IN (SELECT id FROM targets WHERE run_id = 1) ORDER BY rowid')).toEqual(scriptsBefore);
    expect(query(db, 'SELECT url FROM targets WHERE run_id = 2 ORDER BY position')).toEqual([{ url: C }, { url: D }]);

    // 3. Not due again until its schedule fires: nothing runs, exit 0.
    const idle = await runToEnd(['watch', '--once', '--group', 'checkout', '--config', cfg, '--db', db]);
    expect(idle.code, idle.stderr).toBe(0);
    expect(idle.stderr).toContain('no group is due');
    expect(query(db, 'SELECT COUNT(*) AS n FROM runs')).toEqual([{ n: 2 }]);

    // 4. A skimmer -> exit 1; an unreachable target -> exit 2.
    sites.skim('shop-e.watch.test');
    const bad = await runToEnd(['watch', '--once', '--group', 'skimmed', '--config', cfg, '--db', db]);
    expect(bad.code, bad.stderr).toBe(1);
    const down = await runToEnd(['watch', '--once', '--group', 'down', '--config', cfg, '--db', db]);
    expect(down.code, down.stderr).toBe(2);
    expect(query(db, `SELECT verdict, error_code FROM targets WHERE url = 'https://down.invalid/pay'`)).toEqual([{ verdict: 'error', error_code: 'dns' }]);

    // 5. Usage errors: no schedules, unknown group.
    const none = await runToEnd(['watch', '--once', '--config', writeConfig(sites.dir, 'empty.json', {}), '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no "schedules"/);
    const missing = await runToEnd(['watch', '--once', '--group', 'nope', '--config', cfg, '--db', db]);
    expect(missing.code).toBe(2);
  }, 150_000);
});
