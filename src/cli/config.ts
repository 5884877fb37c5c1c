// The config file (`skimscan.config.json` in the cwd, or `--config FILE`). Strict: an unknown key is
// an error, so a typo fails loudly instead of being ignored. Values from the CLI override it.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Cron } from 'croner';
import { SEVERITIES } from '../artifacts/types.js';
import { UsageError } from '../errors.js';
import { parseTargetUrl } from './targets.js';

export const CONFIG_FILE_NAME = 'skimscan.config.json';

export { hostGlobProblem, hostMatchesGlob } from '../hosts.js';
import { hostGlobProblem, normHost, HOST_NAME_RE } from '../hosts.js';

// ---------------------------------------------------------------------------------------------
// --resolve HOSTGLOB=ADDR[:PORT]

export interface ResolveRule {
  hostGlob: string;
  /** IPv4, IPv6 (without brackets) or a host name. */
  address: string;
  port?: number;
}

function resolveRuleOrProblem(s: string): ResolveRule | string {
  const eq = s.indexOf('=');
  if (eq < 0) return 'expected HOSTGLOB=ADDR[:PORT]';
  const hostGlob = normHost(s.slice(0, eq));
  const target = s.slice(eq + 1).trim();
  const globProblem = hostGlobProblem(hostGlob);
  if (globProblem) return globProblem;
  if (target === '') return 'missing address after "="';
  let address: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(target);
  if (bracketed) {
    address = bracketed[1]!;
    portText = bracketed[2];
    if (isIP(address) !== 6) return `"${address}" is not an IPv6 address`;
  } else if (isIP(target) === 6) {
    address = target; // bare IPv6, no port
  } else {
    const colon = target.lastIndexOf(':');
    address = colon < 0 ? target : target.slice(0, colon);
    portText = colon < 0 ? undefined : target.slice(colon + 1);
    if (!isIP(address) && !HOST_NAME_RE.test(address)) return `"${address}" is not an IP address or host name`;
  }
  const rule: ResolveRule = { hostGlob, address: address.toLowerCase() };
  if (portText !== undefined) {
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) return `port "${portText}" is not a number from 1 to 65535`;
    rule.port = port;
  }
  return rule;
}

