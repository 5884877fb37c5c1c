import { isThirdParty, siteOf } from '../../hosts.js';
import type { ContextType, RequestRecord, WebSocketFrame } from '../../artifacts/types.js';
import { settleWithin, type AttachedTarget, type Collector, type CollectorContext } from './collector.js';
import type { CdpStackTrace, ScriptIndex } from '../script-index.js';
import { requestType } from './request-type.js';
import { errorMessage } from '../../errors.js';

export interface NetworkCollectorOptions {
  maxRequests: number;
  maxBodyBytes: number;
  maxFramesPerSocket: number;
}

interface Entry {
  record: Omit<RequestRecord, 'initiator' | 'thirdParty'>;
  sessionKey: string;
  trace: CdpStackTrace | undefined;
  initiatorUrl: string | null;
  initiatorLine: number | null;
  /** For a request only the Fetch domain saw: the Network id it reported, to merge with it later. */
  networkId?: string;
}

interface RequestWillBeSent {
  requestId: string;
  loaderId: string;
  documentURL: string;
  request: { url: string; urlFragment?: string; method: string; isLinkPreload?: boolean; headers: Record<string, string>; postData?: string; hasPostData?: boolean; postDataEntries?: Array<{ bytes?: string }> };
  timestamp: number;
  wallTime: number;
  initiator: { type: string; stack?: CdpStackTrace; url?: string; lineNumber?: number; columnNumber?: number };
  redirectResponse?: { status: number; headers: Record<string, string> };
  type?: string;
  frameId?: string;
}

export interface NetworkData {
  requests: RequestRecord[];
  /** Main document response headers (lower-cased names), for CSP and other security headers. */
  mainResponse: { url: string; status: number; headers: Record<string, string> } | null;
  capped: string[];
}

const lower = (h: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));

/**
 * Every request from every attached target (Network domain: types, initiators, bodies, WebSocket
 * frames), plus the Fetch domain as a safety net: requests sent while a page unloads (sendBeacon,
 * keepalive fetch on pagehide) reach Fetch but never Network.
 */
export class NetworkCollector implements Collector<NetworkData> {
  readonly id = 'network';
  #entries = new Map<string, Entry>();
  /** Raw CDP request ids Network reported, from any session: Fetch's `networkId` for a worker's
   * request arrives on the page's session while Network reports it on the worker's. */
  #networkIds = new Set<string>();
  #order: Entry[] = [];
  #fetchOnly: Entry[] = [];
  #mainFrameId: string | null = null;
  #mainResponse: NetworkData['mainResponse'] = null;
  #documents = new Map<string, string>();
  #bodyFetches: Promise<void>[] = [];
  #capped = new Set<string>();
  #halted = false;
  #stopped = new Set<string>();
  /** Decides whether a paused request is answered locally (the probe's form post) or continued. */
  interceptor: ((req: { url: string; method: string; postData: string | null; resourceType: string }) =>
    { status: number; headers: Record<string, string>; body: string } | null) | null = null;

  constructor(private ctx: CollectorContext, private index: ScriptIndex, private options: NetworkCollectorOptions) {}

  documents(): Map<string, string> {
    return this.#documents;
  }

