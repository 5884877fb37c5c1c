import type { Severity, Verdict } from '../artifacts/types.js';

export const PAYLOAD_VERSION = 1;

export const ALERT_KINDS = ['finding', 'verdict', 'failing', 'script-new', 'script-changed', 'destination-new'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertChange {
  /** target URL + kind + subject: one alert per change, never repeated while it stays open. */
  key: string;
  kind: AlertKind;
  subject: string;
  severity: Severity;
  message: string;
  detail: Record<string, unknown>;
}

export interface ResolvedChange {
  key: string;
  kind: string;
  subject: string;
  severity: Severity;
  message: string;
  openedAt: string;
  openedRunId: number | null;
}

/** The JSON every channel receives (webhooks verbatim; Slack gets text made from it; commands on stdin). */
export interface AlertPayload {
  payloadVersion: typeof PAYLOAD_VERSION;
  id: string;
  event: 'alert' | 'resolved';
  createdAt: string;
  tool: { name: 'skimscan'; version: string };
  run: { id: number; group: string; startedAt: string };
  target: {
    url: string;
    finalUrl: string | null;
    verdict: Verdict;
    previousVerdict: Verdict | null;
    partial: boolean;
    error: { code: string; message: string } | null;
  };
  /** Changes that opened an alert in this run. */
  alerts: AlertChange[];
  /** Alerts whose condition went away in this run. */
  resolved: ResolvedChange[];
}
