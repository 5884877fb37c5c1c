import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findCanary, rot13, xorFind } from './search.js';
import { generateCanary, luhnValid } from './values.js';
import { canaryFindings } from './findings.js';
import type { ProbeResult, RequestRecord, TargetArtifacts } from '../../artifacts/types.js';

const seeded = (seed: number) => (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (seed * 31 + i * 17 + 7) % 256));
const c = generateCanary(seeded(3), new Date('2026-01-01T00:00:00Z'));
const card = c.cardNumber;
const json = JSON.stringify({ number: card, cvv: c.cvv, exp: c.expiry, name: c.holder });
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const b64url = (s: string) => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const rev = (s: string) => [...s].reverse().join('');
const xor = (s: string, key: string) => [...s].map((ch, i) => String.fromCharCode(ch.charCodeAt(0) ^ key.charCodeAt(i % key.length))).join('');
const sha = (alg: string, s: string) => createHash(alg).update(s).digest('hex');

describe('canary values', () => {
  it('are Luhn-valid test-range cards, unique per call, with the other fields filled', () => {
    expect(luhnValid(card)).toBe(true);
    expect(card).toMatch(/^411111\d{10}$/);
    const a = generateCanary();
    const b = generateCanary();
    expect(luhnValid(a.cardNumber)).toBe(true);
    expect(a.cardNumber).not.toBe(b.cardNumber);
    expect(c.expiry).toMatch(/^\d{2}\/\d{2}$/);
    expect(Number(c.expYear)).toBe(2029);
    expect(c.cvv).toMatch(/^\d{3}$/);
    expect(c.email).toMatch(/@/);
  });
});

