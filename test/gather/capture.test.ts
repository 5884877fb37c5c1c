import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/gather/scan-target.js';
import type { RequestRecord, ScriptRecord, TargetArtifacts } from '../../src/artifacts/types.js';
import { startContained, type ContainedEnv } from '../helpers/contained.js';

let env: ContainedEnv;
let a: TargetArtifacts;
let origin: string;

beforeAll(async () => {
  env = await startContained();
  origin = env.server.origin('capture.skimscan.test');
  a = await scanTarget(env.launched.browser, `${origin}/`, { timeoutMs: 20_000, quietMs: 800, probe: false });
}, 60_000);
afterAll(async () => { await env?.close(); });

function scriptWith(marker: string): ScriptRecord & { source: string } {
  const found = a.scripts!.filter((s) => a.sources[s.sha256]?.includes(marker));
  expect(found, `a script containing ${marker}`).not.toHaveLength(0);
  // The smallest source holding the marker is the script that defines it (not its creator).
  found.sort((x, y) => x.size - y.size);
  return { ...found[0]!, source: a.sources[found[0]!.sha256]! };
}

function requestWith(marker: string): RequestRecord {
  const found = a.network!.find((r) => r.url.includes(marker) || r.postData?.includes(marker));
  expect(found, `a request carrying ${marker}`).toBeDefined();
  return found!;
}

describe('script capture across every execution context', () => {
  it.each([
    ['externalMarker', 'external', 'page'],
    ['inlineMarker', 'inline', 'page'],
    ['eventHandlerMarker', 'event-handler', 'page'],
    ['javascriptUrlMarker', 'javascript-url', 'page'],
    ['moduleInlineMarker', 'module', 'page'],
    ['moduleImportMarker', 'module', 'page'],
    ['crossOriginFrameMarker', 'inline', 'iframe'],
    ['srcdocMarker', 'inline', 'page'],
    ['selfRemovingMarker', 'external', 'page'],
    ['evalMarker', 'eval', 'page'],
    ['functionMarker', 'function', 'page'],
    ['timerStringMarker', 'timer-string', 'page'],
    ['dynamicInlineMarker', 'dynamic-inline', 'page'],
    ['dynamicExternalMarker', 'external', 'page'],
    ['documentWriteMarker', 'dynamic-inline', 'page'],
    ['dataUrlMarker', 'data-url', 'page'],
    ['blobUrlMarker', 'blob-url', 'page'],
    ['workerMarker', 'worker', 'worker'],
    ['sharedWorkerMarker', 'shared-worker', 'shared-worker'],
    ['serviceWorkerMarker', 'service-worker', 'service-worker'],
    ['donePageMarker', 'inline', 'page'],
  ])('%s is a %s script from the %s', (marker, kind, contextType) => {
    const s = scriptWith(marker);
    expect(s.kind).toBe(kind);
    expect(s.contextType).toBe(contextType);
    expect(s.sha256).toBe(createHash('sha256').update(s.source).digest('hex'));
    expect(s.size).toBe(Buffer.byteLength(s.source));
  });

  it('gives string-born code no URL, its document, and its creator', () => {
    const evald = scriptWith('evalMarker');
    expect(evald.url).toBeNull();
    expect(evald.documentUrl).toBe(`${origin}/`);
    const creator = a.scripts!.find((s) => s.sha256 === evald.parentSha256);
    expect(creator?.kind).toBe('inline');
    expect(a.sources[creator!.sha256]).toContain('eval("var evalMarker');
  });

  it('places inline scripts in their document with 1-based lines', () => {
    const inline = scriptWith('inlineMarker');
    expect(inline.url).toBeNull();
    expect(inline.startLine).toBe(9);
    expect(scriptWith('moduleInlineMarker').url).toBeNull();
    expect(scriptWith('moduleImportMarker').url).toBe(`${origin}/module-dep.mjs`);
    expect(scriptWith('srcdocMarker').frameUrl).toBe('about:srcdoc');
    expect(scriptWith('crossOriginFrameMarker').frameUrl).toContain('frame.capture-other.test/frame.html');
  });

  it('records integrity attributes of script tags', () => {
    expect(scriptWith('externalMarker').integrity).toMatch(/^sha256-/);
  });

  it('keeps each unique source once', () => {
    expect(Object.keys(a.sources).length).toBe(new Set(a.scripts!.map((s) => s.sha256)).size);
  });
});

describe('request capture', () => {
  it.each([
    ['cssImageMarker', 'image'],
    ['prefetched.txt', 'prefetch'],
    ['preloaded.js', 'preload'],
    ['fetchBodyMarker', 'fetch'],
    ['xhrBodyMarker', 'xhr'],
    ['beaconBodyMarker', 'beacon'],
    ['imageBeaconMarker', 'image'],
    ['formPostMarker', 'form'],
    ['eventSourceMarker', 'eventsource'],
    ['/socket', 'websocket'],
    ['workerFetchMarker', 'fetch'],
    ['sharedWorkerFetchMarker', 'fetch'],
    ['serviceWorkerFetchMarker', 'fetch'],
    ['frameFetchMarker', 'fetch'],
    ['unloadBeaconMarker', 'beacon'],
    ['frame.html', 'subframe'],
  ])('%s is a %s request', (marker, type) => {
    expect(requestWith(marker).type).toBe(type);
  });

  it('keeps request bodies', () => {
    expect(requestWith('fetchBodyMarker').postData).toBe('fetchBodyMarker');
    expect(requestWith('formPostMarker').postData).toBe('formField=formPostMarker');
    expect(requestWith('unloadBeaconMarker').postData).toBe('unloadBeaconMarker');
  });

  it('records WebSocket frames both ways', () => {
    const ws = requestWith('/socket');
    expect(ws.frames?.some((f) => f.dir === 'sent' && f.data === 'websocketSentMarker')).toBe(true);
    expect(ws.frames?.some((f) => f.dir === 'received')).toBe(true);
  });

  it('names the initiating script and line, through timers and promises', () => {
    const main = scriptWith('imageBeaconMarker');
    const beacon = requestWith('imageBeaconMarker');
    expect(beacon.thirdParty).toBe(true);
    expect(beacon.initiator?.sha256).toBe(main.sha256);
    const lines = main.source.split('\n');
    expect(lines[beacon.initiator!.line! - 1]).toContain('imageBeaconMarker');
    const asyncBeacon = requestWith('asyncInitiatorMarker');
    expect(asyncBeacon.initiator?.sha256).toBe(main.sha256);
    expect(lines[asyncBeacon.initiator!.line! - 1]).toContain('asyncInitiatorMarker');
    expect(requestWith('workerFetchMarker').contextType).toBe('worker');
    expect(requestWith('workerFetchMarker').initiator?.scriptUrl).toBe(`${origin}/worker.js`);
  });

  it('sees every request the server received', () => {
    const reported = new Set(a.network!.map((r) => `${r.method} ${r.url}`));
    const missing = env.server.requests
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !reported.has(k));
    expect(missing).toEqual([]);
  });
});

describe('page facts', () => {
  it('records final URL, forms, iframes, security headers and a screenshot', () => {
    expect(a.finalUrl).toBe(`${origin}/done.html`);
    expect(a.fatal).toBeNull();
    expect(a.dom?.securityHeaders['content-security-policy-report-only']).toContain("script-src 'self'");
    expect(a.dom?.screenshot).toMatch(/^data:image\/jpeg;base64,/);
    expect(a.errors).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});
