// Network sinks and where they send: image/script/iframe URLs, fetch, XHR, sendBeacon, WebSocket,
// RTCDataChannel, jQuery/axios ajax, form action changes, navigation, markup writes, storage.
import type { Destination } from '../types.js';

export type SinkKind =
  | 'image' | 'script' | 'iframe' | 'src' | 'link' | 'fetch' | 'xhr' | 'beacon' | 'websocket' | 'webrtc' | 'ajax'
  | 'form-action' | 'navigation' | 'markup' | 'eventsource' | 'storage' | 'worker'
  // a tag manager's or analytics vendor's call or queue: the vendor's library sends what it is given
  | 'analytics';

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

// Google Analytics abuse: skimmers hand the card to the page's own analytics (`ga('send', 'event', …)`
// with the attacker's tracking id, `dataLayer.push`), whose requests go to hosts every CSP allows.
// A checkout may report the card's brand; it never gives analytics the number, CVV or expiry.
/** Global analytics functions -> the host their library sends to (or the vendor, where the host varies). */
export const ANALYTICS_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['ga', 'www.google-analytics.com'], ['__gaTracker', 'www.google-analytics.com'], ['gtag', 'www.google-analytics.com'],
  ['fbq', 'www.facebook.com'], ['snowplow', 'snowplow collector'], ['clarity', 'www.clarity.ms'], ['hj', 'in.hotjar.com'],
  ['pintrk', 'ct.pinterest.com'], ['twq', 'analytics.twitter.com'], ['rdt', 'alb.reddit.com'], ['lintrk', 'px.ads.linkedin.com'],
]);
/** Command queues that a tag or analytics library drains (`dataLayer.push(…)`) -> the host it sends to. */
export const ANALYTICS_QUEUES: ReadonlyMap<string, string> = new Map([
  ['dataLayer', 'www.googletagmanager.com'], ['_gaq', 'www.google-analytics.com'], ['_paq', 'Matomo'], ['_hsq', 'track.hubspot.com'],
  ['_kmq', 'trk.kissmetrics.io'], ['uetq', 'bat.bing.com'], ['_learnq', 'a.klaviyo.com'], ['_fbq', 'www.facebook.com'], ['_qevents', 'pixel.quantserve.com'],
]);
/** Analytics SDK objects -> the host they send to; their event methods are ANALYTICS_METHODS. */
export const ANALYTICS_OBJECTS: ReadonlyMap<string, string> = new Map([
  ['analytics', 'api.segment.io'], ['rudderanalytics', 'RudderStack'], ['mixpanel', 'api-js.mixpanel.com'], ['amplitude', 'api2.amplitude.com'],
  ['posthog', 'us.i.posthog.com'], ['heap', 'heapanalytics.com'], ['ttq', 'analytics.tiktok.com'], ['FS', 'rs.fullstory.com'],
  ['klaviyo', 'a.klaviyo.com'], ['_satellite', 'Adobe Analytics'],
]);
export const ANALYTICS_METHODS: ReadonlySet<string> = new Set([
  'track', 'identify', 'page', 'group', 'alias', 'capture', 'logEvent', 'register', 'event', 'trackEvent', 'setUserProperties',
  'addUserProperties', 'setUserVars',
]);
