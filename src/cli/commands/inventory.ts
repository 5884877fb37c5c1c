// skimscan inventory URL... [--baseline DIR] --format md|csv|json : what an assessor asks to see
// for PCI DSS 4.0 6.4.3 (each payment-page script, its justification, integrity, history).
import { Command, Option } from 'commander';
import { loadBaseline, type Baseline } from '../../baseline/index.js';
import { inventoryRows, renderCsv, renderMarkdown, type InventoryRow } from '../../inventory/index.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';
import { readTargets, reportPath } from '../options.js';
import { policySettingsOf } from '../judge-hooks.js';
import { addBrowserOptions, gatherArtifacts, nothingCaptured, type BrowserFlags } from '../gather.js';

interface InventoryFlags extends BrowserFlags {
  baseline?: string;
  format: 'md' | 'csv' | 'json';
  output?: string;
  allPages?: boolean;
}

export function registerInventory(program: Command, io: CliIO): void {
  const cmd = program.command('inventory')
    .description('list each script of each payment page with its justification, integrity, first seen and last changed (PCI DSS 6.4.3)')
    .argument('[url...]', 'pages (http or https)')
    .option('--baseline <dir>', 'take first seen / last changed and hashes from this baseline')
    .addOption(new Option('--format <format>', 'md, csv or json').choices(['md', 'csv', 'json']).default('md'))
    .option('--output <file>', 'write to FILE instead of stdout', reportPath)
    .option('--all-pages', 'include pages without card fields too');
  addBrowserOptions(cmd);
  cmd.action(async (urls: string[], flags: InventoryFlags) => {
    const config = await loadConfig(flags.config);
    const targets = await readTargets(urls, flags.targets);
    const baseline: Baseline | null = flags.baseline ? await loadBaseline(flags.baseline) : null;
    const { artifacts } = await gatherArtifacts(targets, flags, config, io);
    const settings = policySettingsOf(config);
    const rows: InventoryRow[] = [];
    let failed = 0;
    for (const a of artifacts) {
      if (nothingCaptured(a)) {
        failed++;
        io.stderr(`skimscan: ${a.url}: not inventoried: ${a.fatal!.code}: ${a.fatal!.message}\n`);
        continue;
      }
      const r = inventoryRows(a, settings, baseline);
      if (!flags.allPages && r.length && !r[0]!.paymentPage) {
        io.stderr(`skimscan: ${a.url}: no card fields seen: not a payment page (use --all-pages to list it)\n`);
        continue;
      }
      rows.push(...r);
    }
    const generatedAt = new Date().toISOString();
    const text = flags.format === 'csv' ? renderCsv(rows)
      : flags.format === 'json' ? `${JSON.stringify({ generatedAt, baseline: flags.baseline ?? null, scripts: rows }, null, 2)}\n`
        : renderMarkdown(rows, { generatedAt, baseline: flags.baseline ?? null });
    if (flags.output) await writeFileAtomic(flags.output, text);
    else io.stdout(text);
    io.setExitCode(failed ? EXIT.usage : EXIT.ok);
  });
}
