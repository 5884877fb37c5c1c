import { describe, expect, it } from 'vitest';
import { Progress, type ProgressOptions } from './progress.js';
import { hostileReport } from '../../test/report/hostile-report.js';

function run(opts: Partial<ProgressOptions>) {
  let out = '';
  let err = '';
  const p = new Progress({ total: 2, out: (s) => { out += s; }, err: (s) => { err += s; }, tty: false, color: false, ...opts });
  const [a, b] = hostileReport().targets;
  p.start(0, a!.url);
  p.start(1, b!.url);
  p.info('launching browser');
  p.debug('attached 3 targets');
  p.done(a!, 0);
  p.warn('running as root');
  p.done(b!, 1);
  p.finish();
  return { out, err };
}

// eslint-disable-next-line no-control-regex
const ESC = /\x1b/;

describe('progress', () => {
  it('prints plain numbered lines without escape codes when not a terminal (CI, pipes)', () => {
    const { out, err } = run({});
    expect(out).toMatch(/^\[1\/2\] COMPROMISED https:\/\/shop\.example/m);
    expect(out).toMatch(/^\[2\/2\] CLEAN +https:\/\/clean\.example/m);
    expect(out + err).not.toMatch(ESC);
    expect(err).toContain('launching browser');
    expect(err).toContain('skimscan: running as root');
    expect(err).not.toContain('debug');
  });

  it('draws a live status line on a terminal and clears it before result lines', () => {
    const { out, err } = run({ tty: true, color: true });
    expect(err).toContain('\r\x1b[2K[');
    expect(err).toMatch(/scanning shop\.example, clean\.example/);
    expect(err).toMatch(/\[#{10}-{10}\] 1\/2/);
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
    expect(out).toContain('\x1b[31mCOMPROMISED');
  });

  it('respects NO_COLOR (color off), --quiet and --verbose', () => {
    expect(run({ tty: true, color: false }).out).not.toMatch(ESC);
    const quiet = run({ quiet: true, tty: true, color: true });
    expect(quiet.out).toBe('');
    expect(quiet.err).toBe('skimscan: running as root\n');
    const verbose = run({ verbose: true });
    expect(verbose.err).toMatch(/^\[1\/2\] scanning https:\/\/shop\.example/m);
    expect(verbose.err).toContain('debug: attached 3 targets');
    expect(verbose.err).toContain('note: collector dom failed');
  });

  it('never lets page text move the cursor', () => {
    const { out } = run({});
    expect(out).not.toMatch(ESC);
    expect(out.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
