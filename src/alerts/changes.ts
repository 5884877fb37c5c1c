// Which alerts a judged target opens and resolves. Alerts are keyed by target + kind + subject and
// are state: an open alert is never sent again while its condition holds, and a resolved notice
// goes out when the condition is gone. Pure: the watch runner feeds it the stored records.
import type { Severity } from '../artifacts/types.js';
import { BASELINE_RULES } from '../baseline/compare.js';
import { atOrAbove } from '../verdict/index.js';
import type { InventoryScript, RecordChanges, StoredFinding, TargetRecord } from '../history/facts.js';
import type { AlertRow } from '../history/db.js';
import type { AlertChange, AlertKind } from './types.js';

const VERDICT_RANK: Record<string, number> = { clean: 0, suspicious: 1, compromised: 2 };

/** Drift rules whose subject is a script or destination: alerted as such, not as findings. */
const DRIFT_RULES = new Set<string>([BASELINE_RULES.newScript, BASELINE_RULES.changedScript, BASELINE_RULES.removedScript,
  BASELINE_RULES.newDestination, BASELINE_RULES.noEntry]);

export function alertKey(url: string, kind: AlertKind, subject: string): string {
  return `${url} ${kind} ${subject}`;
}

export interface EvaluateInput {
  current: Pick<TargetRecord, 'url' | 'verdict' | 'partial' | 'error' | 'findings' | 'scripts' | 'destinations'>;
  /** Differences against the previous usable record of the page (history). */
  changes: RecordChanges;
  open: AlertRow[];
  threshold: Severity;
  /** Scripts and destinations are judged against a baseline (drift findings) instead of the previous run. */
  baseline: boolean;
  /**
   * The previous judged record of the page: an alert resolves only when its condition is gone from
   * two records in a row, so a page that flaps (a probe that sometimes misses) does not flap alerts.
   */
  previous?: Pick<TargetRecord, 'url' | 'verdict' | 'partial' | 'error' | 'findings' | 'scripts' | 'destinations'> | null;
  /** What the page's recent judged records held: a script, content or destination seen there is not new. */
  recent?: RecentInventory;
}

export interface RecentInventory {
  /** Keys of scripts with their own URL. */
  keys: Set<string>;
  /** `key normalisedSha256` of every script. */
  contents: Set<string>;
  sites: Set<string>;
}

/** The alert keys whose condition holds in a record (what keeps an open alert open). */
export function activeKeys(rec: EvaluateInput['current'], threshold: Severity): Set<string> {
  const url = rec.url;
  const active = new Set<string>();
  if (rec.verdict === 'error') {
    if (rec.error?.code !== 'interrupted') active.add(alertKey(url, 'failing', 'error'));
    return active;
  }
  for (const f of rec.findings) {
    if (!f.suppressed && !DRIFT_RULES.has(f.ruleId) && atOrAbove(f.severity, threshold)) active.add(alertKey(url, 'finding', f.fingerprint));
  }
  for (const v of ['suspicious', 'compromised']) {
    if (VERDICT_RANK[rec.verdict]! >= VERDICT_RANK[v]!) active.add(alertKey(url, 'verdict', v));
  }
  for (const s of rec.scripts) {
    active.add(alertKey(url, 'script-new', subjectOf(s, false)));
    active.add(alertKey(url, 'script-changed', subjectOf(s, true)));
  }
  for (const d of rec.destinations) active.add(alertKey(url, 'destination-new', d.site));
  return active;
}

export interface Evaluation {
  open: AlertChange[];
  resolve: AlertRow[];
}

function scriptLabel(s: Pick<InventoryScript, 'rawUrl' | 'url' | 'kind' | 'frame'>): string {
  return s.rawUrl ?? s.url ?? `${s.kind} script in ${s.frame}`;
}

function subjectOf(s: Pick<InventoryScript, 'key' | 'url' | 'sha256'>, changed: boolean): string {
  // Inline code has no URL: several blocks share a key, so the content tells them apart.
  return changed || s.url === null ? `${s.key} ${s.sha256}` : s.key;
}

