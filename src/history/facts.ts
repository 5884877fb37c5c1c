// What the history keeps of one scanned target, and how two such records differ. Pure functions:
// the database stores these shapes and the alerts and `history --diff` compare them.
import { createHash } from 'node:crypto';
import type { ErrorCode, ScriptKind, Severity, TargetArtifacts, Verdict } from '../artifacts/types.js';
import type { Finding, TargetResult } from '../report/types.js';
import { currentScripts, destinationsOf, isPaymentPage, type CurrentScript, type Destination } from '../baseline/facts.js';
import { matchScripts } from '../baseline/match.js';
import type { BaselineScript } from '../baseline/types.js';
import { severityRank } from '../verdict/index.js';

/** Sources larger than this are not kept (their hashes still are). */
export const MAX_KEPT_SOURCE = 2_000_000;

export interface InventoryScript {
  key: string;
  ordinal: number;
  url: string | null;
  rawUrl: string | null;
  kind: ScriptKind;
  frame: string;
  sha256: string;
  normalisedSha256: string;
  size: number;
  thirdParty: boolean;
  integrity: string | null;
}

export interface StoredFinding extends Finding {
  fingerprint: string;
  suppressed: boolean;
}

export interface TargetRecord {
  url: string;
  finalUrl: string | null;
  verdict: Verdict;
  partial: boolean;
  error: { code: ErrorCode; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  paymentPage: boolean;
  findings: StoredFinding[];
  scripts: InventoryScript[];
  destinations: Destination[];
  /** Collector errors and notes. */
  errors: Array<{ collector?: string; phase?: string; message: string }>;
}

/** Sources worth keeping for readable diffs, keyed by SHA-256. */
export function keptSources(a: TargetArtifacts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [sha, src] of Object.entries(a.sources)) if (src.length <= MAX_KEPT_SOURCE) out[sha] = src;
  return out;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * A finding's identity across runs: rule + the script it is about (its URL without the query, or
 * its hash for inline code); for findings about no script, the message with numbers blanked.
 */
