import { describe, expect, it } from 'vitest';
import { validateConfig } from '../cli/config.js';
import { groupsOf, isDue } from './groups.js';
import { combineExit } from './watcher.js';

const ok = {
  scan: { offline: true, timeout: 20000, resolve: ['*.example=127.0.0.1:8443'] },
  schedules: [
    { name: 'checkout', cron: '*/15 * * * *', timezone: 'Europe/Berlin', targets: ['https://pay.a.example/', 'https://pay.b.example/'], scan: { timeout: 45000, concurrency: 1 } },
    { name: 'fast', cron: '*/2 * * * * *', targets: ['https://pay.c.example/'], baseline: 'baselines/c' },
  ],
  alerts: {
    threshold: 'high', retries: 3, backoffMs: 500,
    channels: [
      { type: 'webhook', url: 'https://hooks.example/skimscan', secretEnv: 'SKIMSCAN_WEBHOOK_SECRET' },
      { type: 'slack', name: 'soc', urlEnv: 'SLACK_WEBHOOK_URL' },
      { type: 'command', command: ['/usr/local/bin/page-oncall', '--json'] },
    ],
  },
  history: { db: '/var/lib/skimscan/history.db', keepDays: 90 },
};

const bad = (patch: (c: any) => void): string => {
  const c = structuredClone(ok) as any;
  patch(c);
  try {
    validateConfig(c, 'cfg.json');
  } catch (e) {
    return (e as Error).message;
  }
  return 'valid';
};

describe('config: schedules, alerts, history', () => {
  it('accepts a full config', () => {
    expect(bad(() => {})).toBe('valid');
  });

  it('names the key path of each problem', () => {
    expect(bad((c) => { c.schedules[0].cron = 'every day'; })).toMatch(/^config cfg\.json: schedules\[0\]\.cron: not a valid cron expression/);
    expect(bad((c) => { c.schedules[0].timezone = 'Mars/Olympus'; })).toMatch(/schedules\[0\]\.timezone: unknown time zone/);
    expect(bad((c) => { c.schedules[1].targets = ['ftp://x.example/']; })).toMatch(/schedules\[1\]\.targets\[0\]: /);
    expect(bad((c) => { c.schedules[1].targets = []; })).toMatch(/schedules\[1\]\.targets: expected at least one target/);
    expect(bad((c) => { c.schedules[0].crn = c.schedules[0].cron; delete c.schedules[0].cron; })).toMatch(/schedules\[0\]\.crn: unknown key; did you mean "cron"\?/);
    expect(bad((c) => { c.schedules[1].name = 'checkout'; })).toMatch(/schedules: two schedules are named "checkout"/);
    expect(bad((c) => { c.schedules[0].scan.timout = 1; })).toMatch(/schedules\[0\]\.scan\.timout: unknown key; did you mean "timeout"\?/);
    expect(bad((c) => { c.alerts.channels[0].secret = 'x'; })).toMatch(/alerts\.channels\[0\]\.secret: unknown key/);
    expect(bad((c) => { c.alerts.channels[1].url = 'https://hooks.slack.example/x'; })).toMatch(/alerts\.channels\[1\]: expected exactly one of url, urlEnv/);
    expect(bad((c) => { c.alerts.channels[0].secretEnv = 'my secret'; })).toMatch(/alerts\.channels\[0\]\.secretEnv: expected the name of an environment variable/);
    expect(bad((c) => { c.alerts.channels[2].type = 'email'; })).toMatch(/alerts\.channels\[2\]/);
    expect(bad((c) => { c.alerts.threshold = 'severe'; })).toMatch(/alerts\.threshold: expected one of critical/);
    expect(bad((c) => { c.history.keepDays = 0; })).toMatch(/history\.keepDays: expected an integer from 1/);
  });

  it('groups take their scan options over the top-level ones', () => {
    const groups = groupsOf(validateConfig(ok, 'cfg.json'));
    expect(groups.map((g) => g.name)).toEqual(['checkout', 'fast']);
    expect(groups[0]).toMatchObject({ concurrency: 1, scan: { timeoutMs: 45000, screenshot: false }, launch: { offline: true }, timezone: 'Europe/Berlin' });
    expect(groups[0]!.launch.resolve).toEqual([{ hostGlob: '*.example', address: '127.0.0.1', port: 8443 }]);
    expect(groups[1]).toMatchObject({ concurrency: 2, scan: { timeoutMs: 20000 }, baselineDir: 'baselines/c' });
    expect(() => groupsOf(validateConfig({}, 'x'))).toThrow(/no "schedules"/);
    expect(() => groupsOf(validateConfig(ok, 'x'), { only: ['nope'] })).toThrow(/--group nope/);
  });

  it('a group is due when it never completed a run or its schedule fired since, in its time zone', () => {
    const g = { cron: '0 9 * * *', timezone: 'America/New_York' };
    expect(isDue(g, null)).toBe(true);
    // 09:00 New York (EST, UTC-5) is 14:00 UTC.
    expect(isDue(g, { startedAt: '2026-01-10T14:30:00Z' }, new Date('2026-01-11T13:59:00Z'))).toBe(false);
    expect(isDue(g, { startedAt: '2026-01-10T14:30:00Z' }, new Date('2026-01-11T14:00:01Z'))).toBe(true);
    expect(isDue({ cron: '0 9 * * *', timezone: 'UTC' }, { startedAt: '2026-01-10T14:30:00Z' }, new Date('2026-01-11T09:00:01Z'))).toBe(true);
  });

  it('exit codes over several runs: 1 wins, then 2, else 0', () => {
    expect(combineExit([])).toBe(0);
    expect(combineExit([0, 2, 1])).toBe(1);
    expect(combineExit([0, 2])).toBe(2);
  });
});
