import { describe, expect, it } from 'vitest';
import { mdText, renderMarkdown } from './markdown.js';
import { hostileReport } from '../../test/report/hostile-report.js';

describe('Markdown summary', () => {
  it('has a verdict table and the findings of failing targets, with page text made inert', () => {
    const md = renderMarkdown(hostileReport(), { failOn: 'high' });
    expect(md).toMatch(/^## skimscan/);
    expect(md).toContain('**1 compromised · 0 suspicious · 1 clean · 1 error**');
    expect(md).toMatch(/\| 🔴 \| compromised \|/);
    expect(md).toContain('<details open><summary>');
    expect(md).not.toMatch(/<img|<svg|<\/script|<title/i);
    expect(md).not.toMatch(/[^\\]\[[^\]]*\]\(/); // no links
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) expect(row.split(/(?<!\\)\|/).length).toBe(7);
  });

  it('escapes markdown syntax and stays under the PR comment limit', () => {
    expect(mdText('[x](javascript:alert(1)) *a* `b` <i>|')).toBe('\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\*a\\* \\`b\\` &lt;i&gt;\\|');
    const r = hostileReport();
    const many = { ...r, targets: Array.from({ length: 400 }, () => r.targets[0]!) };
    expect(renderMarkdown(many).length).toBeLessThan(65_536);
  });
});
