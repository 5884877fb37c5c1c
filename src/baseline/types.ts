// A baseline: what a page looked like when someone reviewed it (PCI DSS 4.0 6.4.3 inventory,
// 11.6.1 change detection). Plain JSON, stored as DIR/baseline.json plus DIR/sources/<sha256>.js.
import type { ScriptKind } from '../artifacts/types.js';

export const BASELINE_VERSION = 1;

export interface BaselineScript {
  /** Stable identity: `url <frame> <normalised url>` or `code <frame> <kind> <n>`. */
  key: string;
  /** Normalised URL (cache busters dropped) for scripts with their own URL; null for inline/dynamic. */
  url: string | null;
  /** The URL as last seen (with its query). */
  rawUrl: string | null;
  kind: ScriptKind;
  /** Normalised frame URL (origin + path) the script ran in. */
  frame: string;
  /** Position among the unmatched scripts of the same frame and kind (inline/dynamic only). */
  ordinal: number;
  /** SHA-256 of the source as captured. */
  sha256: string;
  /** SHA-256 of the source with per-request values (nonces, CSRF tokens…) normalised away. */
  normalisedSha256: string;
  size: number;
  /** The `integrity` attribute of its `<script>` tag, if any (SRI). */
  integrity: string | null;
  thirdParty: boolean;
  /** Whether static analysis or the page hooks saw it read payment fields. */
  readsPaymentFields: boolean;
  /** Whether its source is kept under sources/ (first-party scripts and every script of a payment page). */
  sourceStored: boolean;
  /** Rule ids of its high/critical findings when recorded (used when the old source is not kept). */
  highRules: string[];
  firstSeen: string;
  lastChanged: string;
}

export interface BaselineDestination {
  /** Registrable domain (tldts), or the host for IPs. */
  site: string;
  /** Host names seen under it. */
  hosts: string[];
  /** Request types seen, e.g. script, image, beacon. */
  types: string[];
  firstSeen: string;
  lastChanged: string;
}

export interface BaselinePage {
  /** Page identity: the target URL normalised like script URLs. */
  key: string;
  url: string;
  finalUrl: string | null;
  paymentPage: boolean;
  scripts: BaselineScript[];
  destinations: BaselineDestination[];
  /** Security headers of the main document, with per-request values (CSP nonces) normalised. */
  securityHeaders: Record<string, string>;
  securityHeadersFirstSeen: string;
  securityHeadersLastChanged: string;
  firstSeen: string;
  lastChanged: string;
  /** When this page's entry was last written (baseline or --update). */
  recordedAt: string;
}

export interface Baseline {
  baselineVersion: number;
  tool: { name: 'skimscan'; version: string };
  createdAt: string;
  updatedAt: string;
  pages: BaselinePage[];
}
