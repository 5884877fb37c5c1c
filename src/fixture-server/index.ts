// The fixture server (spec: docs/fixture-server.md). One loopback port speaking HTTPS, HTTP and
// WebSocket; one directory per host name; every request recorded. Used by tests, benches and
// `skimscan demo`, so it must not depend on test/ or on dev dependencies.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { generateFixtureCert } from './cert.js';
import { contentTypeFor, looksLikeImage, PIXEL_GIF } from './content-types.js';

export interface RecordedFrame {
  /** From the client's (page's) point of view, as in artifacts: 'sent' = client -> server. */
  dir: 'sent' | 'received';
  /** utf8 text; base64 when `binary`. */
  data: string;
  binary: boolean;
  time: number;
}

export interface RecordedRequest {
  /** Date.now() when the request (or WebSocket upgrade) arrived. */
  time: number;
  scheme: 'http' | 'https' | 'ws' | 'wss';
  /** Host name from the Host header, lower-case, without port. */
  host: string;
  /** Port from the Host header; the scheme's default port when the header has none. */
  port: number;
  method: string;
  /** Raw path without the query, e.g. '/collect'. */
  path: string;
  /** Raw query without '?', '' when none. */
  query: string;
  /**
   * `scheme://<Host header><path>?<query>`. The Host header is used as sent: a browser mapped by
   * host-resolver-rules to https://pay.x.example/ sends no port, a direct client sends ':PORT'.
   */
  url: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Request body as utf8 text (first 1 MB), '' when none. */
  body: string;
  /** Present only when the body is not valid utf8: the raw bytes (first 1 MB), base64. */
  bodyBase64?: string;
  bodyTruncated?: boolean;
  /** WebSocket frames (live: appended as they flow); [] for plain HTTP. */
  frames: RecordedFrame[];
}

export interface FixtureServerOptions {
  /** Root holding one directory per host name, e.g. test/fixtures/sites. */
  sitesDir: string;
  /** Where `_vendor.json` paths resolve; default: the nearest node_modules above this module. */
  nodeModulesDir?: string;
  /** Listen address; default 127.0.0.1. */
  host?: string;
}

export interface FixtureServer {
  port: number;
  /** e.g. origin('pay.dothan.example') -> 'https://pay.dothan.example:PORT'. */
  origin(host: string, scheme?: 'https' | 'http' | 'wss' | 'ws'): string;
  /** Live array of everything recorded so far (including WebSocket upgrades). */
  readonly requests: RecordedRequest[];
  clear(): void;
  /**
   * Resolves with the first recorded request matching `pred` (checked on every new request and
   * every new WebSocket frame); rejects after `timeoutMs` listing what was recorded.
   */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const HOST_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

interface RouteSpec {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  file?: string;
  delayMs?: number;
  /** Send the body one byte every `dripMs` ms, then keep the response open forever. */
  dripMs?: number;
  /** Repeat `body` until the response is this many bytes (a huge script without a huge file). */
  repeatToBytes?: number;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function findNodeModules(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'node_modules');
    dir = parent;
  }
}

function parseHostHeader(raw: string | undefined, defaultPort: number): { host: string; port: number } {
  const value = (raw ?? '').trim().toLowerCase();
  let host = value;
  let port = defaultPort;
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(value);
  if (m) {
    host = m[1]!;
    if (m[2]) port = Number(m[2]);
  }
  return { host: host.replace(/\.$/, ''), port };
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Resolves `rel` under `root`; null if it would escape. */
function within(root: string, rel: string): string | null {
  const full = resolve(root, rel);
  return full === root || full.startsWith(root + sep) ? full : null;
}

function withNonce(headers: Record<string, string>, nonce: string | null): Record<string, string> {
  if (!nonce) return headers;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replaceAll('{{nonce}}', nonce)]));
}

function bodyWithNonce(file: string, body: Buffer, nonce: string | null): Buffer | string {
  return nonce && file.endsWith('.html') ? body.toString('utf8').replaceAll('{{nonce}}', nonce) : body;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readJsonIfExists<T>(file: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new HttpError(500, `bad ${file}: ${(e as Error).message}`);
  }
}

