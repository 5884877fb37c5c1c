// skimscan csp URL... : propose a Content-Security-Policy (and a Report-Only variant) from what
// each page was seen to load and contact.
import { Command } from 'commander';
import { proposeCsp, type CspProposal } from '../../csp/index.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit.js';
import type { CliIO } from '../io.js';
import { readTargets, reportPath } from '../options.js';
import { addBrowserOptions, gatherArtifacts, nothingCaptured, type BrowserFlags } from '../gather.js';

interface CspFlags extends BrowserFlags {
  json?: string;
  reportUri?: string;
}

export function registerCsp(program: Command, io: CliIO): void {
  const cmd = program.command('csp')
    .description('propose a Content-Security-Policy from what pages load and contact (review it: it allows what was observed)')
    .argument('[url...]', 'pages (http or https)')
    .option('--json <file|->', 'write the proposals as JSON to FILE, or - for stdout', reportPath)
    .option('--report-uri <uri>', 'report-uri of the Report-Only variant (default /csp-report)');
  addBrowserOptions(cmd);
  cmd.action(async (urls: string[], flags: CspFlags) => {
    const config = await loadConfig(flags.config);
    const targets = await readTargets(urls, flags.targets);
    const { artifacts } = await gatherArtifacts(targets, flags, config, io);
    const human = flags.json === '-' ? io.stderr : io.stdout;
    const proposals: Array<CspProposal | { url: string; error: { code: string; message: string } }> = [];
    let failed = 0;
    for (const a of artifacts) {
      if (nothingCaptured(a)) {
        failed++;
        proposals.push({ url: a.url, error: a.fatal! });
        io.stderr(`skimscan: ${a.url}: no proposal: ${a.fatal!.code}: ${a.fatal!.message}\n`);
        continue;
      }
      const p = proposeCsp(a, { reportUri: flags.reportUri });
      proposals.push(p);
      const current = a.dom?.securityHeaders['content-security-policy'];
      human(`# ${a.url}\n` + (current ? `# current: Content-Security-Policy: ${current}\n` : '# current: no Content-Security-Policy\n') +
        `Content-Security-Policy: ${p.policy}\nContent-Security-Policy-Report-Only: ${p.reportOnly}\n` +
        p.notes.map((n) => `# note: ${n}\n`).join('') + '\n');
    }
    const json = `${JSON.stringify({ proposals }, null, 2)}\n`;
    if (flags.json === '-') io.stdout(json);
    else if (flags.json) await writeFileAtomic(flags.json, json);
    io.setExitCode(failed ? EXIT.usage : EXIT.ok);
  });
}
