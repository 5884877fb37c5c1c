// `skimscan analyze FILE|DIR... [--json FILE|-] [--fail-on SEVERITY|none] [--iocs FILE] [--max-bytes N]`
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { SEVERITIES, type Severity } from '../../artifacts/types.js';
import { reportPath } from '../options.js';

export interface AnalyzeIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  setExitCode: (n: number) => void;
}

interface Flags {
  json?: string;
  failOn: Severity | 'none';
  iocs?: string;
  maxBytes?: number;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

function parseFailOn(v: string): Severity | 'none' {
  if (v === 'none' || (SEVERITIES as readonly string[]).includes(v)) return v as Severity | 'none';
  throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}, none`);
}

function parseBytes(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of bytes');
  return n;
}

export function registerAnalyze(program: Command, io: AnalyzeIO): void {
  program
    .command('analyze')
    .description('static analysis of .js, .mjs and .html files or directories (no browser)')
    .argument('<paths...>', 'files or directories (searched recursively)')
    .option('--json <file>', 'write the JSON report to FILE, or - for stdout', reportPath)
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (or none)', parseFailOn, 'high')
    .option('--iocs <file>', 'known skimmer domains and script hashes (replaces data/iocs.json)')
    .option('--max-bytes <n>', 'skip files larger than N bytes with a per-file error', parseBytes)
    .action(async (paths: string[], flags: Flags) => {
      const { analyzeFiles } = await import('../../analyse/index.js');
      const { contextualise } = await import('../../verdict/index.js');
      const { builtInProcessors } = await import('../../verdict/processors.js');
      // no page here: card data sent to a well-known processor is what a tokenising checkout does
      const processors = builtInProcessors();
      const report = await analyzeFiles(paths, { maxBytes: flags.maxBytes, iocs: flags.iocs, context: (f) => contextualise(f, null, processors) });
      const human = flags.json === '-' ? io.stderr : io.stdout;
      for (const f of report.files) {
        if (f.error) {
          human(`error        ${f.path}: ${f.error.message}\n`);
          continue;
        }
        const top = f.findings.filter((x) => RANK[x.severity] >= RANK.medium).slice(0, 3);
        human(`${f.verdict.padEnd(12)} ${f.path}${f.parseError ? ' (syntax error)' : ''}\n`);
        for (const x of top) human(`  ${x.severity.padEnd(8)} ${x.ruleId} ${x.line}:${x.column} ${x.message}\n`);
      }
      const s = report.summary;
      human(`${s.files} files: ${s.compromised} compromised, ${s.suspicious} suspicious, ${s.clean} clean, ${s.error} error\n`);
      if (flags.json !== undefined) {
        const text = JSON.stringify(report, null, 2) + '\n';
        if (flags.json === '-') io.stdout(text);
        else await writeFile(flags.json, text);
      }
      const failOn = flags.failOn;
      const failed = failOn !== 'none' && report.files.some((f) => f.findings.some((x) => RANK[x.severity] >= RANK[failOn]));
      io.setExitCode(failed ? 1 : s.error > 0 ? 2 : 0);
    });
}
