// A pool of worker_threads running analyseSource. Each script gets a time budget (the worker is
// terminated and replaced when it overruns) and a memory budget (resourceLimits); an overrun is a
// recorded `analysis-timeout` finding, never a hang. The worker code is inline (eval) and imports the
// compiled engine, so the same pool works from dist/ and, after a build, under vitest.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { ScriptAnalysis, ScriptInput } from './types.js';
import type { IocSet } from './iocs.js';

export interface PoolOptions {
  workers?: number;
  timeoutMs?: number;
  maxOldGenMb?: number;
  stackSizeMb?: number;
  iocs?: IocSet;
  rulesVersion: string;
}

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.enginePath).then((mod) => {
  const iocs = workerData.iocs ? { domains: new Set(workerData.iocs.domains), hashes: new Set(workerData.iocs.hashes), notes: workerData.iocs.notes } : undefined;
  parentPort.on('message', (msg) => {
    try { parentPort.postMessage({ id: msg.id, result: mod.analyseSource(msg.input, { iocs, rethrow: false }) }); }
    catch (e) { parentPort.postMessage({ id: msg.id, error: e && e.message ? e.message : String(e) }); }
  });
  parentPort.postMessage({ ready: true });
}, (e) => { parentPort.postMessage({ fatal: String(e && e.message || e) }); });
`;

/** The compiled engine module: a sibling when running from dist, else dist/ of the package. */
export function compiledEnginePath(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'engine', 'run.js'), join(here, '..', '..', 'dist', 'src', 'analyse', 'engine', 'run.js')];
  for (const c of candidates) if (existsSync(c) && !c.endsWith('.ts')) return c;
  return null;
}

interface Job {
  id: number;
  input: ScriptInput;
  resolve: (a: ScriptAnalysis) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  ready: Promise<void>;
}

export function budgetFinding(input: ScriptInput, reason: string, rulesVersion: string, ms: number): ScriptAnalysis {
  return {
    sha256: input.sha256,
    rulesVersion,
    parseError: null,
    findings: [{
      ruleId: 'analysis-timeout', severity: 'medium', message: `Analysis stopped: ${reason}; the script was not fully judged`,
      line: 1, column: 1, evidence: { reason, size: input.source.length },
    }],
    facts: { readsPaymentFields: false, sinks: [] },
    ms,
  };
}

export class AnalysisPool {
  readonly #opts: Required<Omit<PoolOptions, 'iocs'>> & { iocs?: IocSet };
  readonly #enginePath: string;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #nextId = 1;
  #closed = false;

  constructor(enginePath: string, opts: PoolOptions) {
    this.#enginePath = enginePath;
    this.#opts = {
      workers: opts.workers ?? Math.max(1, Math.min(2, availableParallelism())),
      timeoutMs: opts.timeoutMs ?? 10_000,
      maxOldGenMb: opts.maxOldGenMb ?? 1024,
      stackSizeMb: opts.stackSizeMb ?? 32,
      rulesVersion: opts.rulesVersion,
      iocs: opts.iocs,
    };
  }

  #spawn(): Slot {
    const iocs = this.#opts.iocs;
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: {
        enginePath: pathToFileURL(this.#enginePath).href,
        iocs: iocs ? { domains: [...iocs.domains], hashes: [...iocs.hashes], notes: iocs.notes } : null,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.#opts.maxOldGenMb, stackSizeMb: this.#opts.stackSizeMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    let readyResolve!: () => void;
    const slot: Slot = { worker, job: null, timer: null, ready: new Promise((r) => (readyResolve = r)) };
    const t0 = { v: 0 };
    worker.on('message', (msg: any) => {
      if (msg.ready) {
        readyResolve();
        return;
      }
      if (msg.fatal) {
        readyResolve();
        this.#fail(slot, `worker failed to start: ${msg.fatal}`);
        return;
      }
      const job = slot.job;
      if (!job || msg.id !== job.id) return;
      this.#finish(slot);
      if (msg.error) job.resolve(budgetFinding(job.input, `engine error: ${msg.error}`, this.#opts.rulesVersion, 0));
      else job.resolve(msg.result as ScriptAnalysis);
      this.#pump();
    });
    worker.on('error', (e) => {
      readyResolve();
      const code = (e as { code?: string }).code;
      this.#fail(slot, code === 'ERR_WORKER_OUT_OF_MEMORY' ? `memory budget (${this.#opts.maxOldGenMb} MB) exceeded` : `worker error: ${e.message}`);
    });
    worker.on('exit', () => {
      readyResolve();
      if (slot.job) this.#fail(slot, 'worker exited');
    });
    void t0;
    return slot;
  }

  #finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** The job on this slot ends as a budget finding and the worker is replaced. */
  #fail(slot: Slot, reason: string): void {
    const job = slot.job;
    this.#finish(slot);
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    void slot.worker.terminate().catch(() => {});
    if (job) job.resolve(budgetFinding(job.input, reason, this.#opts.rulesVersion, this.#opts.timeoutMs));
    this.#pump();
  }

  analyse(input: ScriptInput): Promise<ScriptAnalysis> {
    if (this.#closed) return Promise.reject(new Error('pool closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, input, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#closed) return;
    while (this.#queue.length) {
      let slot = this.#slots.find((s) => s.job === null);
      if (!slot) {
        if (this.#slots.length >= this.#opts.workers) return;
        slot = this.#spawn();
        this.#slots.push(slot);
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      const s = slot;
      void s.ready.then(() => {
        if (s.job !== job) return;
        s.worker.ref();
        s.timer = setTimeout(() => this.#fail(s, `time budget (${this.#opts.timeoutMs} ms) exceeded`), this.#opts.timeoutMs);
        s.worker.postMessage({ id: job.id, input: job.input });
      });
    }
    for (const s of this.#slots) if (!s.job) s.worker.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const j of this.#queue) j.reject(new Error('pool closed'));
    this.#queue = [];
    await Promise.all(this.#slots.map((s) => s.worker.terminate().catch(() => 0)));
    this.#slots = [];
  }
}
