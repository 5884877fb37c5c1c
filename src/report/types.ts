import type { ErrorCode, RequestRecord, ScriptRecord, Severity, Verdict } from '../artifacts/types.js';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  script: { url: string | null; sha256: string } | null;
  line: number | null;
  column: number | null;
  evidence: Record<string, unknown>;
}

export interface SuppressedFinding extends Finding {
  reason: string;
}

export interface TargetResult {
  url: string;
  finalUrl: string | null;
  verdict: Verdict;
  partial: boolean;
  error?: { code: ErrorCode; message: string };
  canary?: Record<string, string>;
  title?: string | null;
  scripts: ScriptRecord[];
  requests: RequestRecord[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
  notes: string[];
}

export interface ScanSummary {
  targets: number;
  compromised: number;
  suspicious: number;
  clean: number;
  error: number;
}

export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'skimscan'; version: string; rulesVersion: string };
  browser: string | null;
  options: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  targets: TargetResult[];
  summary: ScanSummary;
}