export function findingFingerprint(f: Pick<Finding, 'ruleId' | 'script' | 'message'>): string {
  let subject: string;
  if (f.script?.url && !/^(blob|data):/i.test(f.script.url)) subject = f.script.url.replace(/[?#].*$/, '');
  else if (f.script?.sha256) subject = `sha256:${f.script.sha256}`;
  else subject = `msg:${sha256(f.message.replace(/\d+/g, '#')).slice(0, 16)}`;
  return `${f.ruleId} ${subject}`;
}

/** The inventory of a target: scripts keyed like baselines (frame + URL, or frame + kind + position). */
export function inventoryOf(a: TargetArtifacts): InventoryScript[] {
  const ordinals = new Map<string, number>();
  return currentScripts(a).map((c) => {
    const ordinal = c.url === null ? (ordinals.get(c.key) ?? 0) : 0;
    if (c.url === null) ordinals.set(c.key, ordinal + 1);
    return {
      key: c.key, ordinal, url: c.url, rawUrl: c.rawUrl, kind: c.kind, frame: c.frame, sha256: c.sha256,
      normalisedSha256: c.normalisedSha256, size: c.size, thirdParty: c.thirdParty, integrity: c.integrity,
    };
  });
}

export function targetRecord(a: TargetArtifacts | undefined, r: TargetResult): TargetRecord {
  const errors: TargetRecord['errors'] = [
    ...(a?.errors ?? []).map((e) => ({ collector: e.collector, phase: e.phase, message: e.message })),
    ...(a?.caps ?? []).map((m) => ({ collector: 'caps', message: m })),
    ...r.notes.map((m) => ({ message: m })),
  ];
  return {
    url: r.url, finalUrl: r.finalUrl, verdict: r.verdict, partial: r.partial, error: r.error ?? null,
    startedAt: a?.startedAt ?? null, finishedAt: a?.finishedAt ?? null,
    paymentPage: a ? isPaymentPage(a) : false,
    findings: [
      ...r.findings.map((f) => ({ ...f, fingerprint: findingFingerprint(f), suppressed: false })),
      ...r.suppressed.map(({ reason, ...f }) => ({ ...f, evidence: { ...f.evidence, suppressedReason: reason }, fingerprint: findingFingerprint(f), suppressed: true })),
    ],
    scripts: a ? inventoryOf(a) : [],
    destinations: a ? destinationsOf(a) : [],
    errors,
  };
}

export function maxSeverity(findings: Array<Pick<Finding, 'severity'>>): Severity | null {
  let best: Severity | null = null;
  for (const f of findings) if (best === null || severityRank(f.severity) > severityRank(best)) best = f.severity;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Differences between two records of the same page

export interface ScriptRef {
  key: string;
  url: string | null;
  kind: ScriptKind;
  frame: string;
  sha256: string;
  thirdParty: boolean;
}

export interface ScriptChange extends ScriptRef {
  previousSha256: string;
}

export interface FindingRef {
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  message: string;
  script: { url: string | null; sha256: string } | null;
}

export interface RecordChanges {
  /** No earlier usable record of this page to compare with. */
  first: boolean;
  verdict: { from: Verdict; to: Verdict } | null;
  newScripts: ScriptRef[];
  changedScripts: ScriptChange[];
  removedScripts: ScriptRef[];
  newDestinations: string[];
  removedDestinations: string[];
  newFindings: FindingRef[];
  goneFindings: FindingRef[];
}

export type RecordLike = Pick<TargetRecord, 'verdict' | 'scripts' | 'destinations' | 'findings' | 'error' | 'partial'>;

function ref(s: InventoryScript): ScriptRef {
  return { key: s.key, url: s.rawUrl ?? s.url, kind: s.kind, frame: s.frame, sha256: s.sha256, thirdParty: s.thirdParty };
}

function findingRef(f: StoredFinding): FindingRef {
  return { fingerprint: f.fingerprint, ruleId: f.ruleId, severity: f.severity, message: f.message, script: f.script };
}

function asCurrent(s: InventoryScript): CurrentScript {
  return { ...s, source: undefined, record: undefined } as unknown as CurrentScript;
}

function asBaseline(s: InventoryScript): BaselineScript {
  return {
    ...s, readsPaymentFields: false, sourceStored: false, highRules: [], firstSeen: '', lastChanged: '',
  };
}

/** Pairs the scripts of two records the way a baseline comparison does. */
export function matchInventories(previous: InventoryScript[], current: InventoryScript[]): {
  pairs: Array<{ cur: InventoryScript; prev: InventoryScript }>; added: InventoryScript[]; removed: InventoryScript[];
} {
  const byCur = new Map<CurrentScript, InventoryScript>();
  const cur = current.map((s) => { const c = asCurrent(s); byCur.set(c, s); return c; });
  const byBase = new Map<BaselineScript, InventoryScript>();
  const base = previous.map((s) => { const b = asBaseline(s); byBase.set(b, s); return b; });
  const m = matchScripts(cur, base);
  return {
    pairs: m.pairs.map((p) => ({ cur: byCur.get(p.cur)!, prev: byBase.get(p.base)! })),
    added: m.added.map((c) => byCur.get(c)!),
    removed: m.removed.map((b) => byBase.get(b)!),
  };
}

/** What changed on a page from `previous` (null: nothing to compare with) to `current`. */
export function compareRecords(previous: RecordLike | null, current: RecordLike): RecordChanges {
  const out: RecordChanges = {
    first: previous === null, verdict: null, newScripts: [], changedScripts: [], removedScripts: [],
    newDestinations: [], removedDestinations: [], newFindings: [], goneFindings: [],
  };
  const curFindings = current.findings.filter((f) => !f.suppressed);
  if (previous === null) {
    out.newFindings = curFindings.map(findingRef);
    return out;
  }
  if (previous.verdict !== current.verdict) out.verdict = { from: previous.verdict, to: current.verdict };
  // A target that captured nothing says nothing about its scripts or destinations.
  const comparable = current.verdict !== 'error' && previous.verdict !== 'error';
  if (comparable) {
    const m = matchInventories(previous.scripts, current.scripts);
    out.newScripts = m.added.map(ref);
    out.changedScripts = m.pairs.filter((p) => p.cur.normalisedSha256 !== p.prev.normalisedSha256)
      .map((p) => ({ ...ref(p.cur), previousSha256: p.prev.sha256 }));
    if (!current.partial) out.removedScripts = m.removed.map(ref);
    const prevSites = new Set(previous.destinations.map((d) => d.site));
    const curSites = new Set(current.destinations.map((d) => d.site));
    out.newDestinations = [...curSites].filter((s) => !prevSites.has(s)).sort();
    if (!current.partial) out.removedDestinations = [...prevSites].filter((s) => !curSites.has(s)).sort();
  }
  const prevFp = new Set(previous.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint));
  const curFp = new Set(curFindings.map((f) => f.fingerprint));
  const seen = new Set<string>();
  for (const f of curFindings) {
    if (prevFp.has(f.fingerprint) || seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    out.newFindings.push(findingRef(f));
  }
  if (comparable) {
    for (const f of previous.findings) {
      if (f.suppressed || curFp.has(f.fingerprint) || seen.has(`gone ${f.fingerprint}`)) continue;
      seen.add(`gone ${f.fingerprint}`);
      out.goneFindings.push(findingRef(f));
    }
  }
  return out;
}

export function hasChanges(c: RecordChanges): boolean {
  return c.verdict !== null || c.newScripts.length + c.changedScripts.length + c.removedScripts.length +
    c.newDestinations.length + c.removedDestinations.length + c.newFindings.length + c.goneFindings.length > 0;
}
