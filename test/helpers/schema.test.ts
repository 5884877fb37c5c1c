import { describe, expect, it } from 'vitest';
import { ERROR_CODES, REQUEST_TYPES, SCRIPT_KINDS, SEVERITIES } from '../../src/artifacts/types.js';
import { assertValidAnalyzeReport, assertValidReport, loadSchema } from './schema.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = '0123456789abcdef'.repeat(4);

function validReport() {
  return {
    schemaVersion: 1,
    tool: { name: 'skimscan', version: '0.1.0', rulesVersion: '1' },
    browser: 'Chromium 156.0.8078.108',
    options: { ignoreHttpsErrors: true, offline: true, concurrency: 2 },
    startedAt: '2026-11-26T13:00:00.000Z',
    finishedAt: '2026-11-26T13:00:09.512Z',
    targets: [
      {
        url: 'https://pay.dothan.example/',
        finalUrl: 'https://pay.dothan.example/pay/',
        verdict: 'compromised',
        partial: false,
        canary: { cardNumber: '4111111111111111', cvv: '123' },
        scripts: [
          { url: 'https://pay.dothan.example/js/app.js', documentUrl: 'https://pay.dothan.example/pay/',
            kind: 'external', sha256: SHA_A, size: 1234, startLine: 1,
            frameUrl: 'https://pay.dothan.example/pay/', parentSha256: null },
          { url: null, documentUrl: 'https://pay.dothan.example/pay/', kind: 'eval', sha256: SHA_B,
            size: 99, startLine: 1, frameUrl: 'https://pay.dothan.example/pay/', parentSha256: SHA_A,
            extraField: 'reports may add fields' },
        ],
        requests: [
          { url: 'https://pay.dothan.example/pay/', method: 'GET', type: 'document', status: 200,
            thirdParty: false, postData: null, initiator: null },
          { url: 'wss://ws.evil.example/s', method: 'GET', type: 'websocket', status: 101,
            thirdParty: true, postData: null, frames: [{ dir: 'sent', data: '4111111111111111' }],
            initiator: { scriptUrl: null, sha256: SHA_B, line: 3, column: 17 } },
          { url: 'https://gif.evil.test/p.gif', method: 'GET', type: 'image', status: null,
            thirdParty: true, postData: null,
            initiator: { scriptUrl: 'https://pay.dothan.example/js/app.js', sha256: SHA_A, line: null, column: null } },
        ],
        findings: [
          { ruleId: 'canary-exfiltration', severity: 'critical', message: 'card number sent to ws.evil.example',
            script: { url: null, sha256: SHA_B }, line: 3, column: 17, evidence: { host: 'ws.evil.example' } },
          { ruleId: 'sri-missing', severity: 'info', message: 'third-party script without SRI' },
        ],
        suppressed: [{ ruleId: 'third-party-script', reason: 'allowed processor', host: 'js.stripe.example' }],
      },
      {
        url: 'https://pay.ames.example/', finalUrl: null, verdict: 'error', partial: false,
        error: { code: 'dns', message: 'net::ERR_NAME_NOT_RESOLVED' },
        scripts: [], requests: [], findings: [],
      },
      {
        url: 'https://pay.milton.example/', finalUrl: 'https://pay.milton.example/', verdict: 'suspicious',
        partial: true, error: { code: 'timeout', message: 'timed out after 30000 ms' },
        scripts: [], requests: [], findings: [
          { ruleId: 'eval-decoded', severity: 'medium', message: 'eval of a decoded string', line: 1, column: 1 },
        ],
      },
    ],
    summary: { targets: 3, compromised: 1, suspicious: 1, clean: 0, error: 1 },
  };
}

type Report = ReturnType<typeof validReport>;