/** Parses `HOSTGLOB=ADDR[:PORT]`, e.g. `*.example=127.0.0.1:8123`; throws UsageError. */
export function parseResolveRule(s: string): ResolveRule {
  const r = resolveRuleOrProblem(s);
  if (typeof r === 'string') throw new UsageError(`bad resolve rule "${s}": ${r}`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Schema

const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

function intRange(min: number, max: number, unit = '') {
  const error = `expected an integer from ${min} to ${max}${unit}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const hostGlob = z.string({ error: 'expected a host glob string' }).superRefine((g, ctx) => {
  const problem = hostGlobProblem(g);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const ScanConfigSchema = z.strictObject({
  timeout: intRange(1000, 600_000, ' (ms)').optional(),
  concurrency: intRange(1, 32).optional(),
  failOn: z.enum(FAIL_ON, { error: `expected one of ${FAIL_ON.join(', ')}` }).optional(),
  resolve: z
    .array(
      z.string({ error: 'expected a string "HOSTGLOB=ADDR[:PORT]"' }).superRefine((s, ctx) => {
        const r = resolveRuleOrProblem(s);
        if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
      }),
      { error: 'expected an array of "HOSTGLOB=ADDR[:PORT]" strings' },
    )
    .optional(),
  offline: z.boolean({ error: 'expected true or false' }).optional(),
  ignoreHttpsErrors: z.boolean({ error: 'expected true or false' }).optional(),
  probe: z.boolean({ error: 'expected true or false' }).optional(),
  headers: z
    .record(
      z.string().regex(HEADER_NAME_RE, { error: 'is not a valid HTTP header name' }),
      z.string({ error: 'expected a string header value' }).refine((v) => !/[\r\n\0]/.test(v), {
        error: 'header value must not contain CR, LF or NUL',
      }),
      { error: 'expected an object of header names to string values' },
    )
    .optional(),
  quietMs: intRange(0, 600_000, ' (ms)').optional(),
}, { error: 'expected an object' });

// Policy (PCI DSS 4.0 6.4.3): allowed script sources and destinations, each with a justification.
const URL_PATTERN_RE = /^(https?|wss?):\/\/[^\s/]+(\/\S*)?$/i;
const urlPattern = z.string({ error: 'expected a URL pattern string' }).regex(URL_PATTERN_RE, {
  error: 'expected a URL pattern like "https://cdn.x.example/lib/*.js" (scheme://host/path, * = any characters)',
});
const justification = z.string({ error: 'a written justification is required (PCI DSS 6.4.3)' }).trim()
  .min(10, { error: 'a written justification is required (PCI DSS 6.4.3): at least 10 characters' });

export const AllowEntrySchema = z.strictObject({
  host: hostGlob.optional(),
  url: urlPattern.optional(),
  sha256: z.string({ error: 'expected a hex SHA-256' }).regex(/^[0-9a-fA-F]{64}$/, { error: 'expected 64 hex characters' }).optional(),
  justification,
}, { error: 'expected an object { host | url | sha256, justification }' }).superRefine((e, ctx) => {
  const n = [e.host, e.url, e.sha256].filter((x) => x !== undefined).length;
  if (n !== 1) ctx.addIssue({ code: 'custom', message: 'expected exactly one of host, url, sha256' });
});

export const PolicySchema = z.strictObject({
  allowFirstParty: z.boolean({ error: 'expected true or false' }).optional(),
  scripts: z.array(AllowEntrySchema, { error: 'expected an array of allow entries' }).optional(),
  destinations: z.array(AllowEntrySchema, { error: 'expected an array of allow entries' }).optional(),
}, { error: 'expected an object' });

export const OverrideSchema = z.strictObject({
  url: urlPattern,
  policy: PolicySchema,
}, { error: 'expected an object { url, policy }' });

export const SuppressionSchema = z.strictObject({
  url: urlPattern.optional(),
  ruleId: z.string({ error: 'expected a rule id (\'*\' wildcards allowed)' }).min(1).optional(),
  script: urlPattern.optional(),
  reason: z.string({ error: 'a reason is required' }).trim().min(3, { error: 'a reason is required' }),
}, { error: 'expected an object { url?, ruleId?, script?, reason }' });

// Scheduled scans (`skimscan watch`): groups of targets, each with a cron expression (croner: 5 or 6
// fields, seconds first when 6), an IANA time zone and its own scan options over the top-level ones.
const SCHEDULE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z.string({ error: 'expected the name of an environment variable' })
  .regex(ENV_NAME_RE, { error: 'expected the name of an environment variable (letters, digits, _)' });
const httpUrl = z.string({ error: 'expected an http(s) URL' }).refine((s) => {
  try { return /^https?:$/.test(new URL(s).protocol); } catch { return false; }
}, { error: 'expected an http(s) URL' });

export const ScheduleSchema = z.strictObject({
  name: z.string({ error: 'expected a name' }).regex(SCHEDULE_NAME_RE, { error: 'expected a name of letters, digits, ".", "_", "-" (at most 64)' }),
  cron: z.string({ error: 'expected a cron expression' }).superRefine((expr, ctx) => {
    try {
      new Cron(expr, { paused: true }).stop();
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a valid cron expression (${(e as Error).message})` });
    }
  }),
  timezone: z.string({ error: 'expected an IANA time zone name' }).superRefine((tz, ctx) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      ctx.addIssue({ code: 'custom', message: `unknown time zone (expected an IANA name like "Europe/Berlin")` });
    }
  }).optional(),
  targets: z.array(z.string({ error: 'expected a URL string' }).superRefine((u, ctx) => {
    try {
      parseTargetUrl(u);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^bad target URL: /, '') });
    }
  }), { error: 'expected an array of URLs' }).min(1, { error: 'expected at least one target' }),
  scan: ScanConfigSchema.optional(),
  baseline: z.string({ error: 'expected a baseline directory' }).min(1).optional(),
}, { error: 'expected an object { name, cron, targets, timezone?, scan?, baseline? }' });

