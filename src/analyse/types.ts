import type { ScriptKind, Severity } from '../artifacts/types.js';

/** One script handed to static analysis. */
export interface ScriptInput {
  sha256: string;
  source: string;
  url: string | null;
  kind: ScriptKind;
  isModule?: boolean;
}

/**
 * Where a sink sends data, as far as static analysis can tell.
 * - literal: an absolute URL/host known from constants (after string resolution)
 * - relative: a path on the page's own origin
 * - computed: built at run time from values the analyser cannot resolve
 * - hidden: resolved only through decoding (atob, char codes, string arrays...)
 */
export interface Destination {
  kind: 'literal' | 'relative' | 'computed' | 'hidden';
  url: string | null;
  host: string | null;
}

export interface StaticFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based, relative to the analysed script's own source. */
  line: number;
  column: number;
  /**
   * Free-form evidence. Findings whose severity depends on where the page lives (an honest checkout
   * posts the card to its own site) set `siteDependent: true` and list `destinations`; the verdict
   * lowers them to `low` when every destination is the page's own registrable domain or an allowed
   * processor.
   */
  evidence: Record<string, unknown> & { siteDependent?: boolean; destinations?: Destination[] };
  /** Set when the finding is in code born from a string (eval etc.) of this script. */
  childSha256?: string;
}

export interface ScriptAnalysis {
  sha256: string;
  rulesVersion: string;
  parseError: string | null;
  findings: StaticFinding[];
  /** Summary facts the verdict and baselines use without re-reading findings. */
  facts: {
    readsPaymentFields: boolean;
    sinks: string[];
  };
  /** Milliseconds spent; absent when served from cache. */
  ms?: number;
}