describe('report schema', () => {
  it('accepts a hand-built valid report (and extra fields)', () => {
    expect(() => assertValidReport(validReport())).not.toThrow();
    expect(() => assertValidReport({ ...validReport(), extra: { any: 1 } })).not.toThrow();
  });

  it('keeps its enums in step with src/artifacts/types.ts', () => {
    const defs = loadSchema('report').$defs as Record<string, { enum: string[] }>;
    expect(defs.severity!.enum).toEqual([...SEVERITIES]);
    expect(defs.scriptKind!.enum).toEqual([...SCRIPT_KINDS]);
    expect(defs.requestType!.enum).toEqual([...REQUEST_TYPES]);
    expect(defs.errorCode!.enum).toEqual([...ERROR_CODES]);
    expect(defs.verdict!.enum).toEqual(['clean', 'suspicious', 'compromised', 'error']);
  });

  const invalid: Array<[string, (r: Report) => unknown, RegExp]> = [
    ['wrong schemaVersion', (r) => ({ ...r, schemaVersion: 2 }), /report\/schemaVersion: must be equal to constant/],
    ['missing summary', ({ summary: _s, ...r }) => r, /must have required property 'summary'/],
    ['unknown verdict', (r) => { (r.targets[0] as { verdict: string }).verdict = 'pwned'; return r; },
      /report\/targets\/0\/verdict: must be equal to one of the allowed values .*"compromised".*got "pwned"/],
    ['unknown script kind', (r) => { (r.targets[0]!.scripts[0] as { kind: string }).kind = 'inline-ish'; return r; },
      /targets\/0\/scripts\/0\/kind: must be equal to one of the allowed values/],
    ['unknown request type', (r) => { (r.targets[0]!.requests[0] as { type: string }).type = 'navigation'; return r; },
      /targets\/0\/requests\/0\/type/],
    ['unknown severity', (r) => { (r.targets[0]!.findings[0] as { severity: string }).severity = 'severe'; return r; },
      /findings\/0\/severity/],
    ['unknown error code', (r) => { r.targets[1]!.error!.code = 'oops'; return r; }, /targets\/1\/error\/code/],
    ['error verdict without error', (r) => { delete (r.targets[1] as { error?: unknown }).error; return r; },
      /targets\/1: must have required property 'error'/],
    ['partial without error', (r) => { delete (r.targets[2] as { error?: unknown }).error; return r; },
      /targets\/2: must have required property 'error'/],
    ['bad sha256', (r) => { r.targets[0]!.scripts[0]!.sha256 = 'ABC'; return r; }, /scripts\/0\/sha256: must match pattern/],
    ['0-based line', (r) => { r.targets[0]!.findings[0]!.line = 0; return r; }, /findings\/0\/line/],
    ['startedAt not UTC', (r) => ({ ...r, startedAt: '2026-11-26T14:00:00+01:00' }), /report\/startedAt: must match pattern "Z\$"/],
    ['startedAt not a date', (r) => ({ ...r, startedAt: 'yesterday' }), /report\/startedAt: must match format "date-time"/],
    ['bad frame dir', (r) => { r.targets[0]!.requests[1]!.frames![0]!.dir = 'out'; return r; }, /frames\/0\/dir/],
    ['negative count', (r) => ({ ...r, summary: { ...r.summary, clean: -1 } }), /summary\/clean: must be >= 0/],
    ['thirdParty as string', (r) => { (r.targets[0]!.requests[0] as { thirdParty: unknown }).thirdParty = 'yes'; return r; },
      /requests\/0\/thirdParty: must be boolean/],
    ['wrong tool name', (r) => ({ ...r, tool: { ...r.tool, name: 'other' } }), /tool\/name/],
  ];

  it.each(invalid)('rejects %s with a readable error', (_name, mutate, expected) => {
    const bad = mutate(validReport());
    let message = '';
    try {
      assertValidReport(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^report does not match schemas\/report\.schema\.json:\n/);
    expect(message).toMatch(expected);
  });
});

describe('analyze schema', () => {
  const valid = () => ({
    schemaVersion: 1,
    tool: { name: 'skimscan', version: '0.1.0', rulesVersion: '1' },
    files: [
      { path: 'a.js', sha256: SHA_A, verdict: 'compromised', findings: [
        { ruleId: 'field-to-sink', severity: 'critical', message: 'card number sent to a hidden host', line: 4, column: 2,
          evidence: { destinations: [{ kind: 'hidden', url: null, host: null }] } },
      ] },
      { path: 'b.html', sha256: SHA_B, verdict: 'clean', findings: [] },
      { path: 'c.js', sha256: SHA_B, verdict: 'error', findings: [], parseError: 'Unexpected token (1:5)' },
      { path: 'd.js', sha256: SHA_B, verdict: 'suspicious', findings: [], parseError: { message: 'recovered', line: 2, column: 1 } },
    ],
  });

  it('accepts a hand-built valid analyze report', () => {
    expect(() => assertValidAnalyzeReport(valid())).not.toThrow();
  });

  it.each<[string, (x: ReturnType<typeof valid>) => unknown, RegExp]>([
    ['missing files', ({ files: _f, ...x }) => x, /must have required property 'files'/],
    ['bad verdict', (x) => { (x.files[1] as { verdict: string }).verdict = 'ok'; return x; }, /files\/1\/verdict/],
    ['bad finding severity', (x) => { (x.files[0]!.findings[0] as { severity: string }).severity = 'hi'; return x; }, /files\/0\/findings\/0\/severity/],
    ['error without parseError', (x) => { delete (x.files[2] as { parseError?: unknown }).parseError; return x; }, /files\/2: must have required property 'parseError'/],
    ['bad sha', (x) => { x.files[1]!.sha256 = 'nope'; return x; }, /files\/1\/sha256/],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(() => assertValidAnalyzeReport(mutate(valid()))).toThrow(expected);
  });
});
