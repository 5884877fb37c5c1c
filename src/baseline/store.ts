// DIR/baseline.json (the pages) + DIR/sources/<sha256>.js (content-addressed sources, each once).
// Sources are written before baseline.json, each atomically, so a reader never sees a baseline
// naming a source that is not there yet.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';
import { SkimscanError, UsageError, errorMessage } from '../errors.js';
import { VERSION } from '../version.js';
import { sha256Hex } from './normalise.js';
import { BASELINE_VERSION, type Baseline, type BaselinePage } from './types.js';

export const BASELINE_FILE = 'baseline.json';

const SHA_RE = /^[0-9a-f]{64}$/;

export async function baselineExists(dir: string): Promise<boolean> {
  try {
    await access(join(dir, BASELINE_FILE));
    return true;
  } catch {
    return false;
  }
}

export async function saveBaseline(dir: string, baseline: Baseline, sources: Record<string, string>): Promise<void> {
  for (const [sha, source] of Object.entries(sources)) {
    if (!SHA_RE.test(sha)) continue;
    const file = join(dir, 'sources', `${sha}.js`);
    try {
      await access(file);
      continue; // content-addressed: already there
    } catch { /* write it */ }
    await writeFileAtomic(file, source);
  }
  await writeFileAtomic(join(dir, BASELINE_FILE), `${JSON.stringify(baseline, null, 2)}\n`);
}

export async function loadBaseline(dir: string): Promise<Baseline> {
  let data: Baseline;
  try {
    data = JSON.parse(await readFile(join(dir, BASELINE_FILE), 'utf8')) as Baseline;
  } catch (err) {
    throw new UsageError(`baseline ${dir}: no readable ${BASELINE_FILE} (${errorMessage(err).split('\n')[0]})`);
  }
  if (typeof data?.baselineVersion !== 'number' || !Array.isArray(data.pages)) {
    throw new UsageError(`baseline ${dir}/${BASELINE_FILE}: not a skimscan baseline`);
  }
  if (data.baselineVersion > BASELINE_VERSION) {
    throw new SkimscanError('usage', `baseline ${dir}: baselineVersion ${data.baselineVersion} is newer than this skimscan understands (${BASELINE_VERSION}); upgrade skimscan`);
  }
  return data;
}

/** A stored source, checked against its name; null when absent or tampered with. */
export async function loadSource(dir: string, sha256: string): Promise<string | null> {
  if (!SHA_RE.test(sha256)) return null;
  try {
    const text = await readFile(join(dir, 'sources', `${sha256}.js`), 'utf8');
    return sha256Hex(text) === sha256 ? text : null;
  } catch {
    return null;
  }
}

export function emptyBaseline(now: string): Baseline {
  return { baselineVersion: BASELINE_VERSION, tool: { name: 'skimscan', version: VERSION }, createdAt: now, updatedAt: now, pages: [] };
}

/** Replaces (or adds) pages by key, keeping the others. */
export function withPages(baseline: Baseline, pages: BaselinePage[], now: string): Baseline {
  const byKey = new Map(baseline.pages.map((p) => [p.key, p]));
  for (const p of pages) byKey.set(p.key, p);
  return { ...baseline, tool: { name: 'skimscan', version: VERSION }, updatedAt: now, pages: [...byKey.values()] };
}

export function findPage(baseline: Baseline, key: string): BaselinePage | undefined {
  return baseline.pages.find((p) => p.key === key);
}
