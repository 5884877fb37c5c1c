// Every rule file has a registry entry, a valid/invalid table and a doc page (ESLint's checkRuleFiles).
import { describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from './index.js';

const DIR = import.meta.dirname;
const ruleFiles = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();

describe('rule files', () => {
  test('registry and files agree', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(ruleFiles);
  });
  for (const id of ruleFiles) {
    test(`${id}: meta, table, doc`, async () => {
      const rule = RULES.find((r) => r.meta.id === id)!;
      expect(rule.meta.description.length).toBeGreaterThan(20);
      expect(rule.meta.review.length).toBeGreaterThan(20);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(rule.meta.severity);
      const testFile = join(DIR, `${id}.test.ts`);
      expect(existsSync(testFile), `${id}.test.ts`).toBe(true);
      const t = readFileSync(testFile, 'utf8');
      expect(t).toMatch(/ruleTable\(/);
      expect(t).toMatch(/valid:\s*\[\s*\S/);
      expect(t).toMatch(/invalid:\s*\[\s*\{/);
      const doc = join(DIR, 'docs', `${id}.md`);
      expect(existsSync(doc), `docs/${id}.md`).toBe(true);
      expect(readFileSync(doc, 'utf8')).toContain(`# ${id}`);
    });
  }
});
