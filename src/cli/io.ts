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
