import type { Destination } from '../../src/analyse/types.js';
import type { ProgramModel, SinkRec } from '../../src/analyse/helpers/model.js';

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
 * Whether a sink's script reads payment data: a card field anywhere in it, or a document-wide
 * keylogger or every field of a form (`querySelectorAll('input')`, `form.elements`, `new
 * FormData(form)`) whose data reaches this sink. UI kits query inputs and listen to keys for focus and
 * shortcuts, and embed videos from vimeo in the same bundle: co-occurrence alone is not enough.
 * Generic `.serialize()` calls are left out (URLSearchParams and form plugins have them). Used to
 * raise technique findings that are common in libraries (beacons, sockets) when the script reads.
 */
export function readsPaymentData(m: ProgramModel, sink: SinkRec): boolean {
  if (m.sources().some((s) => s.cls === 'card')) return true;
  const f = m.flows().find((x) => x.sink === sink);
  return f?.sweep !== undefined && !/^\w+\(\)$/.test(f.sweep.source.how);
}
