// The corpus of `npm run bench:analyze`: the library files test/analyse/libs-list.ts names (from
// node_modules) and the skimmer fixtures, with the two functions the bench compares.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as acorn from 'acorn';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { analyseSource, sha256 } = await import(join(ROOT, 'dist/src/analyse/index.js'));
const { PARSE_OPTIONS } = await import(join(ROOT, 'dist/src/analyse/engine/parse.js'));

function libraryFiles() {
  // the list lives in a .ts test helper: read the quoted paths out of it
  const text = readFileSync(join(ROOT, 'test/analyse/libs-list.ts'), 'utf8');
  return [...text.matchAll(/^\s+'([^']+)',$/gm)].map((m) => m[1]);
}

export const libs = libraryFiles().map((f) => ({ name: f, source: readFileSync(join(ROOT, 'node_modules', f), 'utf8') }));
const skimDir = join(ROOT, 'test/fixtures/skimmers');
export const skimmers = readdirSync(skimDir).filter((f) => f.endsWith('.js')).sort().map((f) => ({ name: f, source: readFileSync(join(skimDir, f), 'utf8') }));
export const all = [...libs, ...skimmers];
export const MB = all.reduce((a, f) => a + Buffer.byteLength(f.source), 0) / 1e6;
for (const f of all) f.sha256 = sha256(f.source);

export function bareParse(f) {
  try {
    return acorn.parse(f.source, { ...PARSE_OPTIONS, sourceType: 'script' });
  } catch {
    try {
      return acorn.parse(f.source, { ...PARSE_OPTIONS, sourceType: 'module' });
    } catch {
      return null;
    }
  }
}

export const skim = (f) => analyseSource({ sha256: f.sha256, source: f.source, url: null, kind: 'external' }, { rethrow: false });
export { sha256 };
