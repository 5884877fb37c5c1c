import { describe, expect, it } from 'vitest';
import { SkimscanError, UsageError } from '../errors.js';
import { parseTargetsFile, parseTargetUrl } from './targets.js';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect(e).toBeInstanceOf(SkimscanError);
    expect((e as UsageError).code).toBe('usage');
    expect((e as UsageError).name).toBe('UsageError');
    expect((e as Error).message).not.toContain('\n');
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseTargetUrl', () => {
  it.each([
    ['https://pay.dothan.example/', 'https://pay.dothan.example/'],
    ['http://pay.ames.example', 'http://pay.ames.example/'],
    ['HTTPS://Pay.Milton.Example/pay?x=1#top', 'https://pay.milton.example/pay?x=1#top'],
    ['  https://localhost:8443/a  ', 'https://localhost:8443/a'],
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9/'],
  ])('accepts %s', (input, expected) => {
    expect(parseTargetUrl(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['pay.dothan.example', /no scheme/],
    ['//pay.dothan.example/', /no scheme/],
    ['file:///etc/passwd', /scheme file: is not allowed/],
    ['javascript:alert(1)', /scheme javascript: is not allowed/],
    ['ftp://x.example/', /scheme ftp: is not allowed/],
    ['data:text/html,<b>x</b>', /scheme data: is not allowed/],
    ['chrome://settings', /scheme chrome: is not allowed/],
    ['https://', /not a valid URL|no host/],
    ['https:///path', /no host/],
    ['https://exa mple.example/', /whitespace/],
    ['https://user:pw@x.example/', /credentials/],
    ['https://[::1/', /not a valid URL/],
  ])('rejects %j', (input, problem) => {
    const e = usageError(() => parseTargetUrl(input));
    expect(e.message).toMatch(/^bad target URL: /);
    expect(e.message).toMatch(problem);
  });
});

describe('parseTargetsFile', () => {
  it('skips comments and blank lines, drops duplicates, keeps order and fragments', () => {
    const text = [
      '\uFEFF# nine cities',
      'https://pay.dothan.example/',
      '',
      '   ',
      'https://pay.ames.example/pay  # trailing comment',
      'https://PAY.DOTHAN.example', // duplicate after normalisation
      '\thttps://pay.milton.example/#frag',
      '# https://ignored.example/',
    ].join('\r\n');
    expect(parseTargetsFile(text, 'targets.txt')).toEqual([
      'https://pay.dothan.example/',
      'https://pay.ames.example/pay',
      'https://pay.milton.example/#frag',
    ]);
  });

  it('returns [] for an empty or comment-only file', () => {
    expect(parseTargetsFile('', 't.txt')).toEqual([]);
    expect(parseTargetsFile('# only\n\n', 't.txt')).toEqual([]);
  });

  it('names file:line and the problem for a bad line', () => {
    const text = '# header\nhttps://ok.example/\n\nftp://files.example/x\n';
    const e = usageError(() => parseTargetsFile(text, 'lists/targets.txt'));
    expect(e.message).toMatch(/^lists\/targets\.txt:4: /);
    expect(e.message).toContain('ftp');
    const e2 = usageError(() => parseTargetsFile('https://a.example/\npay.b.example\n', 't.txt'));
    expect(e2.message).toMatch(/^t\.txt:2: .*no scheme/);
  });
});
