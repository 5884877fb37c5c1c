import { fileURLToPath } from 'node:url';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/index.js';
import { launchBrowser, type LaunchedBrowser, type ResolveRule } from '../../src/gather/browser.js';

export const SITES_DIR = fileURLToPath(new URL('../fixtures/sites/', import.meta.url));

/** Fixture hosts -> the loopback fixture server; every other host unreachable. */
export function fixtureResolveRules(port: number): ResolveRule[] {
  return [
    { hostGlob: '*.example', address: '127.0.0.1', port },
    { hostGlob: '*.test', address: '127.0.0.1', port },
  ];
}

export interface ContainedEnv {
  server: FixtureServer;
  launched: LaunchedBrowser;
  close(): Promise<void>;
}

/** The only way tests start Chromium: contained (offline + resolve rules) against the fixture server. */
export async function startContained(): Promise<ContainedEnv> {
  const server = await startFixtureServer({ sitesDir: SITES_DIR });
  const launched = await launchBrowser({ resolve: fixtureResolveRules(server.port), offline: true, ignoreHttpsErrors: true });
  return {
    server, launched,
    async close() {
      await launched.close();
      await server.close();
    },
  };
}
