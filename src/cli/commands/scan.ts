import type { Command } from 'commander';
import { join } from 'node:path';
import type { Severity } from '../../artifacts/types.js';
import { runScan } from '../../scan.js';
import { judgeTarget } from '../../verdict/index.js';
import { builtInProcessors } from '../../verdict/processors.js';
import { loadArtifacts } from '../../artifacts/store.js';
import { buildReport, renderJson } from '../../report/json.js';
import { summaryLine } from '../../report/console.js';
import type { ScanReport } from '../../report/types.js';
import type { RenderContext, RuleDoc } from '../../report/index.js';
import { renderSarif } from '../../report/sarif.js';
import { renderJunit } from '../../report/junit.js';
import { harFileName, renderHar } from '../../report/har.js';
import { renderHtml } from '../../report/html.js';
import { renderMarkdown } from '../../report/markdown.js';
import { Progress } from '../../report/progress.js';
import type { TargetArtifacts } from '../../artifacts/types.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { UsageError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { loadConfig, type Config } from '../config.js';
import { judgeHooks } from '../judge-hooks.js';
import { DRIFT_AND_POLICY_RULE_DOCS } from '../../policy/rule-docs.js';
import { exitCodeFor } from '../exit.js';
import { addBrowserOptions } from '../gather.js';
import { watchSignals } from '../signals.js';
import type { CliIO } from '../io.js';
import {
  checkFormats, collect, failOnLevel, parseHeaders, readTargets, reportPath, resolveRules, type ScanFlags,
} from '../options.js';

export function addOutputOptions(cmd: Command, { withConfig = true } = {}): Command {
  cmd
    .option('--json <file|->', 'write the JSON report to FILE, or - for stdout', reportPath)
    .option('--out <dir>', 'write reports into DIR with fixed names (skimscan.json, …)')
    .option('--format <format>', 'report format for --out (json|sarif|junit|har|html|md); repeatable', collect)
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this (critical|high|medium|low|info|none)', failOnLevel)
    .option('--quiet', 'print only warnings and the final summary')
    .option('--verbose', 'also print each target as it starts, collector notes and debug messages');
  if (withConfig) cmd.option('--config <file>', 'config file (default: ./skimscan.config.json when present)');
  return cmd;
}

