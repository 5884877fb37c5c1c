// A Markdown summary for $GITHUB_STEP_SUMMARY and PR/MR comments: a verdict table and the top
// findings per target. Page text is escaped so it cannot add links, images, HTML or table cells,
// and the whole stays under a PR comment's 65,536-character limit.
import type { ScanReport } from './types.js';
import { displayScript, failing, type RenderContext } from './index.js';

const MAX_CHARS = 60_000;
const PER_TARGET = 10;

const ICON = { compromised: '🔴', suspicious: '🟠', clean: '🟢', error: '⚪' } as const;

/** Markdown-inert text: no HTML, links, images, emphasis, code spans or table breaks; one line. */
export function mdText(s: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const one = s.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ');
  const short = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return short
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~:@])/g, '\\$1');
}

export function renderMarkdown(report: ScanReport, ctx: RenderContext = {}): string {
  const s = report.summary;
  const failOn = ctx.failOn ?? 'high';
  const failed = report.targets.filter((t) => failing(t, failOn).length).length;
  const head = [
    '## skimscan',
    '',
    `**${s.compromised} compromised · ${s.suspicious} suspicious · ${s.clean} clean · ${s.error} error** (${s.targets} target${s.targets === 1 ? '' : 's'}; ${failed} at or above \`${failOn}\`)`,
    '',
    '| | verdict | target | findings | top finding |',
    '|---|---|---|---|---|',
  ];
  let tableChars = 0;
  for (const [i, t] of report.targets.entries()) {
    const top = t.findings[0];
    const why = t.verdict === 'error' && t.error ? `${t.error.code}: ${t.error.message}` : top ? `${top.severity} ${top.ruleId}` : '';
    const row = `| ${ICON[t.verdict]} | ${t.verdict}${t.partial ? ' (partial)' : ''} | ${mdText(t.url, 200)} | ${t.findings.length} | ${mdText(why, 160)} |`;
    if (tableChars + row.length > MAX_CHARS / 2) {
      head.push('', `_… and ${report.targets.length - i} more target(s): see the HTML or JSON report_`);
      break;
    }
    tableChars += row.length + 1;
    head.push(row);
  }
  head.push('');
  const body: string[] = [];
  for (const t of report.targets) {
    if (!t.findings.length) continue;
    body.push(`<details${failing(t, failOn).length ? ' open' : ''}><summary>${ICON[t.verdict]} ${mdText(t.url, 200)}: ${t.findings.length} finding(s)</summary>`, '');
    for (const f of t.findings.slice(0, PER_TARGET)) {
      const where = `${displayScript(f)}${f.line ? `:${f.line}` : ''}`;
      body.push(`- **${f.severity}** \`${f.ruleId.replace(/`/g, '')}\`: ${mdText(f.message)}  \n  ${mdText(where, 200)}`);
    }
    if (t.findings.length > PER_TARGET) body.push(`- … and ${t.findings.length - PER_TARGET} more (see the HTML or JSON report)`);
    body.push('', '</details>', '');
  }
  const foot = [`<sub>skimscan ${mdText(report.tool.version)} · rules ${mdText(report.tool.rulesVersion)} · ${mdText(report.browser ?? 'no browser')} · ${mdText(report.finishedAt)}</sub>`, ''];
  let out = [...head, ...body, ...foot].join('\n');
  if (out.length > MAX_CHARS) {
    let kept = head.join('\n');
    for (const line of body) {
      if (kept.length + line.length + 200 > MAX_CHARS) break;
      kept += `\n${line}`;
    }
    if ((kept.match(/<details/g) ?? []).length > (kept.match(/<\/details>/g) ?? []).length) kept += '\n\n</details>';
    out = `${kept}\n\n_(truncated: the full findings are in the HTML and JSON reports)_\n\n${foot.join('\n')}`;
  }
  return out;
}
