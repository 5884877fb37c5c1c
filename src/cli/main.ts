import { Command, CommanderError } from 'commander';
import { SkimscanError, errorMessage } from '../errors.js';
import { VERSION } from '../version.js';
import { guardStdio, processIO, type CliIO } from './io.js';
import { EXIT } from './exit.js';
import { registerJudge, registerScan } from './commands/scan.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerDemo } from './commands/demo.js';
import { registerBaseline } from './commands/baseline.js';
import { registerCsp } from './commands/csp.js';
import { registerInventory } from './commands/inventory.js';
import { registerWatch } from './commands/watch.js';
import { registerHistory } from './commands/history.js';
import { registerEnqueue } from './commands/enqueue.js';
import { registerWorker } from './commands/worker.js';
import { registerCollect } from './commands/collect.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('skimscan')
    .description('find payment-page skimmers (Magecart / formjacking)')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`skimscan: ${s.replace(/^error: /, '').trim()}\n`),
    });
  registerScan(program, io);
  registerJudge(program, io);
  registerAnalyze(program, { stdout: io.stdout, stderr: io.stderr, setExitCode: io.setExitCode });
  registerDemo(program, io);
  registerBaseline(program, io);
  registerCsp(program, io);
  registerInventory(program, io);
  registerWatch(program, io);
  registerHistory(program, io);
  registerEnqueue(program, io);
  registerWorker(program, io);
  registerCollect(program, io);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`skimscan ${cmd.name()}: ${s.replace(/^error: /, '').trim()}\n`),
    });
  }
  return program;
}

/** Parses argv and runs; every failure becomes one line on stderr and an exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<void> {
  if (io === processIO) guardStdio();
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      io.setExitCode(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
      return;
    }
    const message = errorMessage(err).split('\n')[0];
    io.stderr(`skimscan: ${message}\n`);
    io.setExitCode(err instanceof SkimscanError ? EXIT.usage : EXIT.usage);
    if (!(err instanceof SkimscanError) && io.env.SKIMSCAN_DEBUG) io.stderr(`${(err as Error).stack}\n`);
  }
}
