// The watch loop: a croner job per group (time zones honoured), one run per group at a time (a
// due group whose previous run is still going is skipped and logged), the dispatcher delivering
// alerts beside it, pruning after each run. `once()` runs the due groups and returns.
import { Cron } from 'croner';
import { EXIT } from '../cli/exit.js';
import { errorMessage } from '../errors.js';
import type { Dispatcher } from '../alerts/dispatcher.js';
import { isDue, type GroupSpec } from './groups.js';
import { runGroup, type RunContext, type RunOutcome } from './runner.js';

export interface WatcherOptions {
  ctx: RunContext;
  groups: GroupSpec[];
  dispatcher: Dispatcher;
  keepDays?: number;
  signal: AbortSignal;
  /** How long `once()` waits for alert deliveries (retries included) before leaving them queued. */
  drainMs?: number;
}

/** Exit code over several runs: 1 wins, then 2, else 0. */
export function combineExit(codes: number[]): number {
  if (codes.includes(EXIT.findings)) return EXIT.findings;
  if (codes.some((c) => c !== EXIT.ok)) return EXIT.usage;
  return EXIT.ok;
}

export class Watcher {
  readonly #running = new Map<string, Promise<RunOutcome | null>>();
  readonly outcomes: RunOutcome[] = [];
  readonly skipped: Array<{ group: string; at: string; reason: string }> = [];

  constructor(private readonly o: WatcherOptions) {}

  /** Starts a run of `g` unless one is going (here or in another live process). */
  trigger(g: GroupSpec, trigger: string): Promise<RunOutcome | null> | null {
    const { ctx } = this.o;
    if (this.o.signal.aborted) return null;
    const mine = this.#running.get(g.name);
    const other = mine ? null : ctx.db.runningElsewhere(g.name);
    if (mine || other) {
      const reason = mine ? 'its previous run is still going' : `run ${other!.id} is still going in process ${other!.pid}`;
      this.skipped.push({ group: g.name, at: new Date().toISOString(), reason });
      ctx.log.warn(`${g.name}: skipped: ${reason}`);
      return null;
    }
    const p = runGroup(ctx, g, { trigger, signal: this.o.signal })
      .then((r) => {
        this.outcomes.push(r);
        this.#prune();
        return r;
      })
      .catch((err: unknown) => {
        ctx.log.warn(`${g.name}: ${errorMessage(err)}`);
        return null;
      })
      .finally(() => this.#running.delete(g.name));
    this.#running.set(g.name, p);
    return p;
  }

  #prune(): void {
    if (!this.o.keepDays) return;
    try {
      const r = this.o.ctx.db.prune(this.o.keepDays);
      if (r.runs) this.o.ctx.log.info(`pruned ${r.runs} run${r.runs === 1 ? '' : 's'} older than ${this.o.keepDays} days`);
    } catch (err) {
      this.o.ctx.log.warn(`prune failed: ${errorMessage(err)}`);
    }
  }

  /** Runs every due group (one after another) and waits for their alerts; returns scan's exit code. */
  async once(now: Date = new Date()): Promise<number> {
    const { ctx } = this.o;
    const due = this.o.groups.filter((g) => isDue(g, ctx.db.lastRun(g.name, ['complete']), now));
    if (!due.length) ctx.log.info('no group is due');
    const codes: number[] = [];
    for (const g of due) {
      if (this.o.signal.aborted) break;
      const r = await this.trigger(g, 'once');
      if (r) codes.push(r.exitCode);
    }
    this.o.dispatcher.kick();
    if (!this.o.signal.aborted) {
      const settled = await this.o.dispatcher.drain(this.o.drainMs ?? 120_000, this.o.signal);
      if (!settled) ctx.log.warn(`${ctx.db.pendingDeliveries()} alert deliveries still pending; they are retried on the next start`);
    }
    if (this.o.signal.aborted) return EXIT.interruptedTerm;
    return combineExit(codes);
  }

  /** Runs on schedule until the signal; resolves after the runs going then have ended. */
  async run(): Promise<number> {
    const { ctx, signal } = this.o;
    const jobs = this.o.groups.map((g) => new Cron(g.cron, { timezone: g.timezone, catch: true }, () => { void this.trigger(g, 'schedule'); }));
    for (const [i, g] of this.o.groups.entries()) {
      ctx.log.info(`${g.name}: ${g.targets.length} target${g.targets.length === 1 ? '' : 's'}, "${g.cron}"${g.timezone ? ` (${g.timezone})` : ''}; next run ${jobs[i]!.nextRun()?.toISOString() ?? 'never'}`);
    }
    this.o.dispatcher.kick();
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    for (const j of jobs) j.stop();
    await Promise.all([...this.#running.values()]);
    return EXIT.interruptedTerm;
  }
}
