import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../artifacts/types.js';

export interface SiteExpectation {
  host: string;
  city: string;
  variant: 'breach' | 'fixed' | 'case';
  verdict: Verdict;
  technique: string[];
  scanPath: string;
  needsProbe: boolean;
  exfil?: { host: string; type: string; encoding?: string } | null;
  skimmerScript?: string | null;
  skimmerLine?: number | null;
}

/** The replica lives in the repository (test/fixtures/sites), above both src/ and dist/src/. */
export function findSitesDir(): string {
  for (const rel of ['../../test/fixtures/sites', '../../../test/fixtures/sites']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  throw new Error('the replica sites (test/fixtures/sites) are not here: run the demo from a clone of the skimscan repository');
}

export function loadExpectations(sitesDir: string): SiteExpectation[] {
  const sites: SiteExpectation[] = [];
  for (const host of readdirSync(sitesDir).sort()) {
    const file = join(sitesDir, host, '_expect.json');
    if (!existsSync(file)) continue;
    const e = JSON.parse(readFileSync(file, 'utf8')) as Omit<SiteExpectation, 'host'> | { variant: 'support' };
    if (!['breach', 'fixed', 'case'].includes(e.variant)) continue; // hosts that only serve other sites
    sites.push({ ...(e as Omit<SiteExpectation, 'host'>), host, needsProbe: !!(e as SiteExpectation).needsProbe, technique: (e as SiteExpectation).technique ?? [], scanPath: (e as SiteExpectation).scanPath ?? '/' });
  }
  const order = { breach: 0, case: 1, fixed: 2 } as const;
  return sites.sort((a, b) => order[a.variant] - order[b.variant] || a.host.localeCompare(b.host));
}
