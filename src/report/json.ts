import type { ScanReport, ScanSummary, TargetResult } from './types.js';

export function summarise(targets: TargetResult[]): ScanSummary {
  const summary: ScanSummary = { targets: targets.length, compromised: 0, suspicious: 0, clean: 0, error: 0 };
  for (const t of targets) summary[t.verdict]++;
  return summary;
}

export function buildReport(parts: Omit<ScanReport, 'schemaVersion' | 'summary'>): ScanReport {
  return { schemaVersion: 1, ...parts, summary: summarise(parts.targets) };
}

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
