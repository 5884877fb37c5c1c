// Every Redis key skimscan's queue uses, in one place (docs/scale.md lists them with their sizes).
import { createHash } from 'node:crypto';

/** BullMQ's own keys live under `skimscan:scan:*`. */
export const QUEUE_PREFIX = 'skimscan';
export const QUEUE_NAME = 'scan';

/** How long a run's keys (and shared sources) stay in Redis after their last write. */
export const RUN_TTL_S = 7 * 86_400;

export const keys = {
  /** Hash: the run's metadata (name, createdAt, options JSON, …). */
  run: (id: string) => `skimscan:run:${id}`,
  /** Set of the run's URLs (per-run deduplication). */
  runUrls: (id: string) => `skimscan:run:${id}:urls`,
  /** List of the run's URLs in enqueue order (report order). */
  runOrder: (id: string) => `skimscan:run:${id}:order`,
  /** Hash URL -> stored result JSON: written once per URL, so a retried or recovered job cannot double it. */
  results: (id: string) => `skimscan:run:${id}:results`,
  /** Script source by SHA-256, shared by every run (a library is stored once). */
  source: (sha: string) => `skimscan:src:${sha}`,
  /** Static analysis by rules version + SHA-256, shared by the fleet. */
  analysis: (rulesVersion: string, sha: string) => `skimscan:analysis:${rulesVersion}:${sha}`,
  analysisLock: (rulesVersion: string, sha: string) => `skimscan:analysis-lock:${rulesVersion}:${sha}`,
  /** Hash SHA-256 -> how many times a worker ran the analysis (1 when the cache works). */
  analysed: (rulesVersion: string) => `skimscan:analysed:${rulesVersion}`,
  /** Hash hits/misses/waits of the shared analysis cache. */
  analysisStats: (rulesVersion: string) => `skimscan:analysis-stats:${rulesVersion}`,
  /** Sorted set of leases (member = holder, score = expiry ms) for one registrable domain. */
  lease: (domain: string) => `skimscan:lease:${domain}`,
  /** Hash domain -> the most leases ever held at once (politeness check in tests and ops). */
  leasePeak: 'skimscan:lease-peak',
};

/** BullMQ job id for a URL in a run: stable, so adding the same URL twice adds one job. */
export function jobIdFor(runId: string, url: string): string {
  return `${runId}.${createHash('sha256').update(url).digest('hex').slice(0, 24)}`;
}

export const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
