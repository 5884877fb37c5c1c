// The history database's schema, as numbered migrations. `PRAGMA user_version` holds the number of
// the last migration applied; each runs in its own transaction, so a database is always at one
// version. A database newer than this skimscan knows is refused (never half-understood).

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'runs, targets, findings, script inventory, destinations, kept sources, alerts and deliveries',
    sql: `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  group_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted', 'incomplete')),
  trigger TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  pid INTEGER,
  host TEXT,
  tool_version TEXT,
  rules_version TEXT,
  browser TEXT,
  options_json TEXT NOT NULL DEFAULT '{}',
  targets_total INTEGER NOT NULL,
  note TEXT
);
CREATE INDEX runs_group ON runs (group_name, id);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  url TEXT NOT NULL,
  final_url TEXT,
  verdict TEXT NOT NULL,
  partial INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  started_at TEXT,
  finished_at TEXT,
  max_severity TEXT,
  payment_page INTEGER NOT NULL DEFAULT 0,
  changes_json TEXT NOT NULL DEFAULT '{}',
  errors_json TEXT NOT NULL DEFAULT '[]',
  UNIQUE (run_id, url)
);
CREATE INDEX targets_url ON targets (url, run_id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  script_url TEXT,
  script_sha256 TEXT,
  line INTEGER,
  col INTEGER,
  fingerprint TEXT NOT NULL,
  suppressed INTEGER NOT NULL DEFAULT 0,
  evidence_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX findings_target ON findings (target_id);
CREATE INDEX findings_severity ON findings (severity);

CREATE TABLE scripts (
  target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  url TEXT,
  raw_url TEXT,
  kind TEXT NOT NULL,
  frame TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  normalised_sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  third_party INTEGER NOT NULL,
  integrity TEXT
);
CREATE INDEX scripts_target ON scripts (target_id);
CREATE INDEX scripts_sha ON scripts (sha256);

CREATE TABLE destinations (
  target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
  site TEXT NOT NULL,
  hosts_json TEXT NOT NULL,
  types_json TEXT NOT NULL,
  urls_json TEXT NOT NULL
);
CREATE INDEX destinations_target ON destinations (target_id);

CREATE TABLE sources (
  sha256 TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  first_seen TEXT NOT NULL
);

CREATE TABLE alerts (
  key TEXT PRIMARY KEY,
  target_url TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  opened_run_id INTEGER,
  opened_at TEXT NOT NULL,
  resolved_run_id INTEGER,
  resolved_at TEXT,
  detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_target ON alerts (target_url, state);

CREATE TABLE alert_events (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  run_id INTEGER,
  target_url TEXT NOT NULL,
  event TEXT NOT NULL,
  created_at TEXT NOT NULL,
  payload_json TEXT NOT NULL
);

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  UNIQUE (event_id, channel)
);
CREATE INDEX deliveries_pending ON deliveries (state, next_attempt_at);

CREATE TABLE delivery_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  ok INTEGER NOT NULL,
  status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
