import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/skimscan', import.meta.url));

export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Runs the built CLI (npm test builds first) as a user would. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`skimscan ${args.join(' ')} timed out\n${stderr}`)); }, opts.timeoutMs ?? 90_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Contained-scan flags for a fixture server on `port`. */
export function containedFlags(port: number): string[] {
  return ['--offline', '--ignore-https-errors', '--resolve', `*.skimscan.test=127.0.0.1:${port}`,
    '--resolve', `*.example=127.0.0.1:${port}`];
}
