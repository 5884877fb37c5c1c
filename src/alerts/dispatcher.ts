// Delivers queued alert events (the history's outbox) with retries and exponential backoff. Every
// attempt is stored. It runs beside scanning and never blocks it: a dead webhook only leaves its
// deliveries pending (then failed), and pending ones are picked up again after a restart.
import type { HistoryDb } from '../history/db.js';
import type { Log } from '../gather/log.js';
import { silentLog } from '../gather/log.js';
import type { Channel } from './channels.js';
import type { AlertPayload } from './types.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** Wait before the first retry; doubles each time. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, backoffMs: 2000, maxBackoffMs: 300_000 };

export function backoffFor(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
}

export class Dispatcher {
  #timer: NodeJS.Timeout | null = null;
  #busy: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly db: HistoryDb,
    private readonly channels: Channel[],
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
    private readonly log: Log = silentLog,
  ) {}

  /** Processes what is due now and schedules the next attempt. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#busy) {
      void this.#busy.then(() => this.kick());
      return;
    }
    this.#busy = this.#process().finally(() => {
      this.#busy = null;
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const next = this.db.nextDeliveryAt();
    if (!next) return;
    const ms = Math.max(0, Date.parse(next) - Date.now());
    this.#timer = setTimeout(() => { this.#timer = null; this.kick(); }, Math.min(ms, 2 ** 31 - 1));
    this.#timer.unref();
  }

  async #process(): Promise<void> {
    const due = this.db.dueDeliveries(new Date().toISOString());
    await Promise.all(due.map(async (d) => {
      const channel = this.channels.find((c) => c.name === d.channel);
      const attempt = d.attempts + 1;
      const at = new Date().toISOString();
      if (!channel) {
        this.db.recordAttempt(d.id, { attempt, at, ok: false, status: null, error: `channel ${d.channel} is no longer configured`, durationMs: 0 },
          { state: 'failed', nextAttemptAt: at });
        return;
      }
      const t0 = Date.now();
      let payload: AlertPayload;
      try {
        payload = JSON.parse(d.payload) as AlertPayload;
      } catch {
        this.db.recordAttempt(d.id, { attempt, at, ok: false, status: null, error: 'unreadable payload', durationMs: 0 }, { state: 'failed', nextAttemptAt: at });
        return;
      }
      const r = await channel.send(payload, d.payload).catch((err: unknown) => ({ ok: false, status: null, error: String((err as Error)?.message ?? err) }));
      const durationMs = Date.now() - t0;
      if (this.db.db.open === false) return;
      if (r.ok) {
        this.db.recordAttempt(d.id, { attempt, at, ok: true, status: r.status, error: null, durationMs }, { state: 'delivered', nextAttemptAt: at });
        this.log.info(`alert ${payload.event} for ${payload.target.url} delivered to ${channel.name}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      } else if (attempt > this.policy.retries) {
        this.db.recordAttempt(d.id, { attempt, at, ok: false, status: r.status, error: r.error, durationMs }, { state: 'failed', nextAttemptAt: at });
        this.log.warn(`alert ${payload.event} for ${payload.target.url}: ${channel.name} failed ${attempt} times (${r.error}); giving up`);
      } else {
        const next = new Date(Date.now() + backoffFor(this.policy, attempt)).toISOString();
        this.db.recordAttempt(d.id, { attempt, at, ok: false, status: r.status, error: r.error, durationMs }, { state: 'pending', nextAttemptAt: next });
        this.log.warn(`alert ${payload.event} for ${payload.target.url}: ${channel.name} attempt ${attempt} failed (${r.error}); retrying`);
      }
    }));
  }

  /** Waits until nothing is pending (delivered or given up), or until `timeoutMs`. Resolves true when settled. */
  async drain(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    this.kick();
    for (;;) {
      if (this.#busy) await this.#busy;
      if (this.db.pendingDeliveries() === 0) return true;
      if (Date.now() >= until || signal?.aborted || this.#stopped) return false;
      const next = this.db.nextDeliveryAt();
      const wait = Math.max(10, Math.min(until - Date.now(), next ? Date.parse(next) - Date.now() : 100, 1000));
      await new Promise((r) => setTimeout(r, wait));
      if (!this.#busy && this.db.dueDeliveries(new Date().toISOString()).length) this.kick();
    }
  }

  /** Stops scheduling; an attempt under way finishes and is recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#busy) await this.#busy;
  }
}
