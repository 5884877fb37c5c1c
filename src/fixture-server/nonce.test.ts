import http from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './index.js';

let root: string;
let server: FixtureServer;

function get(host: string, path: string): Promise<{ headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path, headers: { host }, agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ headers: res.headers, text }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'skimscan-nonce-'));
  for (const host of ['n.test', 'plain.test']) {
    await mkdir(join(root, host), { recursive: true });
    await writeFile(join(root, host, 'index.html'), '<script nonce="{{nonce}}">var t = "{{nonce}}";</script>');
    await writeFile(join(root, host, 'a.js'), 'var x = "{{nonce}}";');
  }
  await writeFile(join(root, 'n.test', '_routes.json'), JSON.stringify({ '*': { nonce: true, headers: { 'Content-Security-Policy': "script-src 'nonce-{{nonce}}'" } } }));
  server = await startFixtureServer({ sitesDir: root });
});
afterAll(async () => { await server?.close(); });

describe('{{nonce}} substitution', () => {
  it('puts one fresh value per response into the headers and .html files of hosts that ask for it', async () => {
    const a = await get('n.test', '/');
    const b = await get('n.test', '/');
    const nonce = /'nonce-([A-Za-z0-9_-]+)'/.exec(String(a.headers['content-security-policy']))![1]!;
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.text).toBe(`<script nonce="${nonce}">var t = "${nonce}";</script>`);
    expect(b.text).not.toBe(a.text);
    expect((await get('n.test', '/a.js')).text).toBe('var x = "{{nonce}}";');
  });

  it('leaves other hosts alone', async () => {
    expect((await get('plain.test', '/')).text).toContain('{{nonce}}');
  });
});