/** Splits and decodes a raw path; refuses traversal; returns decoded segments. */
function pathSegments(rawPath: string): string[] {
  const segs = rawPath.split('/').slice(1);
  return segs.map((s) => {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      throw new HttpError(400, 'bad path encoding');
    }
    if (d === '.' || d === '..' || /[/\\\0]/.test(d)) throw new HttpError(400, 'path traversal refused');
    return d;
  });
}

function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return { 'access-control-allow-origin': '*' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

export async function startFixtureServer(options: FixtureServerOptions): Promise<FixtureServer> {
  const sitesDir = resolve(options.sitesDir);
  const nodeModulesDir = resolve(options.nodeModulesDir ?? findNodeModules());
  const listenHost = options.host ?? '127.0.0.1';
  const { key, cert } = generateFixtureCert();

  const requests: RecordedRequest[] = [];
  const watchers = new Set<() => void>();
  const waiterRejects = new Set<(e: Error) => void>();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const notify = () => {
    for (const w of [...watchers]) w();
  };

  const sleep = (ms: number) =>
    new Promise<void>((res) => {
      const t = setTimeout(() => {
        timers.delete(t);
        res();
      }, ms);
      timers.add(t);
    });

  function record(
    req: http.IncomingMessage,
    scheme: RecordedRequest['scheme'],
    body: Buffer,
    truncated: boolean,
  ): RecordedRequest {
    const secure = scheme === 'https' || scheme === 'wss';
    const { host, port } = parseHostHeader(req.headers.host, secure ? 443 : 80);
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const r: RecordedRequest = {
      time: Date.now(),
      scheme,
      host,
      port,
      method: req.method ?? 'GET',
      path: q < 0 ? raw : raw.slice(0, q),
      query: q < 0 ? '' : raw.slice(q + 1),
      url: `${scheme}://${req.headers.host ?? `${listenHost}:${port}`}${raw}`,
      headers: flattenHeaders(req.headers),
      body: body.toString('utf8'),
      frames: [],
    };
    if (body.length > 0) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(body);
      } catch {
        r.bodyBase64 = body.toString('base64');
      }
    }
    if (truncated) r.bodyTruncated = true;
    requests.push(r);
    notify();
    return r;
  }

  function readBody(req: http.IncomingMessage): Promise<{ body: Buffer; truncated: boolean }> {
    return new Promise((res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      req.on('data', (c: Buffer) => {
        if (size >= MAX_BODY) {
          truncated = true;
          return;
        }
        const take = c.subarray(0, MAX_BODY - size);
        if (take.length < c.length) truncated = true;
        chunks.push(take);
        size += take.length;
      });
      const done = () => res({ body: Buffer.concat(chunks), truncated });
      req.on('end', done);
      req.on('error', done);
      req.on('close', done);
    });
  }

  function send(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer | string,
  ) {
    if (res.headersSent || res.destroyed) return;
    const lower: Record<string, string> = { 'cache-control': 'no-store' };
    for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    lower['content-length'] = String(buf.length);
    res.writeHead(status, lower);
    if (req.method === 'HEAD' || status === 204 || status === 304) res.end();
    else res.end(buf);
  }

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    scheme: 'http' | 'https',
  ): Promise<void> {
    const { body, truncated } = await readBody(req);
    const rec = record(req, scheme, body, truncated);
    if (closed) return;
    const method = rec.method.toUpperCase();
    const siteDir = HOST_RE.test(rec.host) ? within(sitesDir, rec.host) : null;

    if (!siteDir || !(await isDir(siteDir))) {
      // A host with no site stands in for an attacker's collection endpoint.
      if (method === 'OPTIONS') return preflight(req, res, {});
      const image = looksLikeImage(rec.path);
      send(req, res, 200, {
        ...corsHeaders(req),
        'content-type': image ? 'image/gif' : 'text/plain; charset=utf-8',
      }, image ? PIXEL_GIF : '');
      return;
    }

    const routes = (await readJsonIfExists<Record<string, RouteSpec>>(join(siteDir, '_routes.json'))) ?? {};
    // `"*": { "nonce": true }`: a fresh value per response replaces {{nonce}} in headers and .html files.
    const nonce = (routes['*'] as { nonce?: boolean } | undefined)?.nonce ? randomBytes(16).toString('base64url') : null;
    const hostHeaders = withNonce(routes['*']?.headers ?? {}, nonce);
    const route = routes[`${method} ${rec.path}`] ?? (method === 'OPTIONS' ? undefined : routes[rec.path]);
    if (route) return serveRoute(req, res, siteDir, route, hostHeaders);
    if (method === 'OPTIONS') return preflight(req, res, hostHeaders);

    const segs = pathSegments(rec.path);
    if (segs.some((s) => s.startsWith('_'))) return notFound(req, res, method, hostHeaders);

    if (method === 'GET' || method === 'HEAD') {
      const vendor = (await readJsonIfExists<Record<string, string>>(join(siteDir, '_vendor.json'))) ?? {};
      const vendorRel = vendor[rec.path];
      if (vendorRel !== undefined) {
        const file = within(nodeModulesDir, vendorRel);
        if (!file || !(await isFile(file))) {
          throw new HttpError(500, `_vendor.json of ${rec.host}: ${vendorRel} not found in ${nodeModulesDir}`);
        }
        return send(req, res, 200, { 'content-type': contentTypeFor(file), ...hostHeaders }, await readFile(file));
      }
      const found = await findStatic(siteDir, segs);
      if (found?.redirect) {
        return send(req, res, 301, { location: found.redirect + (rec.query ? `?${rec.query}` : ''), ...hostHeaders }, '');
      }
      if (found?.file) {
        return send(req, res, 200, { 'content-type': contentTypeFor(found.file), ...hostHeaders }, bodyWithNonce(found.file, await readFile(found.file), nonce));
      }
    }
    return notFound(req, res, method, hostHeaders);
  }

  async function findStatic(siteDir: string, segs: string[]): Promise<{ file?: string; redirect?: string } | null> {
    const rel = segs.join('/');
    const base = within(siteDir, rel);
    if (!base) throw new HttpError(400, 'path traversal refused');
    if (rel === '' || rel.endsWith('/')) {
      const idx = join(base, 'index.html');
      return (await isFile(idx)) ? { file: idx } : null;
    }
    if (await isFile(base)) return { file: base };
    if (await isFile(base + '.html')) return { file: base + '.html' };
    if (await isFile(join(base, 'index.html'))) return { redirect: '/' + segs.map(encodeURIComponent).join('/') + '/' };
    return null;
  }

  function notFound(req: http.IncomingMessage, res: http.ServerResponse, method: string, hostHeaders: Record<string, string>) {
    if (method === 'GET' || method === 'HEAD') {
      return send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8', ...hostHeaders }, 'Not found\n');
    }
    return send(req, res, 200, {
      'content-type': 'application/json; charset=utf-8', ...corsHeaders(req), ...hostHeaders,
    }, '{"ok":true}');
  }

  function preflight(req: http.IncomingMessage, res: http.ServerResponse, hostHeaders: Record<string, string>) {
    send(req, res, 204, {
      ...corsHeaders(req),
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] || '*',
      'access-control-allow-private-network': 'true',
      'access-control-max-age': '600',
      ...hostHeaders,
    }, '');
  }

  async function serveRoute(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    siteDir: string,
    route: RouteSpec,
    hostHeaders: Record<string, string>,
  ) {
    if (route.delayMs && route.delayMs > 0) await sleep(route.delayMs);
    if (closed) return;
    let body: Buffer | string = route.body ?? '';
    let type = 'text/plain; charset=utf-8';
    if (route.file !== undefined) {
      const file = within(siteDir, route.file);
      if (!file || !(await isFile(file))) throw new HttpError(500, `_routes.json: file ${route.file} not found`);
      body = await readFile(file);
      type = contentTypeFor(file);
    }
    if (route.repeatToBytes && typeof body === 'string' && body.length > 0) {
      body = body.repeat(Math.ceil(route.repeatToBytes / body.length)).slice(0, route.repeatToBytes);
    }
    const headers = { 'content-type': type, ...hostHeaders, ...(route.headers ?? {}) };
    if (route.dripMs && route.dripMs > 0) {
      res.writeHead(route.status ?? 200, headers);
      const bytes = Buffer.from(body);
      for (let i = 0; !closed && !res.destroyed; i++) {
        if (i < bytes.length) res.write(bytes.subarray(i, i + 1));
        await sleep(route.dripMs);
      }
      return;
    }
    send(req, res, route.status ?? 200, headers, body);
  }

  function onRequest(scheme: 'http' | 'https') {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      handle(req, res, scheme).catch((e: unknown) => {
        const status = e instanceof HttpError ? e.status : 500;
        send(req, res, status, { 'content-type': 'text/plain; charset=utf-8' }, `${(e as Error).message}\n`);
      });
    };
  }

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * MAX_BODY });
  function onUpgrade(scheme: 'ws' | 'wss') {
    return (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        const rec = record(req, scheme, Buffer.alloc(0), false);
        ws.on('message', (data, isBinary) => {
          const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
          rec.frames.push({
            dir: 'sent',
            data: isBinary ? buf.toString('base64') : buf.toString('utf8'),
            binary: isBinary,
            time: Date.now(),
          });
          if (!isBinary) {
            const reply = '{"ok":true}';
            ws.send(reply);
            rec.frames.push({ dir: 'received', data: reply, binary: false, time: Date.now() });
          }
          notify();
        });
        ws.on('error', () => {});
      });
    };
  }

  const httpServer = http.createServer(onRequest('http'));
  const httpsServer = https.createServer({ key, cert }, onRequest('https'));
  httpServer.on('upgrade', onUpgrade('ws'));
  httpsServer.on('upgrade', onUpgrade('wss'));
  httpServer.on('clientError', (_e, s) => s.destroy());
  httpsServer.on('clientError', (_e, s) => s.destroy());
  httpsServer.on('tlsClientError', () => {});

  // One port: peek at the first byte. 0x16 is a TLS handshake record; anything else is HTTP.
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 ? httpsServer : httpServer).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise<void>((res, rej) => {
    front.once('error', rej);
    front.listen(0, listenHost, () => {
      front.off('error', rej);
      res();
    });
  });
  const port = (front.address() as net.AddressInfo).port;

  return {
    port,
    origin(host: string, scheme: 'https' | 'http' | 'wss' | 'ws' = 'https') {
      return `${scheme}://${host}:${port}`;
    },
    requests,
    clear() {
      requests.length = 0;
    },
    waitFor(pred, timeoutMs = 5000) {
      return new Promise<RecordedRequest>((res, rej) => {
        let timer: NodeJS.Timeout | undefined;
        const finish = () => {
          if (timer) clearTimeout(timer);
          watchers.delete(check);
          waiterRejects.delete(fail);
        };
        const fail = (e: Error) => {
          finish();
          rej(e);
        };
        const check = () => {
          try {
            const hit = requests.find(pred);
            if (hit) {
              finish();
              res(hit);
            }
          } catch (e) {
            fail(e as Error);
          }
        };
        if (closed) return rej(new Error('fixture server is closed'));
        watchers.add(check);
        waiterRejects.add(fail);
        timer = setTimeout(() => {
          const seen = requests.map((r) => `${r.method} ${r.url}`).join('\n  ');
          fail(new Error(`waitFor: no matching request within ${timeoutMs} ms; recorded ${requests.length}:\n  ${seen}`));
        }, timeoutMs);
        check();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const fail of [...waiterRejects]) fail(new Error('fixture server closed'));
      for (const ws of wss.clients) ws.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => front.close(() => res()));
      wss.close();
    },
  };
}
