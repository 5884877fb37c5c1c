// Accuracy on the corpora: every skimmer fixture high or critical; every popular library at most low
// (a medium finding makes a page `suspicious`, so libraries must not produce one).
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseSource, sha256 } from '../../src/analyse/index.js';
import { LIBRARY_FILES } from './libs-list.js';

const SKIMMERS = join(import.meta.dirname, '..', 'fixtures', 'skimmers');
const RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;

function worst(source: string) {
  const r = analyseSource({ sha256: sha256(source), source, url: null, kind: 'external' }, { rethrow: false });
  let top = r.findings[0];
  for (const f of r.findings) if (RANK[f.severity] > RANK[top?.severity ?? 'info']) top = f;
  return { r, top };
}

describe('skimmer fixtures are high or critical', () => {
  const files = readdirSync(SKIMMERS).filter((f) => f.endsWith('.js')).sort();
  test('at least 15 variants', () => expect(files.length).toBeGreaterThanOrEqual(15));
  for (const f of files) {
    test(f, () => {
      const { r, top } = worst(readFileSync(join(SKIMMERS, f), 'utf8'));
      expect(r.findings.some((x) => x.ruleId === 'rule-error')).toBe(false);
      expect(['critical', 'high'], `${f}: ${top?.severity} ${top?.ruleId} ${top?.message}`).toContain(top?.severity);
    });
  }
});

describe('popular libraries stay at low or info', () => {
  test(`at least 40 library files`, () => expect(LIBRARY_FILES.length).toBeGreaterThanOrEqual(40));
  for (const f of LIBRARY_FILES) {
    test(f, () => {
      const { r } = worst(readFileSync(join('node_modules', f), 'utf8'));
      const bad = r.findings.filter((x) => RANK[x.severity] >= RANK.medium);
      expect(bad.map((x) => `${x.severity} ${x.ruleId} ${x.line}: ${x.message}`)).toEqual([]);
      expect(r.findings.filter((x) => x.ruleId === 'rule-error')).toEqual([]);
    });
  }
});
