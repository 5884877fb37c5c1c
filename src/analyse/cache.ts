// Results are plain data, cached by script hash + rules version (in memory, bounded, LRU-ish).
import type { ScriptAnalysis } from './types.js';

export class AnalysisCache {
  #map = new Map<string, ScriptAnalysis>();
  constructor(readonly maxEntries = 5000) {}

  static key(sha256: string, rulesVersion: string): string {
    return `${rulesVersion}:${sha256}`;
  }

  get(key: string): ScriptAnalysis | undefined {
    const v = this.#map.get(key);
    if (v) {
      this.#map.delete(key);
      this.#map.set(key, v);
      const { ms: _ms, ...rest } = v;
      return rest;
    }
    return undefined;
  }

  set(key: string, v: ScriptAnalysis): void {
    this.#map.set(key, v);
    if (this.#map.size > this.maxEntries) this.#map.delete(this.#map.keys().next().value!);
  }

  get size(): number {
    return this.#map.size;
  }
}
