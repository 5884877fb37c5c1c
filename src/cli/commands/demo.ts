import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { startFixtureServer } from '../../fixture-server/index.js';
import { findSitesDir, loadExpectations, type SiteExpectation } from '../../demo/replica.js';
import { runScan } from '../../scan.js';
import { builtInProcessors } from '../../verdict/processors.js';
import { oneLine } from '../../report/console.js';
import type { TargetResult } from '../../report/types.js';
import { addArtifacts, emptyExtras, writeOutputs } from './scan.js';
import type { CliIO } from '../io.js';
import { positiveInt } from '../options.js';

/** The demo's stand-in processor: hosted fields and API of a payment processor, on a fixture host. */
export const DEMO_PROCESSORS = ['payproc.example', '*.payproc.example'];

export function registerDemo(program: Command, io: CliIO): void {
  program.command('demo')
    .description('replay the 2019 Click2Gov breach of nine cities on loopback and catch it')
    .option('--out <dir>', 'where the reports go', 'skimscan-demo')
    .option('--chrome <path>', 'Chrome or Chromium executable')
    .option('--concurrency <n>', 'sites scanned at once', positiveInt('--concurrency', 1, 32), 2)
    .option('--timeout <ms>', 'budget per site in ms', positiveInt('--timeout', 1000, 600_000), 20_000)
    .action(async (flags: { out: string; chrome?: string; concurrency: number; timeout: number }) => {
      const sitesDir = findSitesDir();
      const sites = loadExpectations(sitesDir);
      const server = await startFixtureServer({ sitesDir });
      const { Analyzer, RULES_VERSION, RULES } = await import('../../analyse/index.js');
      const extras = emptyExtras(RULES.map((r) => r.meta), 'high');
    const analyzer = new Analyzer();
      io.stdout(`Serving ${sites.length} replica sites on 127.0.0.1:${server.port}; Chromium is contained (--offline).\n\n`);
      try {
        const report = await runScan({
          targets: sites.map((s) => `${server.origin(s.host)}${s.scanPath}`),
          concurrency: flags.concurrency,
          launch: {
            chromePath: flags.chrome, offline: true, ignoreHttpsErrors: true,
            resolve: [{ hostGlob: '*.example', address: '127.0.0.1', port: server.port }, { hostGlob: '*.test', address: '127.0.0.1', port: server.port }],
          },
          scan: { timeoutMs: flags.timeout, quietMs: 1000, probe: true },
          analyse: (input) => analyzer.analyse(input),
          rulesVersion: RULES_VERSION,
          allowedProcessors: [...builtInProcessors(), ...DEMO_PROCESSORS],
          reportOptions: { offline: true, ignoreHttpsErrors: true, demo: true, timeoutMs: flags.timeout },
          log: { info: () => {}, warn: (m) => io.stderr(`skimscan: ${m}\n`), debug: () => {} },
          onArtifacts: (a, i) => addArtifacts(extras, a, i),
        });
        const rows = sites.map((site, i) => judgeRow(site, report.targets[i]!));
        io.stdout(renderTable(rows));
        const out = resolve(flags.out);
        await writeOutputs(report, { out, format: ['json', 'html', 'md'], probe: true }, io, () => {}, extras);
        const failed = rows.filter((r) => r.outcome === 'WRONG');
        io.stdout(`\n${rows.length - failed.length}/${rows.length} sites got their expected verdict.\n` +
          `JSON report: ${join(out, 'skimscan.json')}\nHTML report: ${join(out, 'report.html')}\nMarkdown summary: ${join(out, 'summary.md')}\n`);
        io.setExitCode(failed.length ? 1 : 0);
      } finally {
        await analyzer.close();
        await server.close();
      }
    });
}

interface Row { site: SiteExpectation; result: TargetResult; outcome: 'ok' | 'WRONG' }

function judgeRow(site: SiteExpectation, result: TargetResult): Row {
  return { site, result, outcome: result.verdict === site.verdict ? 'ok' : 'WRONG' };
}

function renderTable(rows: Row[]): string {
  const lines = rows.map(({ site, result, outcome }) => {
    const top = result.findings[0];
    const main = result.error && result.verdict === 'error' ? `${result.error.code}: ${result.error.message}`
      : top ? `${top.ruleId}: ${top.message}` : '-';
    return [site.city.padEnd(22), site.host.padEnd(30), site.variant.padEnd(7), result.verdict.padEnd(12),
      `${site.verdict.padEnd(12)}${outcome.padEnd(8)}`, oneLine(main, 90)].join(' ');
  });
  const head = ['City'.padEnd(22), 'Host'.padEnd(30), 'Variant', 'Verdict'.padEnd(12), 'Expected'.padEnd(12) + 'Result'.padEnd(8), 'Main finding'].join(' ');
  return `${head}\n${'-'.repeat(head.length + 40)}\n${lines.join('\n')}\n`;
}
