// HAR 1.2, one file per target: every request the page made, with request bodies and WebSocket
// frames (`_webSocketMessages`, as Chrome DevTools writes them), so a person can replay what left
// the browser in any HAR viewer. Validated in tests against schemas/har-1.2.json.
import type { RequestRecord, RequestType } from '../artifacts/types.js';
import type { ScanReport, TargetResult } from './types.js';
import type { RenderContext } from './index.js';

/** Chrome DevTools' `_resourceType` names. */
const RESOURCE_TYPE: Record<RequestType, string> = {
  document: 'document', subframe: 'document', script: 'script', stylesheet: 'stylesheet', image: 'image', font: 'font',
  media: 'media', fetch: 'fetch', xhr: 'xhr', beacon: 'ping', websocket: 'websocket', eventsource: 'eventsource',
  form: 'document', prefetch: 'other', preload: 'other', ping: 'ping', other: 'other',
};

const headerList = (h: Record<string, string> | null) => Object.entries(h ?? {}).map(([name, value]) => ({ name, value: String(value) }));

function headerValue(h: Record<string, string> | null, name: string): string | undefined {
  if (!h) return undefined;
  const k = Object.keys(h).find((key) => key.toLowerCase() === name);
  return k === undefined ? undefined : h[k];
}

function queryString(url: string): Array<{ name: string; value: string }> {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** Absolute ISO time of `offsetMs` after `base`; `base` falls back to the epoch when unparsable. */
function at(base: number, offsetMs: number): string {
  return new Date((Number.isFinite(base) ? base : 0) + Math.max(0, offsetMs)).toISOString();
}

function entry(r: RequestRecord, base: number, pageref: string) {
  const reqType = headerValue(r.requestHeaders, 'content-type');
  const resType = headerValue(r.responseHeaders, 'content-type');
  const location = headerValue(r.responseHeaders, 'location');
  const e: Record<string, unknown> = {
    pageref,
    startedDateTime: at(base, r.time),
    time: 0,
    request: {
      method: r.method,
      url: r.url,
      httpVersion: '',
      cookies: [],
      headers: headerList(r.requestHeaders),
      queryString: queryString(r.url),
      ...(r.postData !== null ? { postData: { mimeType: reqType ?? '', text: r.postData } } : {}),
      headersSize: -1,
      bodySize: r.postData !== null ? Buffer.byteLength(r.postData) : 0,
    },
    response: {
      status: r.status ?? 0,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: headerList(r.responseHeaders),
      content: { size: -1, mimeType: resType ?? 'x-unknown' },
      redirectURL: location ?? '',
      headersSize: -1,
      bodySize: -1,
      ...(r.failure ? { _error: r.failure } : {}),
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 },
    _resourceType: RESOURCE_TYPE[r.type] ?? 'other',
    _skimscan: {
      type: r.type, thirdParty: r.thirdParty, frameUrl: r.frameUrl, contextType: r.contextType,
      initiator: r.initiator, ...(r.postDataTruncated ? { postDataTruncated: true } : {}),
    },
  };
  if (r.initiator?.scriptUrl) {
    // DevTools' shape: 0-based line numbers.
    e._initiator = { type: 'script', url: r.initiator.scriptUrl, ...(r.initiator.line ? { lineNumber: r.initiator.line - 1 } : {}) };
  }
  if (r.frames?.length) {
    e._webSocketMessages = r.frames.map((f) => ({
      type: f.dir === 'sent' ? 'send' : 'receive',
      time: (base + f.time) / 1000,
      opcode: f.opcode,
      data: f.data,
    }));
  }
  return e;
}

/** One HAR per target; `index` is the target's position in the report. */
export function renderHar(report: ScanReport, index: number, ctx: RenderContext = {}): string {
  const t: TargetResult | undefined = report.targets[index];
  if (!t) throw new RangeError(`no target ${index}`);
  const base = Date.parse(ctx.startedAt?.[index] ?? report.startedAt);
  const pageref = 'page_1';
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'skimscan', version: report.tool.version },
      ...(report.browser ? { browser: { name: report.browser.split(' ')[0]!, version: report.browser.split(' ').slice(1).join(' ') || '' } } : {}),
      pages: [{
        startedDateTime: at(base, 0),
        id: pageref,
        title: t.title ?? t.finalUrl ?? t.url,
        pageTimings: {},
      }],
      entries: [...t.requests].sort((a, b) => a.time - b.time).map((r) => entry(r, base, pageref)),
      comment: `skimscan ${t.verdict}${t.partial ? ' (partial)' : ''}: ${t.url}`,
    },
  };
  return `${JSON.stringify(har, null, 2)}\n`;
}

/** `har/<n>-<host>.har` (n from 1, in input order). */
export function harFileName(t: TargetResult, index: number): string {
  let host = 'target';
  try {
    host = new URL(t.url).hostname || host;
  } catch { /* keep the fallback */ }
  return `${index + 1}-${host.replace(/[^A-Za-z0-9.-]/g, '_')}.har`;
}