describe('findCanary: encodings', () => {
  const cases: Array<[string, string, string]> = [
    ['plain', `cc=${card}&x=1`, 'plain'],
    ['url-encoded once', encodeURIComponent(`${card.slice(0, 8)} ${card.slice(8)}`), 'url-decode>separated'],
    ['url-encoded twice', encodeURIComponent(encodeURIComponent(`{"n":"${card.slice(0, 4)} ${card.slice(4)}"}`)), 'url-decode>url-decode>separated'],
    ['base64', `d=${b64(json)}`, 'base64>plain'],
    ['base64 url-safe', `?q=${b64url(`\u00ff\u00fe${json}`)}`, 'base64url>plain'],
    ['base64 at an offset in a longer blob', `xyz${b64('aa' + json)}`, 'base64@3>plain'],
    ['hex', `/rum?d=${hex(json)}`, 'hex>plain'],
    ['reversed', rev(json), 'reverse>plain'],
    ['reversed base64', `image=${encodeURIComponent(rev(b64(json)))}`, 'url-decode>reverse>base64>plain'],
    ['ROT13 of base64', rot13(b64(json)), 'rot13>base64>plain'],
    ['JSON-escaped', JSON.stringify(json.replace(/\d/g, (d) => `\\u003${d}`)), 'json-unescape>separated'],
    ['char-code list', [...card].map((d) => d.charCodeAt(0)).join(','), 'char-codes>plain'],
    ['digits split by separators', `${card.slice(0, 4)}-${card.slice(4, 8)}-${card.slice(8, 12)}-${card.slice(12)}`, 'separated'],
    ['digit array', JSON.stringify([...card]), 'separated'],
    ['md5 of the digits', `h=${sha('md5', card)}`, 'md5(digits)'],
    ['sha1 of the digits', sha('sha1', card).toUpperCase(), 'sha1(digits)'],
    ['sha256 of the digits', `{"fp":"${sha('sha256', card)}"}`, 'sha256(digits)'],
    ['single-byte XOR of base64', b64(xor(json, 'K')), 'base64>xor(key="K")'],
    ['repeating-key XOR of base64', b64(xor(json, 'c2gx19')), 'base64>xor(key="c2gx19")'],
    ['XOR of hex', hex(xor(json, '\x17')), 'hex>xor(key="\\u0017")'],
    ['base64 of hex', b64(hex(json)), 'base64>hex>plain'],
    ['hex of base64', hex(b64(json)), 'hex>base64>plain'],
    ['WebSocket socket.io frame of a serialised form', `42["msg",{"d":"${new URLSearchParams({ 'ctl00$Main$txtCard': card }).toString()}"}]`, 'plain'],
  ];
  it.each(cases)('%s', (_, carrier, encoding) => {
    const hit = findCanary(carrier, c);
    expect(hit, carrier).not.toBeNull();
    expect(hit!.encoding).toBe(encoding);
  });

  it('hashes of the value as typed (formatted by the page)', () => {
    const typed = `${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8, 12)} ${card.slice(12)}`;
    const hit = findCanary(sha('sha256', typed), c, { typedValues: [typed] });
    expect(hit?.form).toBe(`sha256(typed "${typed}")`);
  });

  it('XOR over the value as the page formatted it', () => {
    const typed = `${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8, 12)} ${card.slice(12)}`;
    const hit = findCanary(b64(xor(JSON.stringify({ cc: typed }), 'c2gx19')), c, { typedValues: [typed] });
    expect(hit?.encoding).toBe('base64>xor(key="c2gx19")');
  });

  it('reports the other canary values next to the card and the bytes around it', () => {
    const hit = findCanary(b64(json), c)!;
    expect(hit.alsoSeen).toEqual(expect.arrayContaining(['cvv', 'expiry', 'holder']));
    expect(hit.context).toContain(card);
  });

  it('follows the canary into encryption: outputs the hooks saw count as seen', () => {
    const cipher = '\x8f\x01\x99ABCDEFGHIJ\x00\x7f';
    const hit = findCanary(`payload=${encodeURIComponent(b64(cipher))}`, c, { derived: [{ text: b64(cipher), via: 'crypto.subtle.encrypt base64' }] });
    expect(hit?.form).toBe('derived(crypto.subtle.encrypt base64)');
  });

  it('never counts short values alone, nor other numbers', () => {
    expect(findCanary(`cvv=${c.cvv}&exp=${encodeURIComponent(c.expiry)}`, c)).toBeNull();
    expect(findCanary(`{"cc":"4111111111111111"}`, c)).toBeNull();
    expect(findCanary(b64(JSON.stringify({ cc: '4242424242424242', cvv: c.cvv })), c)).toBeNull();
    expect(findCanary(card.slice(0, 12), c)).toBeNull();
    expect(findCanary(null, c)).toBeNull();
    expect(findCanary('x'.repeat(5000), c)).toBeNull();
  });

  it('xorFind recovers the key and the plaintext', () => {
    const x = xorFind(xor(`pre${json}`, 'key'), card)!;
    expect(x.key).toBe('key');
    expect(x.plain).toBe(`pre${json}`);
  });

  it('is fast on a large body without the card', () => {
    const big = b64(Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(i % 256)).join('')) + hex('x'.repeat(20_000));
    const t0 = Date.now();
    expect(findCanary(big, c)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(4000);
  });
});

