// Who read the card, in real Chromium: keyloggers that never touch .value are named by the listener
// they registered, directly or through jQuery (whose dispatcher is the listener the browser sees).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/gather/scan-target.js';
import { judgeTarget } from '../../src/verdict/index.js';
import type { TargetArtifacts } from '../../src/artifacts/types.js';
import { startContained, type ContainedEnv } from '../helpers/contained.js';

let env: ContainedEnv;
let a: TargetArtifacts;
beforeAll(async () => {
  env = await startContained();
  a = await scanTarget(env.launched.browser, `${env.server.origin('keylogger.skimscan.test')}/`, { timeoutMs: 20_000, quietMs: 800, screenshot: false });
}, 60_000);
afterAll(async () => { await env?.close(); });

describe('card readers', () => {
  it('names a keydown keylogger by the line that registered it', () => {
    const reads = (a.fields ?? []).filter((f) => f.how === 'listener');
    const direct = reads.find((f) => f.reader?.scriptUrl?.endsWith('/js/keys.js'));
    expect(direct, JSON.stringify(a.fields)).toBeDefined();
    expect(direct!.reader!.line).toBe(4);
    expect(direct!.selector).toBe('#cc');
  });
  it('keeps the skimmer frame below jQuery for a listener bound through it', () => {
    const viaJq = (a.fields ?? []).find((f) => f.how === 'listener' && f.reader?.stack?.some((s) => s.url?.endsWith('/js/keys-jq.js')));
    expect(viaJq, JSON.stringify(a.fields)).toBeDefined();
    expect(viaJq!.reader!.stack!.find((s) => s.url?.endsWith('/js/keys-jq.js'))!.line).toBe(4);
  });
  it('links the reader to the exfiltration finding', async () => {
    const r = await judgeTarget(a, { analyse: async () => ({ findings: [] }) as never, allowedProcessors: [] });
    const image = r.findings.find((f) => f.ruleId === 'canary-exfiltration' && f.evidence.requestType === 'image');
    expect(image, JSON.stringify(r.findings.map((f) => f.ruleId))).toBeDefined();
    expect(image!.evidence.reader).toMatchObject({ how: 'listener', url: expect.stringContaining('/js/keys.js'), line: 4 });
    const beacon = r.findings.find((f) => f.ruleId === 'canary-exfiltration' && f.evidence.requestType !== 'image');
    expect(beacon!.evidence.reader).toMatchObject({ how: 'listener', url: expect.stringContaining('/js/keys-jq.js'), line: 4 });
  });
});

describe('required fields', () => {
  it('are given plausible values so the submit event that skimmers wait for fires', async () => {
    const b = await scanTarget(env.launched.browser, `${env.server.origin('required.skimscan.test')}/`, { timeoutMs: 20_000, quietMs: 800, screenshot: false });
    expect(b.probe?.notes.join(' ')).toMatch(/filled required fields: #acct #amount #method #agree/);
    const r = await judgeTarget(b, { analyse: async () => ({ findings: [] }) as never, allowedProcessors: [] });
    expect(r.findings.find((f) => f.ruleId === 'canary-exfiltration')?.evidence.host).toBe('metrics.required-cdn.example');
  }, 30_000);
});
