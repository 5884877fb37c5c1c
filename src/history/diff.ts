// `skimscan history --diff RUN_A RUN_B`: per page, new/changed/removed scripts (with a readable
// diff where both sources were kept), new and gone destinations, new and gone findings.
import { unifiedDiff } from '../baseline/diff.js';
import { normaliseSource } from '../baseline/normalise.js';
import { UsageError } from '../errors.js';
import type { FullTarget, HistoryDb, RunRow } from './db.js';
import { compareRecords, type FindingRef, type ScriptChange, type ScriptRef } from './facts.js';

export interface PageDiff {
  url: string;
  /** Present in only one of the two runs. */
  only: 'a' | 'b' | null;
  verdict: { a: string | null; b: string | null };
  newScripts: ScriptRef[];
  changedScripts: Array<ScriptChange & { diff: string | null; diffUnavailable?: string; linesAdded?: number; linesRemoved?: number }>;
  removedScripts: ScriptRef[];
  newDestinations: string[];
  removedDestinations: string[];
  newFindings: FindingRef[];
  goneFindings: FindingRef[];
}

export interface RunDiff {
  diffVersion: 1;
  a: Pick<RunRow, 'id' | 'group' | 'status' | 'startedAt'>;
  b: Pick<RunRow, 'id' | 'group' | 'status' | 'startedAt'>;
  pages: PageDiff[];
}

function label(s: ScriptRef): string {
  if (s.url) {
    try {
      const u = new URL(s.url);
      return `${u.host}${u.pathname}`;
    } catch { /* fall through */ }
  }
  return `${s.frame.replace(/^https?:\/\//, '')}#${s.kind}`;
}

export function diffRuns(db: HistoryDb, idA: number, idB: number): RunDiff {
  const a = db.run(idA);
  const b = db.run(idB);
  if (!a) throw new UsageError(`--diff: no run ${idA} in ${db.path}`);
  if (!b) throw new UsageError(`--diff: no run ${idB} in ${db.path}`);
  const ta = new Map(db.runTargets(idA).map((t) => [t.url, t]));
  const tb = new Map(db.runTargets(idB).map((t) => [t.url, t]));
  const urls = [...new Set([...ta.keys(), ...tb.keys()])];
  const pages = urls.map((url) => diffPage(db, url, ta.get(url) ?? null, tb.get(url) ?? null));
  const pick = (r: RunRow) => ({ id: r.id, group: r.group, status: r.status, startedAt: r.startedAt });
  return { diffVersion: 1, a: pick(a), b: pick(b), pages };
}

function diffPage(db: HistoryDb, url: string, a: FullTarget | null, b: FullTarget | null): PageDiff {
  const base: PageDiff = {
    url, only: a && b ? null : a ? 'a' : 'b', verdict: { a: a?.verdict ?? null, b: b?.verdict ?? null },
    newScripts: [], changedScripts: [], removedScripts: [], newDestinations: [], removedDestinations: [], newFindings: [], goneFindings: [],
  };
  if (!a || !b) return base;
  const c = compareRecords(a, b);
  return {
    ...base,
    newScripts: c.newScripts, removedScripts: c.removedScripts, newDestinations: c.newDestinations, removedDestinations: c.removedDestinations,
    newFindings: c.newFindings, goneFindings: c.goneFindings,
    changedScripts: c.changedScripts.map((s) => {
      const oldSrc = db.source(s.previousSha256);
      const newSrc = db.source(s.sha256);
      if (oldSrc === null || newSrc === null) return { ...s, diff: null, diffUnavailable: 'the source of one side was not kept' };
      const d = unifiedDiff(label(s), normaliseSource(oldSrc), normaliseSource(newSrc));
      return { ...s, diff: d.diff.replace(/^--- baseline\//m, `--- run ${a.runId}/`).replace(/^\+\+\+ current\//m, `+++ run ${b.runId}/`), linesAdded: d.added, linesRemoved: d.removed };
    }),
  };
}

export function renderRunDiff(d: RunDiff): string {
  const out: string[] = [`run ${d.a.id} (${d.a.group}, ${d.a.startedAt}) -> run ${d.b.id} (${d.b.group}, ${d.b.startedAt})`];
  for (const p of d.pages) {
    out.push('', `${p.url}: ${p.only === 'a' ? `only in run ${d.a.id}` : p.only === 'b' ? `only in run ${d.b.id}` : p.verdict.a === p.verdict.b ? p.verdict.b : `${p.verdict.a} -> ${p.verdict.b}`}`);
    if (p.only) continue;
    const none = !p.newScripts.length && !p.changedScripts.length && !p.removedScripts.length && !p.newDestinations.length &&
      !p.removedDestinations.length && !p.newFindings.length && !p.goneFindings.length;
    if (none) out.push('  no changes');
    for (const s of p.newScripts) out.push(`  + new script ${s.url ?? label(s)} (${s.kind}, ${s.thirdParty ? 'third-party' : 'first-party'}, sha256 ${s.sha256.slice(0, 12)})`);
    for (const s of p.changedScripts) {
      out.push(`  ~ changed script ${s.url ?? label(s)} (sha256 ${s.previousSha256.slice(0, 12)} -> ${s.sha256.slice(0, 12)})`);
      if (s.diff) out.push(...s.diff.trimEnd().split('\n').map((l) => `    ${l}`));
      else out.push(`    (no diff: ${s.diffUnavailable})`);
    }
    for (const s of p.removedScripts) out.push(`  - removed script ${s.url ?? label(s)}`);
    for (const x of p.newDestinations) out.push(`  + new destination ${x}`);
    for (const x of p.removedDestinations) out.push(`  - destination no longer contacted ${x}`);
    for (const f of p.newFindings) out.push(`  + new finding [${f.severity}] ${f.ruleId}: ${f.message}`);
    for (const f of p.goneFindings) out.push(`  - finding gone [${f.severity}] ${f.ruleId}: ${f.message}`);
  }
  return `${out.join('\n')}\n`;
}
