// skimscan baseline URL... --out DIR      record what each page loads and contacts
// skimscan baseline --update DIR [URL...] accept the current state after review
import { Command } from 'commander';
import type { TargetArtifacts } from '../../artifacts/types.js';
import { UsageError } from '../../errors.js';
import { builtInProcessors } from '../../verdict/processors.js';
import { baselineExists, buildPage, emptyBaseline, findPage, loadBaseline, pageKey, saveBaseline, withPages, type BaselinePage } from '../../baseline/index.js';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';
import { readTargets } from '../options.js';
import { parseTargetUrl } from '../targets.js';
import { addBrowserOptions, analyseAll, gatherArtifacts, nothingCaptured, type BrowserFlags } from '../gather.js';

interface BaselineFlags extends BrowserFlags {
  out?: string;
  update?: string;
}

export function registerBaseline(program: Command, io: CliIO): void {
  const cmd = program.command('baseline')
    .description('record (or, after review, update) what pages load and contact, for `scan --baseline DIR`')
    .argument('[url...]', 'pages to record (http or https)')
    .option('--out <dir>', 'write a new baseline into DIR')
    .option('--update <dir>', 'accept the current state of the pages in DIR (and of any URLs given)');
  addBrowserOptions(cmd);
  cmd.action(async (urls: string[], flags: BaselineFlags) => {
    if (!!flags.out === !!flags.update) throw new UsageError('baseline: give either --out DIR (new baseline) or --update DIR (accept the current state)');
    const dir = (flags.out ?? flags.update)!;
    const config = await loadConfig(flags.config);
    const now = new Date().toISOString();
    let base = emptyBaseline(now);
    let targets: string[];
    if (flags.update) {
      base = await loadBaseline(dir);
      const extra = urls.length || flags.targets ? await readTargets(urls, flags.targets) : [];
      targets = [...new Set([...base.pages.map((p) => p.url), ...extra])];
      if (!targets.length) throw new UsageError(`baseline --update ${dir}: the baseline has no pages; give URLs`);
    } else {
      if (await baselineExists(dir)) throw new UsageError(`baseline --out ${dir}: a baseline is already there; review drift with scan --baseline ${dir}, then accept it with --update ${dir}`);
      targets = await readTargets(urls, flags.targets);
    }
    targets.forEach((t) => parseTargetUrl(t));

    const { browser, artifacts } = await gatherArtifacts(targets, flags, config, io);
    const { Analyzer } = await import('../../analyse/index.js');
    const analyzer = new Analyzer({});
    const processors = [...builtInProcessors(), ...(config.allowedProcessors ?? [])];
    const pages: BaselinePage[] = [];
    const sources: Record<string, string> = {};
    let failed = 0;
    try {
      const analyses = await analyseAll(artifacts, (i) => analyzer.analyse(i));
      for (const a of artifacts) {
        if (nothingCaptured(a)) {
          failed++;
          io.stderr(`skimscan: ${a.url}: not recorded: ${a.fatal!.code}: ${a.fatal!.message}\n`);
          continue;
        }
        if (a.fatal) io.stderr(`skimscan: ${a.url}: recorded from a partial load (${a.fatal.code}); review it\n`);
        const previous = findPage(base, pageKey(a.url));
        const built = buildPage(a, { now, analyses, processors }, previous);
        pages.push(built.page);
        Object.assign(sources, built.sources);
        io.stdout(`${describe(a, built.page, previous)}\n`);
      }
    } finally {
      await analyzer.close();
    }
    if (pages.length) await saveBaseline(dir, withPages(base, pages, now), sources);
    io.stdout(`${flags.update ? 'baseline updated' : 'baseline written'}: ${dir} (${pages.length} page${pages.length === 1 ? '' : 's'}; ${browser})\n`);
    io.setExitCode(failed ? EXIT.usage : EXIT.ok);
  });
}

function describe(a: TargetArtifacts, p: BaselinePage, previous: BaselinePage | undefined): string {
  const third = p.scripts.filter((s) => s.thirdParty).length;
  const head = `${previous ? 'updated' : 'recorded'} ${a.url}: ${p.scripts.length} scripts (${third} third-party), ` +
    `${p.destinations.length} destination domains, ${Object.keys(p.securityHeaders).length} security headers` +
    `${p.paymentPage ? ', payment page' : ''}`;
  if (!previous) return head;
  const changed = p.scripts.filter((s) => s.lastChanged === p.recordedAt && s.firstSeen !== p.recordedAt).length;
  const added = p.scripts.filter((s) => s.firstSeen === p.recordedAt).length;
  const removed = Math.max(0, previous.scripts.length - (p.scripts.length - added));
  return `${head}; accepted ${changed} changed, ${added} new, ${removed} removed script(s)`;
}
