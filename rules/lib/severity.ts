import type { Destination } from '../../src/analyse/types.js';

/** A destination outside the page: a literal absolute host, or one the script hides. */
export function offsite(d: Destination): boolean {
  return d.kind === 'literal' || d.kind === 'hidden';
}

export function describeDest(d: Destination): string {
  if (d.kind === 'relative') return `the page's own site (${d.url ?? 'relative URL'})`;
  if (d.kind === 'computed') return 'a URL computed at run time';
  if (d.kind === 'hidden') return d.host ? `${d.host} (hidden by encoding)` : 'a URL hidden by encoding';
  return d.host ?? d.url ?? 'an absolute URL';
}
