import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { hostGlobProblem, hostMatchesGlob, loadConfig, parseResolveRule, validateConfig } from './config.js';

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a UsageError');
}

describe('hostMatchesGlob', () => {
  it.each([
    ['a.x.example', '*.x.example', true],
    ['a.b.x.example', '*.x.example', true],
    ['x.example', '*.x.example', false],
    ['ax.example', '*.x.example', false],
    ['A.X.Example', '*.x.EXAMPLE', true],
    ['pay.x.example.', '*.x.example', true],
    ['x.example', 'x.example', true],
    ['X.EXAMPLE', 'x.example', true],
    ['a.x.example', 'x.example', false],
    ['x.example.test', 'x.example', false],
    ['anything.test', '*', true],
    ['127.0.0.1', '127.0.0.1', true],
  ])('%s vs %s -> %s', (host, glob, expected) => {
    expect(hostMatchesGlob(host, glob)).toBe(expected);
  });

  it('validates globs', () => {
    expect(hostGlobProblem('*.x.example')).toBeNull();
    expect(hostGlobProblem('x.example')).toBeNull();
    expect(hostGlobProblem('*')).toBeNull();
    expect(hostGlobProblem('a*.example')).toMatch(/only allowed as the whole first label/);
    expect(hostGlobProblem('*.*.example')).toMatch(/only allowed/);
    expect(hostGlobProblem('')).toMatch(/empty/);
    expect(hostGlobProblem('bad host')).toMatch(/not a host name/);
    expect(hostGlobProblem('https://x.example')).toMatch(/not a host name/);
  });
});

describe('parseResolveRule', () => {
  it.each([
    ['*.example=127.0.0.1:8123', { hostGlob: '*.example', address: '127.0.0.1', port: 8123 }],
    ['pay.dothan.example=127.0.0.1', { hostGlob: 'pay.dothan.example', address: '127.0.0.1' }],
    ['*.Test=[::1]:443', { hostGlob: '*.test', address: '::1', port: 443 }],
    ['*.test=::1', { hostGlob: '*.test', address: '::1' }],
    ['*=localhost:9', { hostGlob: '*', address: 'localhost', port: 9 }],
  ])('parses %s', (s, expected) => {
    expect(parseResolveRule(s)).toEqual(expected);
  });

  it.each([
    ['*.example', /expected HOSTGLOB=ADDR\[:PORT\]/],
    ['*.example=', /missing address/],
    ['=127.0.0.1', /empty host glob/],
    ['a*b.example=127.0.0.1', /only allowed/],
    ['*.example=127.0.0.1:0', /port "0"/],
    ['*.example=127.0.0.1:70000', /port "70000"/],
    ['*.example=127.0.0.1:http', /port "http"/],
    ['*.example=[127.0.0.1]:80', /not an IPv6 address/],
    ['*.example=not an address', /not an IP address or host name/],
  ])('rejects %s', (s, problem) => {
    const msg = usageMessage(() => parseResolveRule(s));
    expect(msg).toContain(`bad resolve rule "${s}"`);
    expect(msg).toMatch(problem);
  });
});

describe('validateConfig', () => {
  it('accepts a full config and an empty one', () => {
    const full = {
      scan: {
        timeout: 30000, concurrency: 2, failOn: 'none', resolve: ['*.example=127.0.0.1:8443'],
        offline: true, ignoreHttpsErrors: true, probe: false, headers: { 'X-Scan': 'skimscan' }, quietMs: 1500,
      },
      allowedProcessors: ['*.stripe.example', 'js.braintree.example'],
    };
    expect(validateConfig(full, 'c.json')).toEqual(full);
    expect(validateConfig({}, 'c.json')).toEqual({});
  });

  it.each([
    [{ scan: { concurrency: 64 } }, /^config c\.json: scan\.concurrency: expected an integer from 1 to 32, got 64$/],
    [{ scan: { concurrency: 1.5 } }, /scan\.concurrency: expected an integer from 1 to 32, got 1\.5/],
    [{ scan: { concurrency: '2' } }, /scan\.concurrency: expected an integer .* got "2"/],
    [{ scan: { timeout: 10 } }, /scan\.timeout: expected an integer from 1000 to 600000 \(ms\), got 10/],
    [{ scan: { failOn: 'severe' } }, /scan\.failOn: expected one of critical, high, medium, low, info, none, got "severe"/],
    [{ scan: { concurency: 2 } }, /scan\.concurency: unknown key; did you mean "concurrency"\? \(allowed: timeout, concurrency/],
    [{ sacn: {} }, /config c\.json: sacn: unknown key; did you mean "scan"\?/],
    [{ scan: { resolve: ['*.example'] } }, /scan\.resolve\[0\]: expected HOSTGLOB=ADDR\[:PORT\], got "\*\.example"/],
    [{ scan: { resolve: '*.example=127.0.0.1' } }, /scan\.resolve: expected an array/],
    [{ scan: { offline: 'yes' } }, /scan\.offline: expected true or false, got "yes"/],
    [{ scan: { headers: { 'Bad Name': 'x' } } }, /scan\.headers\["Bad Name"\]: key is not a valid HTTP header name/],
    [{ scan: { headers: { 'X-A': 'a\r\nX-B: b' } } }, /scan\.headers\["X-A"\]: header value must not contain CR/],
    [{ allowedProcessors: ['*.stripe.example', 'pay*.example'] }, /allowedProcessors\[1\]: .*only allowed/],
    [{ scan: 3 }, /scan: expected an object, got 3/],
    [[], /\(top level\): expected an object, got an array/],
    [{ scan: { concurrency: 0, timeout: 1 } }, /\(and 1 more problem\)$/],
  ])('rejects %j', (input, expected) => {
    expect(usageMessage(() => validateConfig(input, 'c.json'))).toMatch(expected);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skimscan-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns {} when there is no skimscan.config.json in cwd', async () => {
    expect(await loadConfig(undefined, dir)).toEqual({});
  });

  it('reads skimscan.config.json from cwd, and an explicit path relative to cwd', async () => {
    await writeFile(join(dir, 'skimscan.config.json'), '\uFEFF{"scan":{"concurrency":4}}');
    expect(await loadConfig(undefined, dir)).toEqual({ scan: { concurrency: 4 } });
    await writeFile(join(dir, 'other.json'), '{"allowedProcessors":["*.adyen.example"]}');
    expect(await loadConfig('other.json', dir)).toEqual({ allowedProcessors: ['*.adyen.example'] });
  });

  it('fails on a missing explicit file', async () => {
    await expect(loadConfig('nope.json', dir)).rejects.toThrow(/^config nope\.json: file not found$/);
    await expect(loadConfig('nope.json', dir)).rejects.toBeInstanceOf(UsageError);
  });

  it('reports bad JSON with line and column', async () => {
    await writeFile(join(dir, 'bad.json'), '{\n  "scan": {\n    "concurrency": 2,\n  }\n}\n');
    const err = (await loadConfig('bad.json', dir).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^config bad\.json: invalid JSON at line 4 column 3: /);
    expect(err.message).not.toContain('\n');
    await writeFile(join(dir, 'truncated.json'), '{"scan": {');
    await expect(loadConfig('truncated.json', dir)).rejects.toThrow(/invalid JSON at line 1 column 11/);
  });

  it('reports schema errors naming the file and key path', async () => {
    await writeFile(join(dir, 'typo.json'), '{"scan":{"concurrency":99}}');
    await expect(loadConfig('typo.json', dir)).rejects.toThrow(
      'config typo.json: scan.concurrency: expected an integer from 1 to 32, got 99',
    );
  });
});
