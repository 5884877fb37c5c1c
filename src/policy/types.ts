// Policy settings (from the config file): which script sources and which destinations a page may
// use, each with a written justification (PCI DSS 4.0 6.4.3), per-target overrides, suppressions.

/** Exactly one of host (host glob), url (URL pattern, `*` = any run of characters) or sha256. */
export interface AllowEntry {
  host?: string;
  url?: string;
  sha256?: string;
  justification: string;
}

export interface PolicyConfig {
  /**
   * Scripts from the page's own registrable domain, and inline/string-born code in its frames,
   * need no entry (default true). Set false to require an entry (hash) for each of them too.
   */
  allowFirstParty?: boolean;
  scripts?: AllowEntry[];
  destinations?: AllowEntry[];
}

export interface PolicyOverride {
  /** Page URL pattern this override applies to. */
  url: string;
  policy: PolicyConfig;
}

export interface Suppression {
  /** Page URL pattern; every page when absent. */
  url?: string;
  /** Rule id, `*` wildcards allowed; every rule when absent. */
  ruleId?: string;
  /** Script URL pattern the finding must be about. */
  script?: string;
  reason: string;
}

export interface PolicySettings {
  policy?: PolicyConfig;
  overrides?: PolicyOverride[];
  suppress?: Suppression[];
}

/** An entry with where it came from in the config, e.g. `policy.scripts[2]`. */
export interface LabelledEntry extends AllowEntry {
  where: string;
}

export interface ResolvedPolicy {
  allowFirstParty: boolean;
  scripts: LabelledEntry[];
  destinations: LabelledEntry[];
  /** Config paths that contributed, e.g. ['policy', 'overrides[0].policy']. */
  from: string[];
}
