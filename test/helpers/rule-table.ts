// ESLint-style valid/invalid tables for one rule run alone through the full engine.
import { describe, expect, test } from 'vitest';
import type { Rule } from '../../src/analyse/rule.js';
import type { Severity } from '../../src/artifacts/types.js';
import { analyseSource, sha256 } from '../../src/analyse/engine/run.js';

export interface InvalidCase {
  code: string;
  messageIds: string[];
  /** Expected severity of the first finding (optional). */
  severity?: Severity;
  name?: string;
}

export interface RuleTable {
  valid: Array<string | { code: string; name?: string }>;
  invalid: InvalidCase[];
}

/** Registered tables, so the meta test can check each rule has valid and invalid cases. */
export const TABLES = new Map<string, RuleTable>();

export function findingsOf(rule: Rule, code: string) {
  const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rules: [rule], rethrow: true });
  return r.findings.filter((f) => f.ruleId === rule.meta.id);
}

export function ruleTable(rule: Rule, table: RuleTable): void {
  TABLES.set(rule.meta.id, table);
  const seen = new Set<string>();
  for (const c of [...table.valid.map((v) => (typeof v === 'string' ? v : v.code)), ...table.invalid.map((i) => i.code)]) {
    if (seen.has(c)) throw new Error(`duplicate test case in ${rule.meta.id}: ${c.slice(0, 60)}`);
    seen.add(c);
  }
  describe(rule.meta.id, () => {
    test('has valid and invalid cases', () => {
      expect(table.valid.length).toBeGreaterThan(0);
      expect(table.invalid.length).toBeGreaterThan(0);
    });
    table.valid.forEach((v, i) => {
      const code = typeof v === 'string' ? v : v.code;
      test(`valid #${i + 1}: ${(typeof v === 'string' ? code : v.name ?? code).slice(0, 60)}`, () => {
        const fs = findingsOf(rule, code);
        expect(fs.filter((f) => f.severity !== 'info' && f.severity !== 'low').map((f) => `${f.severity} ${f.message}`)).toEqual([]);
      });
    });
    table.invalid.forEach((c, i) => {
      test(`invalid #${i + 1}: ${(c.name ?? c.code).slice(0, 60)}`, () => {
        for (const id of c.messageIds) expect(Object.keys(rule.meta.messages)).toContain(id);
        const fs = findingsOf(rule, c.code);
        expect(fs.length, 'expected a finding').toBeGreaterThan(0);
        const templates = c.messageIds.map((id) => rule.meta.messages[id]!.split('{{')[0]!);
        for (const t of templates) expect(fs.some((f) => f.message.startsWith(t)), `message starting "${t}" in ${fs.map((f) => f.message).join(' / ')}`).toBe(true);
        if (c.severity) expect(fs[0]!.severity).toBe(c.severity);
      });
    });
  });
}
