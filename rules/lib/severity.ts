import type { Destination } from '../../src/analyse/types.js';
import type { ProgramModel } from '../../src/analyse/helpers/model.js';

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

/**
 * Whether a script reads payment data itself: a card field, a document-wide keylogger, every field
 * of a form (`querySelectorAll('input')`, `form.elements`, `new FormData(form)`). Generic
 * `.serialize()` calls are left out (URLSearchParams and form plugins have them). Used to raise
 * technique findings that are common in libraries (bot checks, beacons) when the same script reads.
 */
export function readsPaymentData(m: ProgramModel): boolean {
  return m.sources().some((s) => s.cls === 'card' || (s.cls === 'sweep' && !/^\w+\(\)$/.test(s.how)));
}
