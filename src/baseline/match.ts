// Pairs a target's current scripts with a baseline page's scripts.
// External scripts pair by frame + normalised URL. Inline and string-born code pairs within the
// same frame and kind: first by normalised content (identical code anywhere counts as unchanged),
// then the leftovers in order of position (a changed block keeps its place on the page).
import type { BaselineScript } from './types.js';
import type { CurrentScript } from './facts.js';

export interface ScriptMatch {
  pairs: Array<{ cur: CurrentScript; base: BaselineScript }>;
  added: CurrentScript[];
  removed: BaselineScript[];
}

export function matchScripts(current: CurrentScript[], baseline: BaselineScript[]): ScriptMatch {
  const pairs: ScriptMatch['pairs'] = [];
  const added: CurrentScript[] = [];
  const usedBase = new Set<BaselineScript>();

  const baseByKey = new Map<string, BaselineScript>();
  for (const b of baseline) if (b.url !== null) baseByKey.set(b.key, b);
  const codeGroups = new Map<string, { cur: CurrentScript[]; base: BaselineScript[] }>();
  const group = (k: string) => {
    let g = codeGroups.get(k);
    if (!g) codeGroups.set(k, g = { cur: [], base: [] });
    return g;
  };
  for (const b of baseline) if (b.url === null) group(b.key).base.push(b);
  for (const g of codeGroups.values()) g.base.sort((x, y) => x.ordinal - y.ordinal);

  for (const c of current) {
    if (c.url !== null) {
      const b = baseByKey.get(c.key);
      if (b && !usedBase.has(b)) {
        usedBase.add(b);
        pairs.push({ cur: c, base: b });
      } else added.push(c);
    } else group(c.key).cur.push(c);
  }

  for (const g of codeGroups.values()) {
    const leftCur: CurrentScript[] = [];
    for (const c of g.cur) {
      const b = g.base.find((x) => !usedBase.has(x) && x.normalisedSha256 === c.normalisedSha256);
      if (b) {
        usedBase.add(b);
        pairs.push({ cur: c, base: b });
      } else leftCur.push(c);
    }
    const leftBase = g.base.filter((b) => !usedBase.has(b));
    leftCur.forEach((c, i) => {
      const b = leftBase[i];
      if (b) {
        usedBase.add(b);
        pairs.push({ cur: c, base: b });
      } else added.push(c);
    });
  }
  const removed = baseline.filter((b) => !usedBase.has(b));
  return { pairs, added, removed };
}
