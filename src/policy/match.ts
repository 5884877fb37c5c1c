import { hostMatchesGlob, siteOf } from '../hosts.js';
import type { AllowEntry, LabelledEntry, PolicySettings, ResolvedPolicy } from './types.js';

/**
 * URL patterns: `*` matches any run of characters (including `/`), everything else literally;
 * case-insensitive scheme and host. A pattern without `?` ignores the URL's query and fragment.
 */
export function urlMatches(pattern: string, url: string): boolean {
  let subject = url;
  if (!pattern.includes('?')) subject = subject.replace(/[?#].*$/, '');
  if (!pattern.includes('#')) subject = subject.replace(/#.*$/, '');
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(subject);
}

export function globMatches(glob: string, value: string): boolean {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);
}

export function entryWhat(e: AllowEntry): string {
  if (e.host !== undefined) return `host ${e.host}`;
  if (e.url !== undefined) return `URL ${e.url}`;
  return `sha256 ${e.sha256}`;
}

/** The policy for one page: the global policy plus every override whose URL pattern matches it. */
export function resolvePolicy(settings: PolicySettings, pageUrl: string): ResolvedPolicy | null {
  const parts: Array<{ path: string; p: NonNullable<PolicySettings['policy']> }> = [];
  if (settings.policy) parts.push({ path: 'policy', p: settings.policy });
  (settings.overrides ?? []).forEach((o, i) => {
    if (urlMatches(o.url, pageUrl)) parts.push({ path: `overrides[${i}].policy`, p: o.policy });
  });
  if (!parts.length) return null;
  const resolved: ResolvedPolicy = { allowFirstParty: true, scripts: [], destinations: [], from: parts.map((x) => x.path) };
  for (const { path, p } of parts) {
    if (p.allowFirstParty !== undefined) resolved.allowFirstParty = p.allowFirstParty;
    (p.scripts ?? []).forEach((e, i) => resolved.scripts.push({ ...e, where: `${path}.scripts[${i}]` }));
    (p.destinations ?? []).forEach((e, i) => resolved.destinations.push({ ...e, where: `${path}.destinations[${i}]` }));
  }
  return resolved;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

export interface ScriptFacts {
  url: string | null;
  sha256: string;
  normalisedSha256?: string;
}

/** The first explicit entry allowing this script, or null. */
export function scriptEntry(p: ResolvedPolicy, s: ScriptFacts): LabelledEntry | null {
  const host = s.url ? hostOf(s.url) : null;
  for (const e of p.scripts) {
    if (e.sha256 && (e.sha256.toLowerCase() === s.sha256 || e.sha256.toLowerCase() === s.normalisedSha256)) return e;
    if (e.host && host && hostMatchesGlob(host, e.host)) return e;
    if (e.url && s.url && urlMatches(e.url, s.url)) return e;
  }
  return null;
}

/** The first explicit entry allowing a request to `url` (script entries count for script loads). */
export function destinationEntry(p: ResolvedPolicy, url: string, type?: string): LabelledEntry | null {
  const host = hostOf(url);
  if (!host) return null;
  const lists = type === 'script' ? [...p.destinations, ...p.scripts] : p.destinations;
  for (const e of lists) {
    if (e.host && hostMatchesGlob(host, e.host)) return e;
    if (e.url && urlMatches(e.url, url)) return e;
  }
  return null;
}

export function isFirstPartyUrl(url: string, pageUrl: string): boolean {
  const a = siteOf(url);
  return a !== null && a === siteOf(pageUrl);
}
