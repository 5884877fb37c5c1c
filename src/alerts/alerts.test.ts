import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryDb } from '../history/db.js';
import { finding, record } from '../history/test-records.js';
import { compareRecords, type TargetRecord } from '../history/facts.js';
import { evaluateAlerts, type EvaluateInput } from './changes.js';
import { buildPayload, signature, slackMessage, verifySignature } from './payload.js';
import { buildChannels, commandChannel } from './channels.js';
import { Dispatcher, backoffFor } from './dispatcher.js';
import type { AlertPayload } from './types.js';

const PAGE = 'https://shop.example/checkout';
const LIB = 'https://shop.example/assets/app.js';

let dir: string;
let db: HistoryDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skimscan-alerts-'));
  db = HistoryDb.open(join(dir, 'h.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records `rec` in a new run, evaluates and applies alerts like the watch runner; returns what opened/resolved. */
function step(rec: ReturnType<typeof record>, opts: Partial<EvaluateInput> = {}) {
  const runId = db.startRun({ group: 'g', trigger: 'test', targetsTotal: 1 });
  const { changes } = db.recordTarget(runId, 0, rec.rec, rec.sources);
  db.finishRun(runId, 'complete');
  const ev = evaluateAlerts({
    current: rec.rec, changes, open: db.openAlerts(rec.rec.url), threshold: 'high', baseline: false,
    previous: db.previousTarget(rec.rec.url, runId, { judged: true }), recent: db.recentInventory(rec.rec.url, runId), ...opts,
  });
  if (ev.open.length || ev.resolve.length) {
    const p = buildPayload({ run: { id: runId, group: 'g', startedAt: '' }, target: rec.rec, previousVerdict: null, opened: ev.open, resolved: ev.resolve });
    db.applyAlertEvent({ runId, targetUrl: rec.rec.url, uuid: p.id, event: p.event, payload: JSON.stringify(p), channels: ['hook'], now: new Date().toISOString(), open: ev.open, resolve: ev.resolve.map((r) => r.key) });
  }
  return { opened: ev.open.map((o) => `${o.kind} ${o.kind === 'finding' ? o.detail.ruleId : o.subject.split(' ').pop()}`).sort(), resolved: ev.resolve.map((o) => o.kind).sort() };
}

const clean = () => record(PAGE, { scripts: [{ url: LIB, source: 'ok()' }], requests: ['https://shop.example/api'] });
const skimmed = () => record(PAGE, {
  scripts: [{ url: LIB, source: 'ok(); EVIL()' }], requests: ['https://shop.example/api', 'https://evil.test/c.gif'],
  findings: [finding('skimmer', 'critical', LIB), finding('exfil-sink', 'medium', LIB)],
});

describe('evaluateAlerts', () => {
  it('alerts once when a page gains a skimmer, not again while it stays, and resolves when it goes', () => {
    expect(step(clean())).toEqual({ opened: [], resolved: [] });
    const s = step(skimmed());
    expect(s.opened).toEqual(['destination-new evil.test', 'finding skimmer', `script-changed ${skimmed().rec.scripts[0]!.sha256}`, 'verdict compromised']);
    expect(step(skimmed())).toEqual({ opened: [], resolved: [] });
    // Gone from one record is not gone: resolved after two in a row.
    expect(step(clean())).toEqual({ opened: [], resolved: [] });
    expect(step(clean()).resolved).toEqual(['destination-new', 'finding', 'script-changed', 'verdict']);
    expect(db.alerts({ state: 'open' })).toEqual([]);
    expect(step(clean())).toEqual({ opened: [], resolved: [] });
  });

  it('a page that flaps does not flap alerts: what was seen recently is not new, one miss does not resolve', () => {
    const withWidget = () => record(PAGE, { scripts: [{ url: LIB, source: 'ok()' }, { url: 'https://cdn.example/w.js', source: 'w()' }], requests: ['https://shop.example/api', 'https://cdn.example/w.js'] });
    step(clean());
    expect(step(withWidget()).opened).toEqual(['destination-new cdn.example', 'script-new https://cdn.example/w.js']);
    expect(step(clean())).toEqual({ opened: [], resolved: [] });
    expect(step(withWidget())).toEqual({ opened: [], resolved: [] });
    step(clean());
    expect(step(clean()).resolved).toEqual(['destination-new', 'script-new']);
    expect(step(withWidget())).toEqual({ opened: [], resolved: [] });
  });

  it('findings below the threshold alert only through the verdict', () => {
    step(clean());
    const r = step(record(PAGE, { scripts: [{ url: LIB, source: 'ok()' }], requests: ['https://shop.example/api'], findings: [finding('devtools-detect', 'medium', LIB)] }));
    expect(r.opened).toEqual(['verdict suspicious']);
  });

  it('a first record alerts on findings at the threshold and a bad verdict, not on its inventory', () => {
    const r = step(skimmed());
    expect(r.opened).toEqual(['finding skimmer', 'verdict compromised']);
  });

  it('a target that starts failing alerts once; findings stay open while it cannot be seen; resolved when it works again', () => {
    step(skimmed());
    const err = record(PAGE, { verdict: 'error', error: { code: 'refused', message: 'connection refused' } });
    expect(step(err)).toEqual({ opened: ['failing error'], resolved: [] });
    expect(step(err)).toEqual({ opened: [], resolved: [] });
    const back = step(skimmed());
    expect(back.resolved).toEqual(['failing']);
    expect(back.opened).toEqual([]);
  });

  it('an interrupted target neither opens nor resolves anything', () => {
    step(skimmed());
    const cut = record(PAGE, { verdict: 'error', error: { code: 'interrupted', message: 'SIGTERM' } });
    expect(step(cut)).toEqual({ opened: [], resolved: [] });
  });

  it('with a baseline, scripts and destinations come from drift findings', () => {
    const rec = record(PAGE, {
      scripts: [{ url: LIB, source: 'ok()' }, { url: 'https://widgets.example/w.js', source: 'w()' }], requests: ['https://widgets.example/w.js'],
      findings: [
        { ...finding('baseline-new-script', 'medium', 'https://widgets.example/w.js'), script: { url: 'https://widgets.example/w.js', sha256: '' } },
        { ...finding('baseline-new-destination', 'high', null, ''), evidence: { site: 'widgets.example' } },
      ],
    });
    rec.rec.findings[0]!.script!.sha256 = rec.rec.scripts[1]!.sha256;
    const r = step(rec, { baseline: true });
    expect(r.opened).toEqual(['destination-new widgets.example', 'script-new https://widgets.example/w.js', 'verdict suspicious']);
  });

  it('payload: versioned, with the changes; Slack text names the page and verdict', () => {
    step(clean());
    const cur = skimmed();
    const ev = evaluateAlerts({ current: cur.rec, changes: compareRecords(clean().rec, cur.rec), open: [], threshold: 'high', baseline: false });
    const p = buildPayload({ run: { id: 7, group: 'g', startedAt: 'x' }, target: cur.rec, previousVerdict: 'clean', opened: ev.open, resolved: [] });
    expect(p).toMatchObject({ payloadVersion: 1, event: 'alert', run: { id: 7 }, target: { url: PAGE, verdict: 'compromised', previousVerdict: 'clean' } });
    expect(slackMessage(p).text).toMatch(/skimscan: https:\/\/shop\.example\/checkout\* is \*compromised\* \(was clean\)/);
  });
});

describe('signature', () => {
  it('is HMAC-SHA256 over timestamp + "." + body and verifies within the tolerance', () => {
    const sig = signature('s3cret', '1700000000', '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', '1700000000', '{"a":1}', sig, { nowMs: 1_700_000_010_000 })).toBe(true);
    expect(verifySignature('s3cret', '1700000000', '{"a":2}', sig, { nowMs: 1_700_000_010_000 })).toBe(false);
    expect(verifySignature('other', '1700000000', '{"a":1}', sig, { nowMs: 1_700_000_010_000 })).toBe(false);
    expect(verifySignature('s3cret', '1700000000', '{"a":1}', sig, { nowMs: 1_700_001_000_000 })).toBe(false);
  });
});

describe('channels and delivery', () => {
  let server: http.Server;
  let port: number;
  let answers: number[];
  let received: Array<{ headers: http.IncomingHttpHeaders; body: string; status: number }>;
  beforeEach(async () => {
    answers = [];
    received = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const status = answers.shift() ?? 200;
        received.push({ headers: req.headers, body, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  function queue(): void {
    step(clean());
    step(skimmed());
  }

  it('retries a webhook that answers 500 twice and stores every attempt; the signature verifies', async () => {
    answers = [500, 500, 200];
    const channels = buildChannels([{ type: 'webhook', name: 'hook', url: `http://127.0.0.1:${port}/hook`, secretEnv: 'HOOK_SECRET' }], { HOOK_SECRET: 'k3y' });
    const d = new Dispatcher(db, channels, { retries: 4, backoffMs: 20, maxBackoffMs: 100 });
    queue();
    expect(await d.drain(5000)).toBe(true);
    await d.stop();
    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    const ids = new Set(received.map((r) => r.headers['x-skimscan-delivery']));
    expect(ids.size).toBe(1);
    for (const r of received) {
      expect(verifySignature('k3y', String(r.headers['x-skimscan-timestamp']), r.body, String(r.headers['x-skimscan-signature']))).toBe(true);
    }
    expect((JSON.parse(received[2]!.body) as AlertPayload).target.verdict).toBe('compromised');
    expect(db.attempts().map((a) => [a.attempt, a.ok, a.status])).toEqual([[1, false, 500], [2, false, 500], [3, true, 200]]);
    expect(db.pendingDeliveries()).toBe(0);
  });

  it('gives up after the retries on an unreachable webhook, without throwing', async () => {
    const channels = buildChannels([{ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/hook', timeoutMs: 500 }]);
    const d = new Dispatcher(db, channels, { retries: 2, backoffMs: 10, maxBackoffMs: 50 });
    queue();
    expect(await d.drain(5000)).toBe(true);
    await d.stop();
    const attempts = db.attempts();
    expect(attempts.map((a) => a.ok)).toEqual([false, false, false]);
    expect(attempts[0]!.error).toMatch(/network error|timed out/);
    expect(attempts[0]!.error).not.toContain('127.0.0.1');
    expect(db.db.prepare(`SELECT state FROM deliveries`).pluck().all()).toEqual(['failed']);
  });

  it('a missing secret environment variable is a usage error naming the variable, never a value', () => {
    expect(() => buildChannels([{ type: 'webhook', url: 'http://127.0.0.1:1/', secretEnv: 'NOPE_SECRET' }], {})).toThrow(/NOPE_SECRET is not set/);
    expect(() => buildChannels([{ type: 'slack', urlEnv: 'SLACK_URL' }], {})).toThrow(/SLACK_URL is not set/);
  });

  it('Slack channel posts text; the command hook gets the JSON on stdin', async () => {
    const out = join(dir, 'hook.json');
    const channels = [
      ...buildChannels([{ type: 'slack', name: 'hook', urlEnv: 'SLACK_URL' }], { SLACK_URL: `http://127.0.0.1:${port}/slack` }),
    ];
    const d = new Dispatcher(db, channels, { retries: 0, backoffMs: 10, maxBackoffMs: 10 });
    queue();
    await d.drain(5000);
    await d.stop();
    expect(JSON.parse(received[0]!.body).text).toContain('compromised');
    const cmd = commandChannel({ type: 'command', command: ['sh', '-c', `cat > ${out}`] }, 'cmd');
    const p = db.events()[0]!.payload;
    const body = JSON.stringify(p);
    expect(await cmd.send(p as AlertPayload, body)).toEqual({ ok: true, status: 0, error: null });
    expect(JSON.parse(readFileSync(out, 'utf8')).target.url).toBe(PAGE);
    const bad = commandChannel({ type: 'command', command: ['sh', '-c', 'echo nope >&2; exit 3'] }, 'bad');
    expect(await bad.send(p as AlertPayload, body)).toMatchObject({ ok: false, status: 3, error: 'exited 3: nope' });
  });

  it('backoff doubles up to the cap', () => {
    const p = { retries: 5, backoffMs: 1000, maxBackoffMs: 5000 };
    expect([1, 2, 3, 4].map((a) => backoffFor(p, a))).toEqual([1000, 2000, 4000, 5000]);
  });
});

// Keeps the type import used when tests are pruned.
export type { TargetRecord };
