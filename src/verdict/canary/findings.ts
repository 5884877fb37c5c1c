// Canary findings from artifacts: where did the probe's card go after typing began?
import type { FieldRead, Initiator, ProbeResult, ProbeTransform, RequestRecord, TargetArtifacts } from '../../artifacts/types.js';
import type { Finding } from '../../report/types.js';
import { siteOf } from '../../hosts.js';
import { isAllowedProcessor } from '../processors.js';
import { CanaryMatcher, type CanaryHit, type DerivedNeedle } from './search.js';
import type { CanaryValues } from './values.js';

export type Destination = 'third-party' | 'first-party-drop' | 'form-submission' | 'processor';

export interface CanarySighting {
  url: string;
  method: string;
  type: RequestRecord['type'];
  /** Where in the request: 'url', 'body', 'header:x-foo', 'cookie', 'websocket-frame#3'. */
  where: string;
  destination: Destination;
  hit: CanaryHit;
  initiator: Initiator | null;
  time: number;
}

export interface CanaryReport {
  sightings: CanarySighting[];
  storage: Array<{ kind: string; key: string; frameUrl: string | null; hit: CanaryHit; writer: Initiator | null; time: number }>;
  /** Transforms whose input carried the canary (directly or through another transform). */
  encoders: ProbeTransform[];
}

/** Requests made this long before typing began are still searched (clock skew between sessions). */
const SLACK_MS = 50;

