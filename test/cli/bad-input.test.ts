import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'skimscan-bad-'));
const badTargets = join(dir, 'targets.txt');
writeFileSync(badTargets, '# payment pages\nhttps://pay.a.example/\n\nnot a url\n');
const badConfig = join(dir, 'bad.json');
writeFileSync(badConfig, JSON.stringify({ scan: { concurency: 3 } }));
const badJson = join(dir, 'broken.json');
writeFileSync(badJson, '{ "scan": ');
writeFileSync(join(dir, 'a.js'), 'var a = 1;');

describe('bad input: one line, exit 2, never a stack trace', () => {
  it.each([
    ['unknown flag', ['scan', '--frobnicate', 'https://a.example/'], /unknown option/],
    ['malformed URL', ['scan', 'http://'], /bad target URL/],
    ['file: scheme', ['scan', 'file:///etc/passwd'], /bad target URL/],
    ['javascript: scheme', ['scan', 'javascript:alert(1)'], /bad target URL/],
    ['ftp: scheme', ['scan', 'ftp://a.example/x'], /bad target URL/],
    ['no targets', ['scan'], /no targets/],
    ['missing targets file', ['scan', '--targets', join(dir, 'nope.txt')], /--targets .*nope\.txt/],
    ['malformed targets file', ['scan', '--targets', badTargets], /targets\.txt:4/],
    ['zero concurrency', ['scan', '--concurrency', '0', 'https://a.example/'], /--concurrency/],
    ['non-numeric timeout', ['scan', '--timeout', 'soon', 'https://a.example/'], /--timeout/],
    ['impossible timeout', ['scan', '--timeout', '99999999', 'https://a.example/'], /--timeout/],
    ['bad fail-on', ['scan', '--fail-on', 'sometimes', 'https://a.example/'], /fail-on/],
    ['bad resolve rule', ['scan', '--resolve', 'nonsense', 'https://a.example/'], /resolve/],
    ['bad header', ['scan', '--header', 'no-colon', 'https://a.example/'], /--header/],
    ['config typo', ['scan', '--config', badConfig, 'https://a.example/'], /scan\.concurency|concurency/],
    ['config not JSON', ['scan', '--config', badJson, 'https://a.example/'], /broken\.json/],
    ['missing chrome', ['scan', '--chrome', join(dir, 'no-chrome'), 'https://a.example/'], /no-chrome/],
    ['judge of a missing dir', ['judge', join(dir, 'none')], /artifacts\.json/],
    ['unknown command', ['frobnicate'], /unknown command/],
    // `--json` takes a value: written before the files it would take the first script as the report path
    ['analyze --json before the scripts', ['analyze', '--json', join(dir, 'a.js'), join(dir, 'b.js')], /a\.js is a script or page name/],
    ['scan --json to a page name', ['scan', '--json', 'checkout.html', 'https://a.example/'], /checkout\.html is a script or page name/],
  ])('%s', async (_name, args, message) => {
    const r = await runCli(args as string[], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves the script it refused to overwrite as it was', async () => {
    await runCli(['analyze', '--json', join(dir, 'a.js'), join(dir, 'b.js')], { cwd: dir });
    expect(readFileSync(join(dir, 'a.js'), 'utf8')).toBe('var a = 1;');
  });
});

describe('a reader that closes the pipe early', () => {
  it('ends quietly: no EPIPE stack trace, the exit code of the findings so far', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const skimmers = fileURLToPath(new URL('../fixtures/skimmers', import.meta.url));
    // `skimscan analyze DIR | head -c 1`: the reader takes one chunk and closes its end
    const child = spawn(process.execPath, [BIN, 'analyze', skimmers, skimmers, skimmers], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(1); // skimmers were already reported before the pipe closed
  });
});
