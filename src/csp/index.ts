// Proposes a Content-Security-Policy from what a page was seen to load and contact. A starting
// point for a human: it allows exactly what was observed (so a skimmer present during the scan
// would be allowed too: review the sources first, e.g. with `skimscan scan` and a baseline).
import { createHash } from 'node:crypto';
import type { TargetArtifacts } from '../artifacts/types.js';

export interface CspProposal {
  url: string;
  directives: Record<string, string[]>;
  policy: string;
  reportOnly: string;
  notes: string[];
}

const DIRECTIVE_ORDER = ['default-src', 'script-src', 'connect-src', 'img-src', 'frame-src', 'form-action', 'object-src', 'base-uri'];

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!/^(https?|wss?):$/.test(u.protocol)) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** Same-origin sources become 'self' (for ws/wss, the origin stays explicit: 'self' covers them only in newer browsers). */
function sourceFor(url: string, pageOrigin: string | null): string | null {
  const o = originOf(url);
  if (!o) return null;
  return o === pageOrigin ? "'self'" : o;
}

function add(set: Map<string, Set<string>>, directive: string, value: string | null) {
  if (!value) return;
  let s = set.get(directive);
  if (!s) set.set(directive, s = new Set());
  s.add(value);
}

export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export function proposeCsp(a: TargetArtifacts, opts: { reportUri?: string } = {}): CspProposal {
  const pageUrl = a.finalUrl ?? a.url;
  const pageOrigin = originOf(pageUrl);
  const d = new Map<string, Set<string>>();
  const notes: string[] = [];
  add(d, 'default-src', "'self'");
  add(d, 'object-src', "'none'");
  add(d, 'base-uri', "'self'");
  add(d, 'form-action', "'self'");
  add(d, 'script-src', "'self'");
  const unsafe = new Set<string>();
  // A page that already sends per-response nonces keeps them: inline code with per-request values
  // (CSRF tokens) has no stable hash.
  const current = a.dom?.securityHeaders['content-security-policy'] ?? '';
  const nonced = /'nonce-/.test(current);
  if (nonced) add(d, 'script-src', "'nonce-{NONCE}'");

  for (const s of a.scripts ?? []) {
    // Code in other documents (third-party frames) is governed by their own CSP.
    if (s.frameUrl && originOf(s.frameUrl) !== pageOrigin) continue;
    if (s.url && /^https?:/i.test(s.url) && (s.kind === 'external' || s.kind === 'module' || s.kind.endsWith('worker'))) {
      add(d, s.kind.endsWith('worker') ? 'worker-src' : 'script-src', sourceFor(s.url, pageOrigin));
    } else if (s.kind === 'inline') {
      const src = nonced ? undefined : a.sources[s.sha256];
      if (src !== undefined) add(d, 'script-src', cspHash(src));
    } else if (s.kind === 'eval' || s.kind === 'function' || s.kind === 'timer-string') {
      unsafe.add(`${s.kind} code ran: it needs 'unsafe-eval', which this proposal leaves out — remove the eval instead`);
    } else if (s.kind === 'event-handler' || s.kind === 'javascript-url') {
      unsafe.add(`inline ${s.kind} code ran: it needs 'unsafe-hashes' plus its hash, or move it into a script file`);
    } else if (s.kind === 'blob-url') add(d, 'script-src', 'blob:');
    else if (s.kind === 'data-url') unsafe.add("a data: URL script ran: 'data:' in script-src is unsafe and left out");
  }
  if ([...(d.get('script-src') ?? [])].some((v) => v.startsWith("'sha256-"))) {
    notes.push('inline scripts are allowed by hash; if their text differs per request (tokens, nonces), serve a per-response nonce instead');
  }
  if (nonced) notes.push("the page already uses CSP nonces: {NONCE} stands for the server's fresh per-response value");
  notes.push(...unsafe);

  for (const r of a.network ?? []) {
    if (r.frameUrl && originOf(r.frameUrl) !== pageOrigin && r.type !== 'subframe') continue;
    switch (r.type) {
      case 'fetch': case 'xhr': case 'beacon': case 'websocket': case 'eventsource': case 'ping':
        add(d, 'connect-src', sourceFor(r.url, pageOrigin) === "'self'" && !/^wss?:/.test(r.url) ? "'self'" : originOf(r.url));
        break;
      case 'image':
        if (/^data:/i.test(r.url)) add(d, 'img-src', 'data:');
        else add(d, 'img-src', sourceFor(r.url, pageOrigin));
        break;
      case 'subframe':
        add(d, 'frame-src', sourceFor(r.url, pageOrigin));
        break;
      case 'form':
        add(d, 'form-action', sourceFor(r.url, pageOrigin));
        break;
      default:
        break;
    }
  }
  for (const f of a.dom?.forms ?? []) if (f.action && f.frameUrl === pageUrl) add(d, 'form-action', sourceFor(f.action, pageOrigin));
  for (const i of a.dom?.iframes ?? []) if (i.src && i.frameUrl === pageUrl) {
    try { add(d, 'frame-src', sourceFor(new URL(i.src, pageUrl).href, pageOrigin)); } catch { /* bad src */ }
  }
  for (const dir of ['connect-src', 'img-src', 'frame-src']) add(d, dir, "'self'");

  const directives: Record<string, string[]> = {};
  const keys = [...d.keys()].sort((x, y) => (DIRECTIVE_ORDER.indexOf(x) + 1 || 99) - (DIRECTIVE_ORDER.indexOf(y) + 1 || 99) || x.localeCompare(y));
  for (const k of keys) {
    const vals = [...d.get(k)!];
    directives[k] = vals.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  }
  const policy = keys.map((k) => `${k} ${directives[k]!.join(' ')}`).join('; ');
  const report = opts.reportUri ?? '/csp-report';
  return { url: a.url, directives, policy, reportOnly: `${policy}; report-uri ${report}`, notes };
}

function rank(v: string): number {
  if (v === "'none'" || v === "'self'") return 0;
  if (v.startsWith("'")) return 2;
  return 1;
}
