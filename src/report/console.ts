import type { ScanReport, TargetResult } from './types.js';

const COLORS = { compromised: '\x1b[31m', suspicious: '\x1b[33m', clean: '\x1b[32m', error: '\x1b[35m' } as const;

export function targetLine(t: TargetResult, color: boolean): string {
  const verdict = t.verdict.toUpperCase().padEnd(11);
  const v = color ? `${COLORS[t.verdict]}${verdict}\x1b[0m` : verdict;
  const top = t.findings[0];
  const why = t.error && t.verdict === 'error' ? `${t.error.code}: ${t.error.message}`
    : top ? `${top.severity} ${top.ruleId}: ${top.message}${top.script ? ` [${top.script.url ?? `inline ${top.script.sha256.slice(0, 12)}`}${top.line ? `:${top.line}` : ''}]` : ''}`
      : `${t.scripts.length} scripts, ${t.requests.length} requests`;
  const partial = t.partial ? ` (partial: ${t.error?.code})` : '';
  return `${v} ${t.url}${partial}  ${oneLine(why)}`;
}

export function summaryLine(r: ScanReport): string {
  const s = r.summary;
  return `${s.targets} target(s): ${s.compromised} compromised, ${s.suspicious} suspicious, ${s.clean} clean, ${s.error} error`;
}

/** Page-controlled text reaches a terminal: strip control characters so it cannot move the cursor. */
export function oneLine(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
