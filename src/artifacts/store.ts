import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS_VERSION, type TargetArtifacts } from './types.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { SkimscanError, UsageError, errorMessage } from '../errors.js';

/** What a run saves with --save-artifacts: everything `judge` needs to rebuild the report. */
export interface SavedRun {
  artifactsVersion: number;
  tool: { name: 'skimscan'; version: string };
  browser: string | null;
  options: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  targets: Array<Omit<TargetArtifacts, 'sources'>>;
}

/** artifacts.json plus scripts/<sha256>.js, each unique source once. */
export async function saveArtifacts(dir: string, run: Omit<SavedRun, 'targets' | 'artifactsVersion'>, targets: TargetArtifacts[]): Promise<void> {
  await mkdir(join(dir, 'scripts'), { recursive: true });
  const written = new Set<string>();
  for (const t of targets) {
    for (const [sha, source] of Object.entries(t.sources)) {
      if (written.has(sha)) continue;
      written.add(sha);
      await writeFileAtomic(join(dir, 'scripts', `${sha}.js`), source);
    }
  }
  const saved: SavedRun = {
    artifactsVersion: ARTIFACTS_VERSION, ...run,
    targets: targets.map(({ sources: _sources, ...rest }) => rest),
  };
  await writeFileAtomic(join(dir, 'artifacts.json'), JSON.stringify(saved));
}

export async function loadArtifacts(dir: string): Promise<{ run: SavedRun; targets: TargetArtifacts[] }> {
  let run: SavedRun;
  try {
    run = JSON.parse(await readFile(join(dir, 'artifacts.json'), 'utf8')) as SavedRun;
  } catch (err) {
    throw new UsageError(`${dir}: no readable artifacts.json (${errorMessage(err).split('\n')[0]})`);
  }
  if (typeof run.artifactsVersion !== 'number' || !Array.isArray(run.targets)) {
    throw new UsageError(`${dir}/artifacts.json: not a skimscan artifacts file`);
  }
  if (run.artifactsVersion > ARTIFACTS_VERSION) {
    throw new SkimscanError('usage', `${dir}/artifacts.json: artifactsVersion ${run.artifactsVersion} is newer than this skimscan understands (${ARTIFACTS_VERSION}); upgrade skimscan`);
  }
  const available = new Set((await readdir(join(dir, 'scripts')).catch(() => [])).map((f) => f.replace(/\.js$/, '')));
  const cache = new Map<string, string>();
  const targets: TargetArtifacts[] = [];
  for (const t of run.targets) {
    const sources: Record<string, string> = {};
    for (const s of t.scripts ?? []) {
      if (!available.has(s.sha256)) continue;
      if (!cache.has(s.sha256)) cache.set(s.sha256, await readFile(join(dir, 'scripts', `${s.sha256}.js`), 'utf8'));
      sources[s.sha256] = cache.get(s.sha256)!;
    }
    targets.push({ ...t, sources });
  }
  return { run, targets };
}
