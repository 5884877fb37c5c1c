// Host helpers shared by rules: URL-ish strings, brand lookalikes, unusual hosts.
import { getDomain, getPublicSuffix } from 'tldts';

const URL_RE = /^(?:(?:https?|wss?):)?\/\/([a-z0-9.-]+\.[a-z0-9-]{2,})(?::\d+)?(?:[/?#]|$)/i;

/** Host of a string that is (or starts with) an absolute URL; null otherwise. */
export function hostOfUrl(s: string): string | null {
  if (s.length > 2048) s = s.slice(0, 2048);
  const m = URL_RE.exec(s.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** Real registrable domains of brands that skimmers imitate (CDNs, analytics, payment, platforms). */
export const BRANDS: Record<string, string[]> = {
  'google-analytics': ['google-analytics.com'],
  googletagmanager: ['googletagmanager.com'],
  googleapis: ['googleapis.com'],
  gstatic: ['gstatic.com'],
  // and google.<country> (google.de, google.co.uk, google.com.br: see lookalikeOf)
  google: ['google.com', 'googletagservices.com', 'googlesyndication.com', 'googleadservices.com', 'googleoptimize.com'],
  doubleclick: ['doubleclick.net'],
  jquery: ['jquery.com', 'jquery.org'],
  jsdelivr: ['jsdelivr.net', 'jsdelivr.com'],
  cloudflare: ['cloudflare.com', 'cloudflareinsights.com', 'cloudflare.net'],
  cdnjs: ['cdnjs.com', 'cloudflare.com'],
  unpkg: ['unpkg.com'],
  bootstrapcdn: ['bootstrapcdn.com'],
  cloudfront: ['cloudfront.net'],
  akamai: ['akamaihd.net', 'akamaized.net', 'akamai.net', 'akamai.com'],
  stripe: ['stripe.com', 'stripe.network', 'stripecdn.com', 'stripe.dev'],
  braintree: ['braintreegateway.com', 'braintree-api.com', 'braintreepayments.com'],
  paypal: ['paypal.com', 'paypalobjects.com', 'paypal.me'],
  adyen: ['adyen.com', 'adyenpayments.com'],
  authorize: ['authorize.net'],
  magento: ['magento.com'],
  shopify: ['shopify.com', 'shopifycdn.com', 'shopifycloud.com', 'shopify.dev'],
  facebook: ['facebook.com', 'facebook.net'],
  hotjar: ['hotjar.com', 'hotjar.io'],
  newrelic: ['newrelic.com', 'nr-data.net'],
  segment: ['segment.com', 'segment.io'],
  mixpanel: ['mixpanel.com'],
  amplitude: ['amplitude.com'],
  datadog: ['datadoghq.com', 'datadoghq.eu'],
  posthog: ['posthog.com'],
  sentry: ['sentry.io', 'sentry-cdn.com'],
  visa: ['visa.com'],
  mastercard: ['mastercard.com'],
  squareup: ['squareup.com', 'squarecdn.com'],
  klarna: ['klarna.com', 'klarnacdn.net', 'klarnaservices.com'],
  worldpay: ['worldpay.com'],
  cybersource: ['cybersource.com'],
  fontawesome: ['fontawesome.com'],
  typekit: ['typekit.net', 'typekit.com'],
  zendesk: ['zendesk.com', 'zdassets.com'],
  livechatinc: ['livechatinc.com'],
  bigcommerce: ['bigcommerce.com'],
  woocommerce: ['woocommerce.com'],
  click2gov: ['click2gov.net'],
};

const REAL = new Set(Object.values(BRANDS).flat());

function deglyph(s: string): string {
  return s.replace(/0/g, 'o').replace(/1/g, 'l').replace(/3/g, 'e').replace(/5/g, 's').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export type Lookalike = { brand: string; real: string[]; how: string };

// Pages and scripts name the same few hosts over and over; the answer depends on the host alone.
const lookalikeMemo = new Map<string, Lookalike | null>();
const REAL_LABELS = [...REAL].map((real) => ({ real, label: real.slice(0, real.lastIndexOf('.')).replace(/[^a-z0-9]/g, '') }));
const BRAND_KEYS = Object.entries(BRANDS).map(([brand, real]) => ({ brand, real, key: brand.replace(/[^a-z0-9]/g, '') })).filter((b) => b.key.length >= 5);

/** The brand a host imitates without belonging to it, or null. */
export function lookalikeOf(host: string): Lookalike | null {
  let r = lookalikeMemo.get(host);
  if (r === undefined) {
    r = lookalike(host);
    if (lookalikeMemo.size >= 10_000) lookalikeMemo.clear();
    lookalikeMemo.set(host, r);
  }
  return r && { ...r, real: [...r.real] };
}

function lookalike(host: string): Lookalike | null {
  const h = host.toLowerCase();
  const reg = getDomain(h) ?? h;
  if (REAL.has(reg)) return null;
  const suffix = getPublicSuffix(h) ?? '';
  const label = reg.slice(0, Math.max(0, reg.length - suffix.length - 1));
  // Google's own country domains (google.de, google.co.uk, google.com.br)
  if (label === 'google' && /^(?:(?:com?)\.)?[a-z]{2}$/.test(suffix)) return null;
  // a real brand domain used as a prefix of a foreign host: google-analytics.com.evil.example
  for (const real of REAL) {
    if (h.startsWith(real + '.') || h.includes('.' + real + '.') || h.includes(real.replace(/\./g, '-'))) {
      return { brand: real, real: [real], how: `contains ${real}` };
    }
  }
  const flat = label.replace(/[^a-z0-9]/g, '');
  const norm = deglyph(flat);
  for (const { real, label: realLabel } of REAL_LABELS) {
    if (realLabel.length >= 6 && (flat === realLabel || norm === realLabel)) return { brand: real, real: [real], how: `${real} on another domain (${reg})` };
  }
  for (const { brand, real, key: b } of BRAND_KEYS) {
    if (flat === b) return { brand, real, how: `brand name on another domain (${reg})` };
    if (norm === b && norm !== flat) return { brand, real, how: `homoglyphs of ${brand}` };
    if (b.length >= 6 && editDistance(norm, b, 2) <= (b.length >= 9 ? 2 : 1)) return { brand, real, how: `misspelling of ${brand}` };
    // brand plus a service word: jquery-cdn, googletagsmanager, g00gle-analytics-static
    if (b.length >= 6 && norm.includes(b) && /(cdn|static|api|js|lib|min|cloud|stat|analytic|tag|pay|secure|assets?|img|script|track|load)/.test(norm.replace(b, ''))) {
      return { brand, real, how: `${brand} plus service words` };
    }
  }
  return null;
}

const ODD_TLDS = /\.(top|xyz|tk|ml|ga|cf|gq|pw|su|icu|buzz|click|rest|bar|monster|cyou|sbs|cfd|ws|cc)$/i;

/** Why a loader host is unusual (IP literal, odd port, punycode, throwaway TLD), or null. */
export function unusualHost(host: string, url: string | null): string | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return 'IP address';
  if (/(^|\.)xn--/.test(host)) return 'punycode host';
  if (url && /^(?:(?:https?|wss?):)?\/\/[^/]+:(\d+)/i.test(url)) {
    const port = /:(\d+)/.exec(url.replace(/^[a-z]+:/i, ''))![1];
    if (port !== '443' && port !== '80') return `port ${port}`;
  }
  if (ODD_TLDS.test(host)) return 'throwaway TLD';
  return null;
}
