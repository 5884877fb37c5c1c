// Normalisation so that a re-scan of an unchanged page matches its baseline: per-request values
// (cache busters, nonces, CSRF tokens, timestamps) are replaced before URLs are compared and before
// sources are hashed. Kept deliberately narrow: a value is only normalised when its name says it
// is per-request, so that a skimmer's real change still changes the hash.
import { createHash } from 'node:crypto';

/** Query keys whose values exist to defeat caches or carry per-request secrets. */
const VOLATILE_QUERY_KEYS = new Set([
  'v', 'ver', 'version', '_', '_v', '__v', 't', 'ts', 'time', 'timestamp', 'cb', 'cache', 'cachebust', 'cachebuster',
  'cache_bust', 'bust', 'nocache', 'rev', 'revision', 'build', 'hash', 'rnd', 'rand', 'random', 'r', 'nonce', 'csrf',
  'csrf_token', 'xsrf', 'token', 'sessionid', 'sid',
]);

/** A bare query like `?1700000000` or `?3f2a9c1b`: a version stamp, not a parameter. */
const BARE_STAMP = /^(?:\d+|[0-9a-f]{6,64}|\d+(?:\.\d+)+(?:-[\w.]+)?)$/i;

/** URL without fragment and without cache-busting or per-request query values. */
export function normaliseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  if (!/^(https?|wss?):$/.test(u.protocol)) {
    // blob: URLs carry a random id; data: URLs are their own content.
    if (u.protocol === 'blob:') return `blob:${(() => { try { return new URL(raw.slice(5)).origin; } catch { return ''; } })()}/*`;
    return raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  }
  u.hash = '';
  const raws = u.search.replace(/^\?/, '');
  if (raws && !raws.includes('=') && !raws.includes('&') && BARE_STAMP.test(raws)) {
    u.search = '';
    return u.href;
  }
  const kept = new URLSearchParams();
  for (const [k, v] of u.searchParams) {
    if (VOLATILE_QUERY_KEYS.has(k.toLowerCase())) continue;
    kept.append(k, v);
  }
  const q = kept.toString();
  u.search = q ? `?${q}` : '';
  return u.href;
}

/** Frame identity: origin + path (queries of documents often carry session values). */
export function frameKey(raw: string | null): string {
  if (!raw) return '(none)';
  try {
    const u = new URL(raw);
    if (!/^(https?):$/.test(u.protocol)) return `${u.protocol}`;
    return `${u.origin}${u.pathname}`;
  } catch {
    return raw;
  }
}

export const NORMALISED = '<normalised>';

/** Names that announce a per-request value. */
const VOLATILE_NAME = String.raw`[\w$-]*(?:nonce|csrf|xsrf|authenticity_?token|request_?verification_?token|anti_?forgery|session_?id|request_?id|cache_?buster)[\w$-]*`;
const TOKEN_VALUE = String.raw`[A-Za-z0-9+/=_.:-]{1,256}`;

const REPLACERS: Array<[RegExp, string]> = [
  // csrfToken: "…", "nonce": '…', data-nonce="…", window.__csrf = "…"
  [new RegExp(String.raw`((["'\x60]?)${VOLATILE_NAME}\2\s*[:=]\s*)(["'\x60])${TOKEN_VALUE}\3`, 'gi'), `$1$3${NORMALISED}$3`],
  // setAttribute('nonce', '…'), headers.append('X-CSRF-Token', '…')
  [new RegExp(String.raw`((["'])${VOLATILE_NAME}\2\s*,\s*)(["'\x60])${TOKEN_VALUE}\3`, 'gi'), `$1$3${NORMALISED}$3`],
  // <input name="_token" value="…"> and <meta name="csrf-token" content="…"> inside strings
  [new RegExp(String.raw`(name=\\?["']${VOLATILE_NAME}\\?["']\s+(?:value|content)=\\?["'])${TOKEN_VALUE}`, 'gi'), `$1${NORMALISED}`],
  // 'nonce-…' source expressions quoted inside code
  [/'nonce-[A-Za-z0-9+/=_-]+'/g, `'nonce-${NORMALISED}'`],
  // renderedAt: 1700000000000, timestamp = 1700000000
  [/((?:timestamp|rendered_?at|generated_?at|server_?time|request_?time)["']?\s*[:=]\s*)\d{9,13}\b/gi, `$1${NORMALISED}`],
];

/** Source with per-request values replaced by a placeholder. */
export function normaliseSource(source: string): string {
  let s = source;
  for (const [re, to] of REPLACERS) s = s.replace(re, to);
  return s;
}

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function normalisedHash(source: string): string {
  return sha256Hex(normaliseSource(source));
}

/** Security headers with per-response values (CSP nonces, report tokens) normalised. */
export function normaliseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers).sort(([a], [b]) => a.localeCompare(b))) {
    let value = v.replace(/\s+/g, ' ').trim();
    if (/content-security-policy/i.test(k)) value = value.replace(/'nonce-[^']*'/gi, `'nonce-${NORMALISED}'`);
    // Reporting endpoints often carry per-response tokens in their query (report-uri, Report-To…).
    value = value.replace(/\bhttps?:\/\/[^\s"',;]+\?[^\s"',;]*/gi, (u) => normaliseUrl(u));
    out[k.toLowerCase()] = value;
  }
  return out;
}
