// Static analysis: the library surface.
import type { ScriptAnalysis, ScriptInput, StaticFinding } from './types.js';
import { analyseSource as analyseInProcess, RULES_VERSION, sha256, type AnalyseOptions } from './engine/run.js';
import { AnalysisCache } from './cache.js';
import { AnalysisPool, compiledEnginePath } from './pool.js';
import { defaultIocs, loadIocs, type IocSet } from './iocs.js';
import { analyzeWith, type AnalyzeReport, DEFAULT_MAX_BYTES } from './files.js';

export type { ScriptAnalysis, ScriptInput, StaticFinding, Destination } from './types.js';
export type { AnalyzeReport, AnalyzedFile } from './files.js';
export type { IocSet } from './iocs.js';
export type { Rule, RuleContext, Visitors, RuleMeta } from './rule.js';
export { RULES_VERSION, sha256, DEFAULT_MAX_BYTES, loadIocs, defaultIocs };
export { RULES, RULES_BY_ID } from '../../rules/index.js';
export { extractInlineScripts, verdictOf } from './files.js';

const VERSION = '0.1.0';

export interface AnalyzerOptions {
  /** Worker threads (default: min(2, cores)); 0 analyses in-process without budgets. */
  workers?: number;
  /** Per-script time budget (default 10 s). */
  timeoutMs?: number;
  /** Per-worker old-generation heap budget (default 1024 MB). */
  maxOldGenMb?: number;
  iocs?: IocSet;
  /** Load IOCs from this file instead of data/iocs.json. */
  iocsFile?: string;
}

/** Synchronous, in-process analysis of one script (tests, small inputs). */
export function analyseSource(input: ScriptInput, opts: AnalyseOptions = {}): ScriptAnalysis {
  return analyseInProcess(input, opts);
}

/**
 * Analyses scripts in a worker pool with time and memory budgets; each unique script (by SHA-256)
 * once per Analyzer; results cached by hash + rules version.
 */
export class Analyzer {
  readonly #cache = new AnalysisCache();
  readonly #inflight = new Map<string, Promise<ScriptAnalysis>>();
  readonly #pool: AnalysisPool | null;
  readonly #iocs: IocSet;

  constructor(opts: AnalyzerOptions = {}) {
    this.#iocs = opts.iocs ?? (opts.iocsFile ? loadIocs(opts.iocsFile) : defaultIocs());
    const engine = opts.workers === 0 ? null : compiledEnginePath();
    this.#pool = engine
      ? new AnalysisPool(engine, { workers: opts.workers, timeoutMs: opts.timeoutMs, maxOldGenMb: opts.maxOldGenMb, iocs: this.#iocs, rulesVersion: RULES_VERSION })
      : null;
  }

  /** Whether scripts run in budgeted workers (false when no compiled engine was found). */
  get pooled(): boolean {
    return this.#pool !== null;
  }

  analyse(input: ScriptInput): Promise<ScriptAnalysis> {
    const key = AnalysisCache.key(input.sha256, RULES_VERSION);
    const hit = this.#cache.get(key);
    if (hit) return Promise.resolve(hit);
    const running = this.#inflight.get(key);
    if (running) return running;
    const p = (this.#pool ? this.#pool.analyse(input) : Promise.resolve().then(() => analyseInProcess(input, { iocs: this.#iocs, rethrow: false })))
      .then((r) => {
        this.#cache.set(key, r);
        return r;
      })
      .finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, p);
    return p;
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }
}

export interface AnalyzeFilesOptions {
  maxBytes?: number;
  iocs?: IocSet | string;
  workers?: number;
  timeoutMs?: number;
  /** Each finding in the context it is judged in (the CLI lowers card data sent to known processors). */
  context?: (f: StaticFinding) => StaticFinding;
}

/** `skimscan analyze`: static analysis of .js/.mjs/.html files and directories. */
export async function analyzeFiles(paths: string[], opts: AnalyzeFilesOptions = {}): Promise<AnalyzeReport> {
  const iocs = typeof opts.iocs === 'string' ? loadIocs(opts.iocs) : opts.iocs;
  const analyzer = new Analyzer({ iocs, workers: opts.workers, timeoutMs: opts.timeoutMs });
  try {
    return await analyzeWith(analyzer, paths, { maxBytes: opts.maxBytes, version: VERSION, rulesVersion: RULES_VERSION, context: opts.context });
  } finally {
    await analyzer.close();
  }
}
