import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { BrowserKeeper } from '../../src/gather/relaunch.js';
import { scanTarget } from '../../src/gather/scan-target.js';
import { silentLog } from '../../src/gather/log.js';
import { SITES_DIR, fixtureResolveRules } from '../helpers/contained.js';

let server: FixtureServer;
beforeAll(async () => { server = await startFixtureServer({ sitesDir: SITES_DIR }); });
afterAll(async () => { await server?.close(); });

describe('BrowserKeeper', () => {
  it('starts Chromium again when it dies, and the next target is scanned', async () => {
    const keeper = await BrowserKeeper.start({ resolve: fixtureResolveRules(server.port), offline: true, ignoreHttpsErrors: true }, silentLog);
    try {
      const first = await keeper.get();
      first.browser.process()!.kill('SIGKILL');
      await new Promise((r) => first.browser.once('disconnected', r));
      const second = await keeper.get();
      expect(second.browser.connected).toBe(true);
      expect(second).not.toBe(first);
      expect(keeper.relaunches).toBe(1);
      const a = await scanTarget(second.browser, `${server.origin('plain.skimscan.test')}/`, { timeoutMs: 15_000, quietMs: 300 });
      expect(a.fatal).toBeNull();
      expect(a.scripts!.length).toBeGreaterThan(0);
    } finally {
      await keeper.close();
    }
  }, 60_000);
});