const channelBase = {
  name: z.string({ error: 'expected a channel name' }).regex(SCHEDULE_NAME_RE, { error: 'expected a name of letters, digits, ".", "_", "-"' }).optional(),
  timeoutMs: intRange(100, 120_000, ' (ms)').optional(),
};
const urlOrEnv = (v: { url?: string; urlEnv?: string }, ctx: z.core.$RefinementCtx) => {
  if ((v.url === undefined) === (v.urlEnv === undefined)) ctx.addIssue({ code: 'custom', message: 'expected exactly one of url, urlEnv' });
};
export const ChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('webhook'), ...channelBase, url: httpUrl.optional(), urlEnv: envName.optional(), secretEnv: envName.optional(),
    headers: z.record(z.string().regex(HEADER_NAME_RE, { error: 'is not a valid HTTP header name' }), z.string().refine((v) => !/[\r\n\0]/.test(v), {
      error: 'header value must not contain CR, LF or NUL',
    }), { error: 'expected an object of header names to string values' }).optional(),
  }).superRefine(urlOrEnv),
  z.strictObject({ type: z.literal('slack'), ...channelBase, url: httpUrl.optional(), urlEnv: envName.optional() }).superRefine(urlOrEnv),
  z.strictObject({
    type: z.literal('command'), ...channelBase,
    command: z.array(z.string(), { error: 'expected an argv array like ["/usr/local/bin/notify", "--json"]' }).min(1, { error: 'expected at least the program' }),
  }),
], { error: 'expected { type: "webhook" | "slack" | "command", … }' });