export function registerScan(program: Command, io: CliIO): void {
  const cmd = program.command('scan')
    .description('scan payment pages in headless Chromium')
    .argument('[url...]', 'pages to scan (http or https)');
  addBrowserOptions(cmd)
    .option('--iocs <file>', 'known skimmer domains and script hashes (replaces the built-in list)')
    .option('--save-artifacts <dir>', 'save the raw artifacts for `skimscan judge`')
    .option('--baseline <dir>', 'add drift findings against a baseline written by `skimscan baseline`');
  addOutputOptions(cmd, { withConfig: false });
  cmd.action(async (urls: string[], flags: ScanFlags & { quietWindow?: number }) => {
    checkFormats(flags.format);
    const config = await loadConfig(flags.config);
    const targets = await readTargets(urls, flags.targets);
    const failOn = flags.failOn ?? config.scan?.failOn ?? 'high';
    const offline = flags.offline ?? config.scan?.offline ?? false;
    const ignoreHttpsErrors = flags.ignoreHttpsErrors ?? config.scan?.ignoreHttpsErrors ?? false;
    const timeoutMs = flags.timeout ?? config.scan?.timeout ?? 30_000;
    const concurrency = flags.concurrency ?? config.scan?.concurrency ?? 2;
    const quietMs = flags.quietWindow ?? config.scan?.quietMs ?? 1000;
    const resolve = resolveRules(flags.resolve, config);
    const headers = parseHeaders(flags.header, config.scan?.headers);
    const allowedProcessors = [...builtInProcessors(), ...(config.allowedProcessors ?? [])];
    const human = humanOut(io, flags.json);
    const { Analyzer, RULES_VERSION, RULES } = await import('../../analyse/index.js');
    // Loaded before the analyser starts its workers, so a bad baseline leaves nothing running.
    const judge = await judgeHooks(config, flags.baseline, (input) => analyzer.analyse(input));
    const analyzer = new Analyzer({ iocsFile: flags.iocs });
    const progress = progressFor(io, flags, human, targets.length);
    const extras = emptyExtras([...RULES.map((r) => r.meta), ...DRIFT_AND_POLICY_RULE_DOCS], failOn);
    const interrupt = watchSignals((name) => progress.warn(`${name}: finishing the report with the targets done so far`));
    let report: ScanReport;
    try {
      report = await runScan({
        targets, concurrency, signal: interrupt.signal,
        launch: { chromePath: flags.chrome, resolve, offline, ignoreHttpsErrors, proxy: flags.proxy },
        scan: {
          timeoutMs, quietMs, headers, cookies: flags.cookie, device: flags.device ?? 'desktop',
          probe: flags.probe && (config.scan?.probe ?? true), clicks: flags.click, allowSubmit: flags.allowSubmit ?? false,
        },
        analyse: (input) => analyzer.analyse(input),
        rulesVersion: RULES_VERSION,
        allowedProcessors, judge,
        saveArtifactsDir: flags.saveArtifacts,
        reportOptions: {
          ignoreHttpsErrors, offline, timeoutMs, concurrency, quietMs, probe: flags.probe && (config.scan?.probe ?? true),
          failOn, device: flags.device ?? 'desktop', resolve: resolve.map((r) => `${r.hostGlob}=${r.address}${r.port ? `:${r.port}` : ''}`),
          proxy: flags.proxy ?? null, headers: Object.keys(headers),
        },
        log: { info: (m) => progress.info(m), warn: (m) => progress.warn(m), debug: (m) => progress.debug(m) },
        onStart: (url, i) => progress.start(i, url),
        onArtifacts: (a, i) => addArtifacts(extras, a, i),
        onResult: (t, i) => progress.done(t, i),
      });
    } finally {
      interrupt.dispose();
      progress.finish();
      await analyzer.close();
    }
    await writeOutputs(report, flags, io, human, extras);
    io.setExitCode(interrupt.exitCode() ?? exitCodeFor(report, failOn));
  });
}

export function registerJudge(program: Command, io: CliIO): void {
  const cmd = program.command('judge')
    .description('re-judge artifacts saved with --save-artifacts, without a browser')
    .argument('<dir>', 'directory written by scan --save-artifacts')
    .option('--iocs <file>', 'known skimmer domains and script hashes')
    .option('--baseline <dir>', 'add drift findings against a baseline written by `skimscan baseline`');
  addOutputOptions(cmd);
  cmd.action(async (dir: string, flags: ScanFlags) => {
    checkFormats(flags.format);
    const config = await loadConfig(flags.config);
    const { run, targets } = await loadArtifacts(dir);
    const failOn = flags.failOn ?? (run.options.failOn as Severity | 'none' | undefined) ?? config.scan?.failOn ?? 'high';
    const allowedProcessors = [...builtInProcessors(), ...(config.allowedProcessors ?? [])];
    const { Analyzer, RULES_VERSION, RULES } = await import('../../analyse/index.js');
    // Loaded before the analyser starts its workers, so a bad baseline leaves nothing running.
    const judge = await judgeHooks(config, flags.baseline, (input) => analyzer.analyse(input));
    const analyzer = new Analyzer({ iocsFile: flags.iocs });
    const human = humanOut(io, flags.json);
    const progress = progressFor(io, flags, human, targets.length);
    const extras = emptyExtras([...RULES.map((r) => r.meta), ...DRIFT_AND_POLICY_RULE_DOCS], failOn);
    try {
      const results = [];
      for (const [i, t] of targets.entries()) {
        progress.start(i, t.url);
        addArtifacts(extras, t, i);
        const r = await judgeTarget(t, { analyse: (input) => analyzer.analyse(input), allowedProcessors, ...judge });
        progress.done(r, i);
        results.push(r);
      }
      progress.finish();
      const report = buildReport({
        tool: { name: 'skimscan', version: VERSION, rulesVersion: RULES_VERSION }, browser: run.browser,
        options: run.options, startedAt: run.startedAt, finishedAt: run.finishedAt, targets: results,
      });
      await writeOutputs(report, flags, io, human, extras);
      io.setExitCode(exitCodeFor(report, failOn));
    } finally {
      await analyzer.close();
    }
  });
}