const stripQuery = (u: string) => u.replace(/[?#].*$/, '');

/** Outputs of encryption/encoding calls that took the canary in, closed over chains of calls. */
export function derivedNeedles(probe: ProbeResult, canary: CanaryValues): { derived: DerivedNeedle[]; encoders: ProbeTransform[] } {
  const matcher = new CanaryMatcher(canary, { maxDepth: 2, maxViews: 60 });
  const derived: DerivedNeedle[] = [];
  const encoders: ProbeTransform[] = [];
  const tainted = new Set<ProbeTransform>();
  for (let round = 0; round < 3; round++) {
    let grew = false;
    for (const t of probe.transforms) {
      if (tainted.has(t)) continue;
      const direct = matcher.find(t.input);
      const viaOther = !direct && derived.some((d) => t.input.includes(d.text));
      if (!direct && !viaOther) continue;
      tainted.add(t);
      encoders.push(t);
      grew = true;
      if (t.output.length >= 8) derived.push({ text: t.output, via: t.fn });
      // Binary outputs are usually shipped base64-encoded.
      const b64 = Buffer.from(t.output, 'latin1').toString('base64');
      if (/[^\x20-\x7e]/.test(t.output) && b64.length >= 12) derived.push({ text: b64.slice(0, 64), via: `${t.fn} base64` });
    }
    if (!grew) break;
  }
  return { derived, encoders };
}

function classify(url: string, type: RequestRecord['type'], pageUrl: string, formActions: Set<string>, processors: string[]): Destination {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch { /* data:, blob: … */ }
  if (host && isAllowedProcessor(host, processors)) return 'processor';
  const pageSite = siteOf(pageUrl);
  if (host && siteOf(url) !== pageSite) return 'third-party';
  if (formActions.has(stripQuery(url)) || (type === 'form' && formActions.size === 0)) return 'form-submission';
  return 'first-party-drop';
}

/** Searches every request made after typing began, and every storage write, for the canary. */
export function searchArtifacts(a: TargetArtifacts, processors: string[]): CanaryReport | null {
  const probe = a.probe;
  if (!probe?.canary?.cardNumber) return null;
  const canary = probe.canary as unknown as CanaryValues;
  const { derived, encoders } = derivedNeedles(probe, canary);
  const cardField = probe.filled.find((f) => f.role === 'card-number');
  const typedValues = cardField ? [cardField.value] : [];
  // Decodings first (they name the encoding); outputs of hooked encoders only when decoding fails.
  const plain = new CanaryMatcher(canary, { typedValues });
  const withDerived = new CanaryMatcher(canary, { derived, typedValues });
  const matcher = { find: (v: string | null | undefined) => plain.find(v) ?? (derived.length ? withDerived.find(v) : null) };
  const pageUrl = a.finalUrl ?? a.url;
  const formActions = new Set(probe.formActions.map(stripQuery));
  const sightings: CanarySighting[] = [];
  for (const r of a.network ?? []) {
    if (r.time < probe.startedAt - SLACK_MS) continue;
    const carriers: Array<[string, string | null | undefined]> = [['url', r.url], ['body', r.postData]];
    for (const [name, value] of Object.entries(r.requestHeaders ?? {})) {
      if (name === 'referer' || name === 'origin') continue; // the page's own URL, not the request's payload
      carriers.push([name === 'cookie' ? 'cookie' : `header:${name}`, value]);
    }
    (r.frames ?? []).forEach((f, i) => { if (f.dir === 'sent') carriers.push([`websocket-frame#${i + 1}`, f.data]); });
    for (const [where, value] of carriers) {
      const hit = matcher.find(value);
      if (!hit) continue;
      sightings.push({
        url: r.url, method: r.method, type: r.type, where, hit, initiator: r.initiator,
        destination: classify(r.url, r.type, pageUrl, formActions, processors), time: r.time,
      });
      break;
    }
  }
  const storage = probe.storage.flatMap((s) => {
    const hit = matcher.find(s.value) ?? matcher.find(s.key);
    return hit ? [{ kind: s.kind, key: s.key, frameUrl: s.frameUrl, hit, writer: s.writer, time: s.time }] : [];
  });
  return { sightings, storage, encoders };
}

/** The card reader to name: the one in the sender's or encoder's script if any, else the last one to read before sending. */
function readerOf(fields: FieldRead[] | null, prefer: Set<string>, before: number): FieldRead | null {
  const reads = (fields ?? []).filter((f) => f.field === 'card-number' && f.reader?.sha256);
  const own = reads.find((f) => prefer.has(f.reader!.sha256!));
  if (own) return own;
  // A read through a library (jQuery's val(), a listener it dispatches): the skimmer's frame is further down.
  for (const f of reads) {
    const frame = f.reader!.stack?.find((x) => x.sha256 && prefer.has(x.sha256));
    if (frame) return { ...f, reader: { scriptUrl: frame.url, sha256: frame.sha256, line: frame.line, column: frame.column } };
  }
  return reads.filter((f) => f.time <= before).at(-1) ?? reads[0] ?? null;
}

const describeInitiator = (i: Initiator | null) => (i ? { url: i.scriptUrl, sha256: i.sha256, line: i.line, column: i.column } : null);

/**
 * Findings: card data at a third party that is not an allowed processor is critical
 * (`canary-exfiltration`); at a first-party URL that is not the form's own submission, high
 * (`canary-first-party-drop`). One finding per destination and sending script. Card data written
 * to localStorage, sessionStorage or a cookie is medium (`canary-stored`): skimmers stage it there to
 * send from the next page, and a checkout has no reason to keep a card number in the browser.
 */
export function canaryFindings(a: TargetArtifacts, processors: string[]): { findings: Finding[]; report: CanaryReport | null } {
  const report = searchArtifacts(a, processors);
  if (!report) return { findings: [], report };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const s of report.sightings) {
    if (s.destination === 'processor' || s.destination === 'form-submission') continue;
    let origin = s.url;
    try { origin = new URL(s.url).origin + new URL(s.url).pathname; } catch { /* keep */ }
    const key = `${s.destination}|${origin}|${s.initiator?.sha256 ?? ''}|${s.initiator?.line ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const third = s.destination === 'third-party';
    const host = (() => { try { return new URL(s.url).host; } catch { return s.url.slice(0, 60); } })();
    const encoder = report.encoders.find((e) => e.time <= s.time + 50) ?? report.encoders[0] ?? null;
    // The line in the skimmer's own code: a frame of the request's stack in the encoder's script, else the top frame.
    const culprit = encoder?.caller?.sha256
      ? s.initiator?.stack?.find((f) => f.sha256 === encoder.caller!.sha256) ?? null
      : null;
    const sender: Initiator | null = culprit
      ? { scriptUrl: culprit.url, sha256: culprit.sha256, line: culprit.line, column: culprit.column }
      : s.initiator?.sha256 ? s.initiator : encoder?.caller ?? s.initiator;
    const prefer = new Set([sender?.sha256, encoder?.caller?.sha256].filter((x): x is string => !!x));
    const reader = readerOf(a.fields, prefer, s.time);
    findings.push({
      ruleId: third ? 'canary-exfiltration' : 'canary-first-party-drop',
      severity: third ? 'critical' : 'high',
      message: third
        ? `the probe's canary card number left the page to ${host} (${s.type} ${s.where}, ${s.hit.encoding})`
        : `the probe's canary card number was sent to ${s.url.replace(/[?#].*$/, '')} on the site's own server, which is not the form's submission (${s.type} ${s.where}, ${s.hit.encoding})`,
      script: sender?.sha256 ? { url: sender.scriptUrl, sha256: sender.sha256 } : null,
      line: sender?.sha256 ? sender.line : null,
      column: sender?.sha256 ? sender.column : null,
      evidence: {
        destination: s.url, host, method: s.method, requestType: s.type, where: s.where,
        encoding: s.hit.encoding, chain: s.hit.chain, form: s.hit.form, context: s.hit.context,
        alsoSeen: s.hit.alsoSeen, time: s.time,
        sender: describeInitiator(sender),
        requestInitiator: describeInitiator(s.initiator),
        reader: reader ? { ...describeInitiator(reader.reader), how: reader.how, selector: reader.selector, frameUrl: reader.frameUrl } : null,
        encoder: encoder ? { fn: encoder.fn, ...describeInitiator(encoder.caller) } : null,
        firstParty: !third,
      },
    });
  }
  const stored = new Set<string>();
  for (const st of report.storage) {
    const key = `${st.kind}|${st.key}|${st.writer?.sha256 ?? ''}`;
    if (stored.has(key)) continue;
    stored.add(key);
    const where = st.kind === 'cookie' ? `a cookie (${st.key})` : `${st.kind} key "${st.key}"`;
    findings.push({
      ruleId: 'canary-stored',
      severity: 'medium',
      message: `the probe's canary card number was written to ${where} (${st.hit.encoding})`,
      script: st.writer?.sha256 ? { url: st.writer.scriptUrl, sha256: st.writer.sha256 } : null,
      line: st.writer?.sha256 ? st.writer.line : null,
      column: st.writer?.sha256 ? st.writer.column : null,
      evidence: {
        storage: st.kind, key: st.key, frameUrl: st.frameUrl, encoding: st.hit.encoding, chain: st.hit.chain, context: st.hit.context,
        alsoSeen: st.hit.alsoSeen, time: st.time, writer: describeInitiator(st.writer),
      },
    });
  }
  return { findings, report };
}
