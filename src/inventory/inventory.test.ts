import { describe, expect, it } from 'vitest';
import type { ScriptAnalysis } from '../analyse/types.js';
import { artifacts, fakeAnalyse } from '../baseline/test-artifacts.js';
import { buildPage, emptyBaseline, withPages } from '../baseline/index.js';
import { inventoryRows, renderCsv, renderMarkdown } from './index.js';

const PAGE = 'https://pay.shop.example/checkout';
const J = 'price formatting library, SRI-pinned';

describe('inventory', () => {
  it('gives each script its justification, integrity method and history', async () => {
    const make = (chat: string) => artifacts(PAGE, { scripts: [
      { source: 'var x = 1;' },
      { url: 'https://cdn.vendor.example/money.min.js', source: 'fmt()', integrity: 'sha384-abc' },
      { url: 'https://widgets.example/chat.js', source: chat },
    ] });
    const first = make('chat(1)');
    const analyses = new Map<string, ScriptAnalysis>();
    for (const [sha, source] of Object.entries(first.sources)) analyses.set(sha, await fakeAnalyse({ sha256: sha, source, url: null, kind: 'inline' }));
    const built = buildPage(first, { now: '2026-01-01T00:00:00.000Z', analyses, processors: [] });
    const baseline = withPages(emptyBaseline('2026-01-01T00:00:00.000Z'), [built.page], '2026-01-01T00:00:00.000Z');
    const rows = inventoryRows(make('chat(2)'), { policy: { scripts: [{ host: 'cdn.vendor.example', justification: J }] } }, baseline);
    expect(rows.map((r) => [r.script.replace(/ \(line.*/, ''), r.authorised, r.justificationSource, r.integrity.replace(/[0-9a-f]{16}…/, 'H')])).toEqual([
      [`inline #1 in ${PAGE}`, true, 'allowFirstParty', 'baseline SHA-256 H (matches)'],
      ['https://cdn.vendor.example/money.min.js', true, 'policy.scripts[0]', 'SRI sha384-abc; baseline SHA-256 H (matches)'],
      ['https://widgets.example/chat.js', false, null, 'baseline SHA-256 H (CHANGED since baseline)'],
    ]);
    expect(rows[2]!.justification).toBe('NOT AUTHORISED: no policy entry matches');
    expect(rows[0]!.firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(renderCsv(rows).split('\n')[0]).toBe('page,script,kind,party,authorised,justification,justification source,integrity,first seen,last changed,sha256');
    expect(renderMarkdown(rows, { generatedAt: 'now', baseline: 'b/' })).toContain('3 scripts; 1 not authorised.');
    expect(inventoryRows(make('x'), {}, null)[0]!.authorised).toBeNull();
  });
});
