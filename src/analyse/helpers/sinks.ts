// Network sinks and where they send: image/script/iframe URLs, fetch, XHR, sendBeacon, WebSocket,
// RTCDataChannel, jQuery/axios ajax, form action changes, navigation, markup writes, storage.
import type { Destination } from '../types.js';

export type SinkKind =
  | 'image' | 'script' | 'iframe' | 'src' | 'link' | 'fetch' | 'xhr' | 'beacon' | 'websocket' | 'webrtc' | 'ajax'
  | 'form-action' | 'navigation' | 'markup' | 'eventsource' | 'storage' | 'worker';

/** Sinks whose data leaves the machine. */
export const NETWORK_SINKS: ReadonlySet<SinkKind> = new Set<SinkKind>([
  'image', 'script', 'iframe', 'src', 'link', 'fetch', 'xhr', 'beacon', 'websocket', 'webrtc', 'ajax', 'form-action', 'navigation', 'markup', 'eventsource',
  // a worker built from a Blob of code that sends to a host: the request leaves from the worker
  'worker',
]);

/** Sinks that send silently in the background (navigation and links need the user to go somewhere). */
// ('link' is a <link> element: preload, prefetch and stylesheet links fetch as soon as they are added)
export const BACKGROUND_SINKS: ReadonlySet<SinkKind> = new Set<SinkKind>([
  'link', 'image', 'script', 'iframe', 'src', 'fetch', 'xhr', 'beacon', 'websocket', 'webrtc', 'ajax', 'markup', 'eventsource', 'form-action', 'worker',
]);

/** Names of jQuery/axios-style request helpers: `$.ajax(opts)`, `$.post(url, data)`, `axios.post(url, data)`. */
export const AJAX_OBJECTS = /^(\$|jQuery|jquery|axios|\$http|http|request|superagent|\$j|jq|Zepto)$/;
export const AJAX_METHODS = new Set(['ajax', 'post', 'get', 'getJSON', 'put', 'patch', 'request']);

export const HTTP_METHODS = /^(get|post|put|patch|delete|head|options)$/i;

/** Parse a URL-ish prefix into a destination. `hidden` says decoding was needed to see it. */
export function destinationFromPrefix(prefix: { value: string; hidden: boolean; complete: boolean } | null): Destination {
  if (!prefix || prefix.value === '') return { kind: prefix?.hidden ? 'hidden' : 'computed', url: null, host: null };
  const v = prefix.value.trim();
  // '//' + host or 'https://' + host: the host is computed
  if (/^(?:(?:https?|wss?|ftp):)?\/\/$/i.test(v)) return { kind: prefix.hidden ? 'hidden' : 'computed', url: null, host: null };
  const m = /^(?:(https?|wss?|ftp):)?\/\/([^/?#:\\\s'"<>]+)/i.exec(v);
  if (m) {
    const host = m[2]!.toLowerCase().replace(/^.*@/, '');
    // `'https://' + host` gives no host: computed
    if (!host || (!prefix.complete && v.length === m[0].length && !/[./]$/.test(v) && !/\.[a-z]{2,}$/i.test(host))) {
      return { kind: prefix.hidden ? 'hidden' : 'computed', url: null, host: null };
    }
    return { kind: prefix.hidden ? 'hidden' : 'literal', url: prefix.complete ? v : v + '…', host };
  }
  if (/^(data|blob|about|javascript):/i.test(v)) return { kind: 'relative', url: v.slice(0, 40), host: null };
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) return { kind: prefix.hidden ? 'hidden' : 'computed', url: null, host: null };
  // a relative path or query on the page's own origin
  return { kind: 'relative', url: prefix.complete ? v : v + '…', host: null };
}

/** The first URL in a markup string (`<img src="…">`, `<script src=…>`, `<iframe src>`, `<form action>`). */
export function urlInMarkup(markup: string): string | null {
  const m = /<(?:img|script|iframe|form|link|embed|object|source|video|audio)\b[^>]*?\s(?:src|action|href|data)\s*=\s*["']?([^"'\s>]*)/i.exec(markup);
  return m ? m[1]! : null;
}

/** Markup that loads something (so writing it sends a request). */
export function isLoadingMarkup(markup: string): boolean {
  return /<(?:img|script|iframe|form|link|embed|object|source|video|audio)\b/i.test(markup);
}
