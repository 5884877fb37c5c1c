import type { ScanOptions } from '../gather/scan-target.js';
import type { TargetResult } from '../report/types.js';
import type { TargetRecord } from '../history/facts.js';

/** What a job carries: plain JSON, everything a worker needs to scan and judge one URL. */
export interface ScanJobData {
  runId: string;
  url: string;
  index: number;
  scan: Pick<Partial<ScanOptions>, 'timeoutMs' | 'quietMs' | 'headers' | 'cookies' | 'device' | 'screenshot' | 'probe' | 'clicks' | 'allowSubmit'>;
  /** Processors whose hosts may receive card data (built-ins + config at enqueue time). */
  allowedProcessors: string[];
  /** Politeness: at most this many scans of one registrable domain at once, fleet-wide. */
  perDomain: number;
}

export interface RunMeta {
  id: string;
  name: string;
  createdAt: string;
  toolVersion: string;
  /** Report `options` (what `scan` would put there). */
  options: Record<string, unknown>;
}

/** One URL's stored outcome (Redis hash field = URL). */
export interface StoredResult {
  index: number;
  result: TargetResult;
  /** History record (inventory, destinations) so that `collect --db` needs no artifacts. */
  record: TargetRecord;
  /** Sources kept for reports and history, stored once each under keys.source(sha). */
  sourceShas: string[];
  browser: string | null;
  worker: string;
  attempts: number;
  startedAt: string | null;
  durationMs: number | null;
  /** Set when `collect` wrote it for a job that failed without a result. */
  synthetic?: boolean;
}