  async addTarget(target: AttachedTarget): Promise<void> {
    const { session, key } = target;
    if (target.contextType === 'page') {
      session.on('Page.frameNavigated', (e: { frame: { id: string; parentId?: string } }) => {
        if (!e.frame.parentId) this.#mainFrameId = e.frame.id;
      });
    }
    session.on('Network.requestWillBeSent', (e: RequestWillBeSent) => this.#onRequest(target, e));
    session.on('Network.responseReceived', (e: { requestId: string; type: string; response: { url: string; status: number; headers: Record<string, string> }; frameId?: string }) => {
      this.ctx.onActivity();
      const entry = this.#entries.get(`${key}/${e.requestId}`);
      if (!entry) return;
      entry.record.status = e.response.status;
      entry.record.responseHeaders = lower(e.response.headers);
      // Page.frameNavigated (which sets the main frame id) comes after the main document's response.
      if (e.type === 'Document' && target.contextType === 'page' && (e.frameId === this.#mainFrameId || this.#mainFrameId === null) && !this.#mainResponse) {
        this.#mainResponse = { url: e.response.url, status: e.response.status, headers: lower(e.response.headers) };
      }
    });
    session.on('Network.loadingFinished', (e: { requestId: string }) => {
      this.ctx.onActivity();
      const entry = this.#entries.get(`${key}/${e.requestId}`);
      if (!entry || (entry.record.type !== 'document' && entry.record.type !== 'subframe' && entry.record.type !== 'form')) return;
      const url = entry.record.url;
      this.#bodyFetches.push(session.send('Network.getResponseBody', { requestId: e.requestId })
        .then((r: { body: string; base64Encoded: boolean }) => {
          if (!r.base64Encoded) this.#documents.set(url, r.body.slice(0, 4_000_000));
        }).catch(() => {}));
    });
    session.on('Network.loadingFailed', (e: { requestId: string; errorText: string; canceled?: boolean; blockedReason?: string }) => {
      this.ctx.onActivity();
      const entry = this.#entries.get(`${key}/${e.requestId}`);
      if (entry) entry.record.failure = e.blockedReason ? `${e.errorText} (${e.blockedReason})` : e.errorText;
    });
    session.on('Network.webSocketCreated', (e: { requestId: string; url: string; initiator?: { stack?: CdpStackTrace; url?: string; lineNumber?: number } }) => {
      this.ctx.onActivity();
      this.#add(`${key}/${e.requestId}`, {
        record: this.#newRecord(target, e.url, 'GET', 'websocket', {}, null),
        sessionKey: key, trace: e.initiator?.stack, initiatorUrl: e.initiator?.url ?? null,
        initiatorLine: e.initiator?.lineNumber ?? null,
      }, target);
    });
    session.on('Network.webSocketHandshakeResponseReceived', (e: { requestId: string; response: { status: number; headers: Record<string, string> } }) => {
      const entry = this.#entries.get(`${key}/${e.requestId}`);
      if (entry) { entry.record.status = e.response.status; entry.record.responseHeaders = lower(e.response.headers); }
    });
    const onFrame = (dir: WebSocketFrame['dir']) => (e: { requestId: string; timestamp: number; response: { opcode: number; payloadData: string } }) => {
      this.ctx.onActivity();
      const entry = this.#entries.get(`${key}/${e.requestId}`);
      if (!entry) return;
      const frames = (entry.record.frames ??= []);
      if (frames.length >= this.options.maxFramesPerSocket) {
        this.#capped.add(`network: more than ${this.options.maxFramesPerSocket} frames on one WebSocket; the rest were not recorded`);
        return;
      }
      frames.push({ dir, data: this.#capBody(e.response.payloadData), opcode: e.response.opcode, time: this.#now() });
    };
    session.on('Network.webSocketFrameSent', onFrame('sent'));
    session.on('Network.webSocketFrameReceived', onFrame('received'));
    session.on('Network.webSocketFrameError', (e: { requestId: string; errorMessage: string }) => {
      const entry = this.#entries.get(`${key}/${e.requestId}`);
      if (entry) entry.record.failure = e.errorMessage;
    });
    session.on('Fetch.requestPaused', (e: { requestId: string; networkId?: string; resourceType: string; request: RequestWillBeSent['request']; frameId?: string }) => {
      this.ctx.onActivity();
      this.#onPaused(target, e).catch((err) => this.ctx.log.debug(`Fetch: ${errorMessage(err)}`));
    });

    await Promise.all([
      session.send('Network.enable', { maxPostDataSize: this.options.maxBodyBytes }),
      session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] }).catch(() => {}),
    ]);
  }

  #now(): number {
    return Date.now() - this.ctx.startedAt;
  }

  #capBody(body: string): string {
    if (body.length <= this.options.maxBodyBytes) return body;
    this.#capped.add(`network: a body over ${this.options.maxBodyBytes} bytes was truncated`);
    return body.slice(0, this.options.maxBodyBytes);
  }

  #newRecord(target: AttachedTarget, url: string, method: string, type: RequestRecord['type'],
    headers: Record<string, string>, postData: string | null): Entry['record'] {
    return {
      url, method, type, status: null, requestHeaders: lower(headers), responseHeaders: null,
      postData: postData === null ? null : this.#capBody(postData),
      frameUrl: target.contextType === 'page' || target.contextType === 'iframe' ? null : target.url,
      contextType: target.contextType, time: this.#now(), failure: null,
    };
  }

  #add(id: string, entry: Entry, target: AttachedTarget): void {
    if (this.#order.length + this.#fetchOnly.length >= this.options.maxRequests) {
      this.#overCap(target);
      return;
    }
    this.#entries.set(id, entry);
    this.#order.push(entry);
  }

  #onRequest(target: AttachedTarget, e: RequestWillBeSent): void {
    this.ctx.onActivity();
    const id = `${target.key}/${e.requestId}`;
    const previous = this.#entries.get(id);
    if (previous && e.redirectResponse) {
      previous.record.status = e.redirectResponse.status;
      previous.record.responseHeaders = lower(e.redirectResponse.headers);
    }
    const isNavigation = e.requestId === e.loaderId;
    const isMainFrame = target.contextType === 'page' && (!e.frameId || e.frameId === this.#mainFrameId || this.#mainFrameId === null);
    const type = requestType(e.type, {
      method: e.request.method, isMainFrame, initiatorType: e.initiator.type, isNavigation,
      isLinkPreload: e.request.isLinkPreload, headers: e.request.headers,
    });
    const postData = e.request.postData ?? decodeEntries(e.request.postDataEntries);
    const entry: Entry = {
      record: this.#newRecord(target, e.request.url + (e.request.urlFragment ?? ''), e.request.method, type,
        e.request.headers, postData),
      sessionKey: target.key, trace: e.initiator.stack, initiatorUrl: e.initiator.url ?? null,
      initiatorLine: e.initiator.lineNumber ?? null,
    };
    entry.record.frameUrl = entry.record.frameUrl ?? e.documentURL ?? null;
    this.#networkIds.add(e.requestId);
    this.#add(id, entry, target);
    if (e.request.hasPostData && postData === null) {
      this.#bodyFetches.push(target.session.send('Network.getRequestPostData', { requestId: e.requestId })
        .then((r: { postData: string }) => { entry.record.postData = this.#capBody(r.postData); })
        .catch(() => {}));
    }
  }

  async #onPaused(target: AttachedTarget, e: { requestId: string; networkId?: string; resourceType: string; request: RequestWillBeSent['request'] }): Promise<void> {
    const postData = e.request.postData ?? decodeEntries(e.request.postDataEntries);
    const answer = this.interceptor?.({ url: e.request.url, method: e.request.method, postData, resourceType: e.resourceType });
    const seenByNetwork = e.networkId && this.#networkIds.has(e.networkId);
    const full = this.#order.length + this.#fetchOnly.length >= this.options.maxRequests;
    if (!seenByNetwork && full) this.#overCap(target);
    if (!seenByNetwork && !full) {
      // Network may still report it a moment later; keep it aside and merge in getData.
      this.#fetchOnly.push({
        record: this.#newRecord(target, e.request.url, e.request.method,
          requestType(e.resourceType, { method: e.request.method, isMainFrame: false, isNavigation: false }),
          e.request.headers, postData),
        sessionKey: target.key, trace: undefined, initiatorUrl: null, initiatorLine: null, networkId: e.networkId,
      });
    }
    if (this.#halted || full) {
      // Past the cap, or once the target is done, a flood must not go on loading the network and
      // the machine (and so the next targets): its requests are failed here, never sent.
      await target.session.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'Aborted' });
    } else if (answer) {
      await target.session.send('Fetch.fulfillRequest', {
        requestId: e.requestId, responseCode: answer.status,
        responseHeaders: Object.entries(answer.headers).map(([name, value]) => ({ name, value })),
        body: Buffer.from(answer.body).toString('base64'),
      });
    } else {
      await target.session.send('Fetch.continueRequest', { requestId: e.requestId });
    }
  }

  /**
   * Past the cap nothing more is recorded and further requests are failed, never sent. A flood
   * would still cost several CDP messages per request and starve the other targets, so the
   * flooding context's scripts are stopped; the report says so.
   */
  #overCap(target: AttachedTarget): void {
    this.#capped.add(`network: more than ${this.options.maxRequests} requests; the rest were not recorded or sent, and the page's scripts were stopped`);
    if (this.#stopped.has(target.key)) return;
    this.#stopped.add(target.key);
    target.session.send('Emulation.setScriptExecutionDisabled', { value: true }).catch(() => {});
  }

  /** From now on every request the page makes is failed at once instead of sent. */
  halt(): void {
    this.#halted = true;
  }

  async getData(waitMs = 5000): Promise<NetworkData> {
    const started = Date.now();
    await settleWithin(this.#bodyFetches, waitMs);
    await this.#awaitNetworkFor(this.#fetchOnly, Math.min(LATE_NETWORK_MS, waitMs - (Date.now() - started)));
    const pageSite = siteOf(this.ctx.targetUrl);
    const known = new Set(this.#order.map((e) => `${e.record.method} ${e.record.url}`));
    const fetchOnly = this.#fetchOnly.filter((e) => {
      if (e.networkId && this.#networkIds.has(e.networkId)) return false;
      // Requests Network never saw (unload beacons): keep one per method+URL+body not already known.
      return !known.has(`${e.record.method} ${e.record.url}`) || e.record.type === 'beacon';
    });
    const requests = [...this.#order, ...dedupe(fetchOnly)].slice(0, this.options.maxRequests)
      .filter((e) => !e.record.url.startsWith('data:'))
      .map((e): RequestRecord => ({
        ...e.record,
        thirdParty: isThirdParty(e.record.url, pageSite),
        initiator: this.index.initiator(e.sessionKey, e.trace) ??
          (e.initiatorUrl ? { scriptUrl: null, sha256: null, line: e.initiatorLine === null ? null : e.initiatorLine + 1, column: null } : null),
      }))
      .sort((a, b) => a.time - b.time);
    return { requests, mainResponse: this.#mainResponse, capped: [...this.#capped] };
  }

  /**
   * Under load a worker's Network event can trail the page's Fetch pause of the same request; the
   * Fetch copy alone would credit the page with the worker's request. Waits briefly for the ids
   * Fetch saw (unload beacons never get one, so this is bounded by `ms`).
   */
  async #awaitNetworkFor(entries: Entry[], ms: number): Promise<void> {
    const missing = () => entries.some((e) => {
      return e.networkId !== undefined && !this.#networkIds.has(e.networkId) && e.record.type !== 'beacon';
    });
    const until = Date.now() + Math.max(0, ms);
    while (missing() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }
}

const LATE_NETWORK_MS = 1000;

function dedupe(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const k = `${e.record.method} ${e.record.url} ${e.record.postData}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function decodeEntries(entries: Array<{ bytes?: string }> | undefined): string | null {
  if (!entries?.length) return null;
  return entries.map((x) => (x.bytes ? Buffer.from(x.bytes, 'base64').toString('utf8') : '')).join('');
}