export function evaluateAlerts(input: EvaluateInput): Evaluation {
  const { current, changes, threshold } = input;
  const url = current.url;
  const interrupted = current.error?.code === 'interrupted';
  if (interrupted) return { open: [], resolve: [] };
  const failing = current.verdict === 'error';
  /** Whether the absence of something now means it went away (not that we did not get to see it). */
  const sawAll = !failing && !current.partial;
  const opened: AlertChange[] = [];
  const openKeys = new Set(input.open.map((a) => a.key));
  const add = (kind: AlertKind, subject: string, severity: Severity, message: string, detail: Record<string, unknown>) => {
    const key = alertKey(url, kind, subject);
    if (openKeys.has(key) || opened.some((o) => o.key === key)) return;
    opened.push({ key, kind, subject, severity, message, detail });
  };
  const active = new Set<string>();

  // Findings at or above the threshold.
  const findings = current.findings.filter((f) => !f.suppressed && !DRIFT_RULES.has(f.ruleId));
  for (const f of findings) {
    if (!atOrAbove(f.severity, threshold)) continue;
    const key = alertKey(url, 'finding', f.fingerprint);
    active.add(key);
    add('finding', f.fingerprint, f.severity, `${f.severity} finding ${f.ruleId}: ${f.message}`,
      { ruleId: f.ruleId, script: f.script, line: f.line, column: f.column });
  }

  // A worse verdict (than the previous record; than clean on the first one).
  const from = changes.first ? 'clean' : changes.verdict?.from ?? null;
  if (!failing) {
    for (const v of ['suspicious', 'compromised']) {
      if (VERDICT_RANK[current.verdict]! >= VERDICT_RANK[v]!) active.add(alertKey(url, 'verdict', v));
    }
    if (from !== null && from !== 'error' && VERDICT_RANK[current.verdict]! > (VERDICT_RANK[from] ?? 0)) {
      add('verdict', current.verdict, current.verdict === 'compromised' ? 'critical' : 'medium',
        `verdict ${from} -> ${current.verdict}`, { from, to: current.verdict });
    }
  }

  // Started failing.
  if (failing) {
    const key = alertKey(url, 'failing', 'error');
    active.add(key);
    add('failing', 'error', 'medium', `target failed: ${current.error?.code ?? 'error'}: ${current.error?.message ?? ''}`.trim(), { error: current.error });
  }

  // New or changed scripts and destinations.
  if (!failing) {
    const present = new Set<string>();
    for (const s of current.scripts) {
      present.add(alertKey(url, 'script-new', subjectOf(s, false)));
      present.add(alertKey(url, 'script-changed', subjectOf(s, true)));
    }
    for (const d of current.destinations) present.add(alertKey(url, 'destination-new', d.site));
    for (const k of present) active.add(k);

    if (input.baseline) {
      for (const f of current.findings) {
        if (f.suppressed) continue;
        if (f.ruleId === BASELINE_RULES.newScript || f.ruleId === BASELINE_RULES.changedScript) {
          const s = scriptFor(current.scripts, f);
          if (!s) continue;
          const changed = f.ruleId === BASELINE_RULES.changedScript;
          add(changed ? 'script-changed' : 'script-new', subjectOf(s, changed), f.severity,
            `${changed ? 'changed' : 'new'} script (against the baseline): ${scriptLabel(s)}`,
            { script: scriptLabel(s), sha256: s.sha256, thirdParty: s.thirdParty, baseline: true, previousSha256: f.evidence.baselineSha256 ?? null, ruleId: f.ruleId });
        } else if (f.ruleId === BASELINE_RULES.newDestination) {
          const site = String(f.evidence.site ?? '');
          if (site) add('destination-new', site, f.severity, `new destination (against the baseline): ${site}`, { ...f.evidence, baseline: true });
        }
      }
    } else if (!changes.first) {
      const recent = input.recent;
      const seenScript = (x: InventoryScript) => !!recent && (x.url !== null ? recent.keys.has(x.key) : recent.contents.has(`${x.key} ${x.normalisedSha256}`));
      for (const s of changes.newScripts) {
        const inv = current.scripts.find((x) => x.key === s.key && x.sha256 === s.sha256);
        if (!inv || seenScript(inv)) continue;
        add('script-new', subjectOf(inv, false), 'medium', `new ${s.thirdParty ? 'third-party' : 'first-party'} script: ${scriptLabel(inv)}`,
          { script: scriptLabel(inv), sha256: s.sha256, thirdParty: s.thirdParty, kind: s.kind, frame: s.frame });
      }
      // Back to the content an open change alert started from: a revert, reported as that alert's resolution.
      const reverted = new Set(input.open.filter((a) => a.kind === 'script-changed' && typeof a.detail.previousSha256 === 'string')
        .map((a) => `${a.subject.slice(0, a.subject.lastIndexOf(' '))} ${String(a.detail.previousSha256)}`));
      for (const s of changes.changedScripts) {
        const inv = current.scripts.find((x) => x.key === s.key && x.sha256 === s.sha256);
        if (!inv || reverted.has(`${s.key} ${s.sha256}`) || recent?.contents.has(`${inv.key} ${inv.normalisedSha256}`)) continue;
        add('script-changed', subjectOf(inv, true), 'medium', `changed script: ${scriptLabel(inv)}`,
          { script: scriptLabel(inv), sha256: s.sha256, previousSha256: s.previousSha256, thirdParty: s.thirdParty, kind: s.kind, frame: s.frame });
      }
      for (const site of changes.newDestinations) {
        if (recent?.sites.has(site)) continue;
        const d = current.destinations.find((x) => x.site === site);
        add('destination-new', site, 'high', `new destination: ${site}${d ? ` (${d.types.join(', ')})` : ''}`,
          { site, hosts: d?.hosts ?? [], types: d?.types ?? [], urls: d?.urls ?? [] });
      }
    }
  }

  // Resolved: an open alert whose condition is gone, when this record could see that.
  const activePrev = input.previous ? activeKeys(input.previous, threshold) : null;
  const resolve = input.open.filter((a) => {
    if (active.has(a.key)) return false;
    if (a.kind === 'failing') return !failing;
    return sawAll && !activePrev?.has(a.key);
  });
  return { open: opened, resolve };
}

function scriptFor(scripts: InventoryScript[], f: StoredFinding): InventoryScript | undefined {
  if (!f.script) return undefined;
  return scripts.find((s) => s.sha256 === f.script!.sha256 && (f.script!.url === null || s.rawUrl === f.script!.url))
    ?? scripts.find((s) => s.sha256 === f.script!.sha256);
}
