// Hand-built artifacts for unit tests of baseline, policy, CSP and inventory (no browser).
import { createHash } from 'node:crypto';
import type { RequestRecord, ScriptRecord, TargetArtifacts } from '../artifacts/types.js';
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface FakeScript {
  url?: string | null;
  kind?: ScriptRecord['kind'];
  source: string;
  frameUrl?: string;
  integrity?: string | null;
  startLine?: number;
}

export function artifacts(page: string, opts: {
  scripts?: FakeScript[]; requests?: Array<Partial<RequestRecord> & { url: string }>;
  headers?: Record<string, string>; cardFields?: boolean; forms?: Array<{ action: string | null }>;
} = {}): TargetArtifacts {
  const sources: Record<string, string> = {};
  const scripts: ScriptRecord[] = (opts.scripts ?? []).map((s, i) => {
    const h = sha(s.source);
    sources[h] = s.source;
    return {
      url: s.url ?? null, documentUrl: s.frameUrl ?? page, kind: s.kind ?? (s.url ? 'external' : 'inline'), sha256: h,
      size: s.source.length, startLine: s.startLine ?? (s.url ? 1 : 10 + i), startColumn: 1, frameUrl: s.frameUrl ?? page,
      contextType: 'page', parentSha256: null, stack: null, isModule: false, integrity: s.integrity ?? null,
    };
  });
  const network: RequestRecord[] = [{ url: page, type: 'document' } as Partial<RequestRecord> & { url: string },
    ...(opts.scripts ?? []).filter((s) => s.url).map((s) => ({ url: s.url!, type: 'script' as const })),
    ...(opts.requests ?? [])].map((r) => ({
    method: 'GET', status: 200, thirdParty: false, requestHeaders: {}, responseHeaders: {}, postData: null,
    initiator: null, frameUrl: page, contextType: 'page' as const, time: 0, failure: null, type: 'other' as const, ...r,
  }));
  return {
    artifactsVersion: 1, url: page, finalUrl: page, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z',
    status: 200, scripts, sources, network,
    dom: {
      title: 'Pay', iframes: [], javascriptUrls: [], screenshot: null, securityHeaders: opts.headers ?? {},
      scriptTags: (opts.scripts ?? []).filter((s) => s.url).map((s) => ({ src: s.url!, integrity: s.integrity ?? null, crossorigin: null, type: null, frameUrl: page })),
      forms: opts.cardFields === false ? [] : [{
        action: opts.forms?.[0]?.action ?? `${new URL(page).origin}/pay/submit`, method: 'post', id: 'pay', name: null, frameUrl: page,
        fields: [{ tag: 'input', type: 'text', name: 'cc', id: 'cc-number', autocomplete: 'cc-number', label: 'Card number', placeholder: null, ariaLabel: null, role: 'card-number' }],
      }],
    },
    fields: [], probe: null, errors: [], caps: [], fatal: null,
  };
}

/** A stand-in analyser: `EVIL` in a source is a high finding; `cc-number` means it reads card fields. */
export async function fakeAnalyse(input: ScriptInput): Promise<ScriptAnalysis> {
  const findings = input.source.includes('EVIL')
    ? [{ ruleId: 'exfil-sink', severity: 'high' as const, message: 'sends card data away', line: 1, column: 1, evidence: {} }]
    : [];
  return { sha256: input.sha256, rulesVersion: 'test', parseError: null, findings, facts: { readsPaymentFields: input.source.includes('cc-number'), sinks: [] } };
}