export const AlertsSchema = z.strictObject({
  threshold: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` }).optional(),
  channels: z.array(ChannelSchema, { error: 'expected an array of channels' }).optional(),
  retries: intRange(0, 20).optional(),
  backoffMs: intRange(10, 3_600_000, ' (ms)').optional(),
  maxBackoffMs: intRange(10, 86_400_000, ' (ms)').optional(),
}, { error: 'expected an object' }).superRefine((a, ctx) => {
  const names = (a.channels ?? []).map((c, i) => c.name ?? `${c.type}-${i + 1}`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) ctx.addIssue({ code: 'custom', path: ['channels'], message: `two channels are named "${dup}"` });
});

export const HistorySchema = z.strictObject({
  db: z.string({ error: 'expected a file path' }).min(1).optional(),
  keepDays: intRange(1, 36_500, ' (days)').optional(),
}, { error: 'expected an object { db?, keepDays? }' });

const SchedulesSchema = z.array(ScheduleSchema, { error: 'expected an array of schedules' }).superRefine((list, ctx) => {
  const names = list.map((g) => g.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) ctx.addIssue({ code: 'custom', message: `two schedules are named "${dup}"` });
});

export const ConfigSchema = z.strictObject({
  scan: ScanConfigSchema.optional(),
  allowedProcessors: z.array(hostGlob, { error: 'expected an array of host globs' }).optional(),
  policy: PolicySchema.optional(),
  overrides: z.array(OverrideSchema, { error: 'expected an array of { url, policy }' }).optional(),
  suppress: z.array(SuppressionSchema, { error: 'expected an array of { url?, ruleId?, script?, reason }' }).optional(),
  schedules: SchedulesSchema.optional(),
  alerts: AlertsSchema.optional(),
  history: HistorySchema.optional(),
}, { error: 'expected an object' });

export type Config = z.infer<typeof ConfigSchema>;
export type ScanConfig = z.infer<typeof ScanConfigSchema>;
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;
export type AlertsConfig = z.infer<typeof AlertsSchema>;

// ---------------------------------------------------------------------------------------------
// One-line messages

const ALLOWED_KEYS: Record<string, string[]> = {
  '': Object.keys(ConfigSchema.shape),
  scan: Object.keys(ScanConfigSchema.shape),
  policy: Object.keys(PolicySchema.shape),
  'policy.scripts': ['host', 'url', 'sha256', 'justification'],
  'policy.destinations': ['host', 'url', 'sha256', 'justification'],
  overrides: Object.keys(OverrideSchema.shape),
  'overrides.policy': Object.keys(PolicySchema.shape),
  'overrides.policy.scripts': ['host', 'url', 'sha256', 'justification'],
  'overrides.policy.destinations': ['host', 'url', 'sha256', 'justification'],
  suppress: Object.keys(SuppressionSchema.shape),
  schedules: Object.keys(ScheduleSchema.shape),
  'schedules.scan': Object.keys(ScanConfigSchema.shape),
  alerts: ['threshold', 'channels', 'retries', 'backoffMs', 'maxBackoffMs'],
  'alerts.channels': ['type', 'name', 'timeoutMs', 'url', 'urlEnv', 'secretEnv', 'headers', 'command'],
  history: Object.keys(HistorySchema.shape),
};

function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out || '(top level)';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path.filter((k) => typeof k !== 'number').map(String).join('.');
    const allowed = ALLOWED_KEYS[parent] ?? [];
    const key = issue.keys[0]!;
    const guess = allowed.find((k) => editDistance(k, key) <= 2);
    const more = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : '';
    return `${keyPath([...issue.path, key])}: unknown key${more}${guess ? `; did you mean "${guess}"?` : ''}` +
      ` (allowed: ${allowed.join(', ')})`;
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? issue.message;
    return `${keyPath(issue.path)}: key ${inner}`;
  }
  const got = describeValue(valueAt(input, issue.path));
  return `${keyPath(issue.path)}: ${issue.message}, got ${got}`;
}

/** Validates parsed JSON; throws a one-line UsageError naming the file and key path. */
export function validateConfig(input: unknown, fileName: string): Config {
  const r = ConfigSchema.safeParse(input);
  if (r.success) return r.data;
  // A misspelt key also makes the real key "missing": name the typo first.
  const issues = [...r.error.issues].sort((x, y) => Number(y.code === 'unrecognized_keys') - Number(x.code === 'unrecognized_keys'));
  const [first, ...rest] = issues;
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new UsageError(`config ${fileName}: ${describeIssue(first!, input)}${more}`);
}

function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  const pos = m ? Number(m[1]) : /end of JSON input/i.test(message) ? text.length : -1;
  if (pos < 0) return '';
  const before = text.slice(0, pos).split('\n');
  return ` at line ${before.length} column ${before[before.length - 1]!.length + 1}`;
}

/**
 * Loads `explicitPath` (relative to `cwd`), or `skimscan.config.json` in `cwd` when present, or
 * returns `{}`. A missing explicit file, bad JSON or a schema error throws a one-line UsageError.
 */
export async function loadConfig(explicitPath?: string, cwd: string = process.cwd()): Promise<Config> {
  const file = resolve(cwd, explicitPath ?? CONFIG_FILE_NAME);
  const shown = explicitPath ?? CONFIG_FILE_NAME;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (explicitPath === undefined && code === 'ENOENT') return {};
    if (code === 'ENOENT') throw new UsageError(`config ${shown}: file not found`);
    throw new UsageError(`config ${shown}: cannot read: ${(e as Error).message}`);
  }
  text = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!;
    throw new UsageError(`config ${shown}: invalid JSON${jsonErrorWhere(text, msg)}: ${msg}`);
  }
  return validateConfig(data, shown);
}