/** With `--json -` stdout carries JSON only, so everything for people goes to stderr. */
function humanOut(io: CliIO, json: string | undefined): (s: string) => void {
  return json === '-' ? io.stderr : io.stdout;
}

function progressFor(io: CliIO, flags: ScanFlags, human: (s: string) => void, total: number): Progress {
  return new Progress({
    total, out: human, err: io.stderr, tty: io.isTTY, color: io.isTTY && !io.env.NO_COLOR,
    quiet: flags.quiet, verbose: flags.verbose, columns: Number(io.env.COLUMNS) || process.stderr.columns || 80,
  });
}

/** What reports need beyond the JSON report: sources for code excerpts, screenshots, times. */
export function emptyExtras(rules: RuleDoc[], failOn: Severity | 'none'): Required<Pick<RenderContext, 'sources' | 'screenshots' | 'startedAt' | 'durationsMs' | 'rules' | 'failOn'>> {
  return {
    sources: {}, screenshots: [], startedAt: [], durationsMs: [], failOn,
    rules: rules.map((r) => ({ id: r.id, severity: r.severity, description: r.description, review: r.review })),
  };
}

export function addArtifacts(extras: ReturnType<typeof emptyExtras>, a: TargetArtifacts, i: number): void {
  Object.assign(extras.sources, a.sources);
  extras.screenshots[i] = a.dom?.screenshot ?? null;
  extras.startedAt[i] = a.startedAt;
  const ms = Date.parse(a.finishedAt) - Date.parse(a.startedAt);
  extras.durationsMs[i] = Number.isFinite(ms) ? ms : null;
}

/** `--out DIR` names (DESIGN.md): fixed, so CI steps can point at them. */
export const OUT_FILES = { json: 'skimscan.json', sarif: 'skimscan.sarif', junit: 'junit.xml', html: 'report.html', md: 'summary.md' } as const;

export async function writeOutputs(report: ScanReport, flags: ScanFlags, io: CliIO, human: (s: string) => void, ctx: RenderContext = {}): Promise<void> {
  human(`${summaryLine(report)}\n`);
  if (flags.json === '-') io.stdout(renderJson(report));
  else if (flags.json) {
    await writeFileAtomic(flags.json, renderJson(report));
    human(`JSON report: ${flags.json}\n`);
  }
  if (flags.format?.length && !flags.out) io.stderr('skimscan: --format chooses what --out DIR holds; no --out given, so only --json is written\n');
  if (flags.out) {
    const formats = new Set(flags.format?.length ? flags.format : ['json']);
    const written: string[] = [];
    const put = async (name: string, text: string) => {
      await writeFileAtomic(join(flags.out!, name), text);
      written.push(name);
    };
    if (formats.has('json')) await put(OUT_FILES.json, renderJson(report));
    if (formats.has('sarif')) await put(OUT_FILES.sarif, renderSarif(report, ctx));
    if (formats.has('junit')) await put(OUT_FILES.junit, renderJunit(report, ctx));
    if (formats.has('har')) {
      for (const [i, t] of report.targets.entries()) await put(join('har', harFileName(t, i)), renderHar(report, i, ctx));
    }
    if (formats.has('html')) await put(OUT_FILES.html, renderHtml(report, ctx));
    if (formats.has('md')) await put(OUT_FILES.md, renderMarkdown(report, ctx));
    human(`reports written to ${flags.out}: ${written.length > 4 ? `${written.slice(0, 4).join(', ')}, … (${written.length} files)` : written.join(', ')}\n`);
  }
}
