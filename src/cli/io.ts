/** The CLI's only way out: tests pass their own. */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  setExitCode(n: number): void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIO: CliIO = {
  stdout: (s) => { process.stdout.write(s); },
  stderr: (s) => { process.stderr.write(s); },
  setExitCode: (n) => { process.exitCode = n; },
  isTTY: !!process.stderr.isTTY,
  env: process.env,
};

/**
 * A closed pipe (`skimscan analyze dir | head`) ends the run quietly with the exit code so far;
 * any other write error is one line on stderr, never a stack trace.
 */
export function guardStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && stream === process.stdout) {
        try {
          process.stderr.write(`skimscan: cannot write output: ${e.message}\n`);
        } catch {
          /* stderr is gone too */
        }
      }
      process.exit(e.code === 'EPIPE' ? (typeof process.exitCode === 'number' ? process.exitCode : 0) : 1);
    });
  }
}