describe('canaryFindings', () => {
  const req = (over: Partial<RequestRecord>): RequestRecord => ({
    url: 'https://pay.city.example/', method: 'GET', type: 'image', status: 200, thirdParty: false, requestHeaders: {},
    responseHeaders: null, postData: null, initiator: { scriptUrl: 'https://pay.city.example/app.js', sha256: 'a'.repeat(64), line: 12, column: 3 },
    frameUrl: null, contextType: 'page', time: 5000, failure: null, ...over,
  });
  const probe: ProbeResult = {
    canary: c as unknown as ProbeResult['canary'], startedAt: 4000, finishedAt: 9000,
    filled: [{ role: 'card-number', frameUrl: 'https://pay.city.example/pay', selector: '#cc', value: card }],
    formActions: ['https://pay.city.example/pay/submit'], clicked: ['#pay'], submitted: true, answered: [], storage: [], transforms: [], notes: [],
  };
  const artifacts = (network: RequestRecord[]): TargetArtifacts => ({
    artifactsVersion: 1, url: 'https://pay.city.example/pay', finalUrl: 'https://pay.city.example/pay', startedAt: '', finishedAt: '',
    status: 200, scripts: [], sources: {}, network, dom: null,
    fields: [{ field: 'card-number', selector: '#cc', how: 'value', reader: { scriptUrl: 'https://evil.example/x.js', sha256: 'b'.repeat(64), line: 4, column: 1 }, frameUrl: null, time: 4500 }],
    probe, errors: [], caps: [], fatal: null,
  });

  it('critical off-site, high for a first-party drop, nothing for the form submission or a processor', () => {
    const { findings } = canaryFindings(artifacts([
      req({ url: `https://collect.evil.example/c?d=${b64(json)}`, thirdParty: true }),
      req({ url: 'https://pay.city.example/keepalive', method: 'POST', type: 'xhr', postData: `sid=${encodeURIComponent(b64(json))}` }),
      req({ url: 'https://pay.city.example/pay/submit', method: 'POST', type: 'form', postData: `cc=${card}` }),
      req({ url: 'https://api.payproc.example/v1/tokens', method: 'POST', type: 'fetch', postData: json, thirdParty: true }),
      req({ url: `https://early.evil.example/?${card}`, time: 100 }),
    ]), ['*.payproc.example']);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['canary-exfiltration', 'critical'], ['canary-first-party-drop', 'high']]);
    expect(findings[0]!.evidence).toMatchObject({ encoding: 'base64>plain', where: 'url', requestType: 'image', host: 'collect.evil.example' });
    expect(findings[0]!.evidence.reader).toMatchObject({ sha256: 'b'.repeat(64), line: 4 });
    expect(findings[0]!.script?.sha256).toBe('a'.repeat(64));
    expect(findings[0]!.line).toBe(12);
  });

  it('medium for card data written to storage or a cookie, with the writer; nothing for other values', () => {
    const a = artifacts([]);
    const writer = { scriptUrl: 'https://pay.city.example/js/form-save.js', sha256: 'c'.repeat(64), line: 7, column: 2 };
    a.probe = { ...probe, storage: [
      { kind: 'localStorage', key: '_ga_cache', value: b64(json), frameUrl: 'https://pay.city.example/pay', time: 5000, writer },
      { kind: 'localStorage', key: '_ga_cache', value: b64(json), frameUrl: 'https://pay.city.example/pay', time: 5100, writer },
      { kind: 'cookie', key: 'cart', value: 'cart=3 items', frameUrl: 'https://pay.city.example/pay', time: 5000, writer },
      { kind: 'sessionStorage', key: 'cvv', value: String(c.cvv), frameUrl: 'https://pay.city.example/pay', time: 5000, writer },
    ] };
    const { findings } = canaryFindings(a, []);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['canary-stored', 'medium']]);
    expect(findings[0]!.evidence).toMatchObject({ storage: 'localStorage', key: '_ga_cache', encoding: 'base64>plain' });
    expect(findings[0]!).toMatchObject({ script: { sha256: 'c'.repeat(64) }, line: 7 });
  });

  it('names the skimmer below a library frame when the card was read through jQuery', () => {
    const a = artifacts([req({ url: `https://collect.evil.example/c?d=${b64(json)}`, thirdParty: true })]);
    const jq = { url: 'https://pay.city.example/jquery.min.js', sha256: 'd'.repeat(64), functionName: 'val', line: 2, column: 100 };
    const own = { url: 'https://pay.city.example/app.js', sha256: 'a'.repeat(64), functionName: 'collect', line: 30, column: 9 };
    a.fields = [
      { field: 'card-number', selector: '#cc', how: 'value', reader: { scriptUrl: jq.url, sha256: jq.sha256, line: 2, column: 100, stack: [jq, { ...jq, line: 2, column: 7 }] }, frameUrl: null, time: 4400 },
      { field: 'card-number', selector: '#cc', how: 'value', reader: { scriptUrl: jq.url, sha256: jq.sha256, line: 2, column: 100, stack: [jq, own] }, frameUrl: null, time: 4500 },
    ];
    const { findings } = canaryFindings(a, []);
    expect(findings[0]!.evidence.reader).toMatchObject({ url: own.url, sha256: own.sha256, line: 30, how: 'value' });
  });
});
