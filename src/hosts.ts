import { isIP } from 'node:net';
import { getDomain } from 'tldts';

// Host globs: `*.x.example` matches `a.x.example` and `a.b.x.example`, not `x.example`; a glob
// without `*` matches exactly; `*` alone matches every host; case-insensitive.

const LABEL = '[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?';
export const HOST_NAME_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'i');

export function normHost(h: string): string {
  return h.trim().toLowerCase().replace(/\.$/, '');
}

/** Why `glob` is not a valid host glob, or null. */
export function hostGlobProblem(glob: string): string | null {
  const g = normHost(glob);
  if (g === '') return 'empty host glob';
  if (g === '*') return null;
  const rest = g.startsWith('*.') ? g.slice(2) : g;
  if (rest.includes('*')) return `"${glob}": "*" is only allowed as the whole first label ("*.x.example")`;
  if (isIP(rest) && rest === g) return null;
  if (!HOST_NAME_RE.test(rest)) return `"${glob}" is not a host name or host glob`;
  return null;
}

export function hostMatchesGlob(host: string, glob: string): boolean {
  const h = normHost(host);
  const g = normHost(glob);
  if (g === '*') return h !== '';
  if (g.startsWith('*.')) {
    const suffix = g.slice(1); // '.x.example'
    return h.length > suffix.length && h.endsWith(suffix);
  }
  return h === g;
}


/** Registrable domain of a URL's host (tldts, public suffix list), or the host itself for IPs. */
export function siteOf(url: string): string | null {
  try {
    const host = new URL(url).hostname;
    return getDomain(host, { allowPrivateDomains: true }) ?? host;
  } catch {
    return null;
  }
}

export function isThirdParty(url: string, pageSite: string | null): boolean {
  if (!/^(https?|wss?):/.test(url)) return false;
  const site = siteOf(url);
  return site !== null && pageSite !== null && site !== pageSite;
}
