import type { Severity } from '../artifacts/types.js';
import { atOrAbove } from '../verdict/index.js';
import type { ScanReport } from '../report/types.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, interruptedInt: 130, interruptedTerm: 143 } as const;

/** 1 if any finding is at or above --fail-on (this wins); else 2 if any target ended in error; else 0. */
export function exitCodeFor(report: ScanReport, failOn: Severity | 'none'): number {
  const all = report.targets.flatMap((t) => t.findings);
  if (failOn !== 'none' && all.some((f) => atOrAbove(f.severity, failOn))) return EXIT.findings;
  if (report.targets.some((t) => t.verdict === 'error')) return EXIT.usage;
  return EXIT.ok;
}
