// What `scan` and `judge` add to the verdict from the config and `--baseline DIR`: drift findings,
// SRI facts, policy findings, and suppressions (moved to `suppressed` with their reason).
import type { ScriptAnalysis, ScriptInput } from '../analyse/types.js';
import type { Finding } from '../report/types.js';
import type { JudgeOptions } from '../verdict/index.js';
import { BASELINE_RULES, compareToBaseline, findPage, loadBaseline, loadSource, pageKey, sriFindings } from '../baseline/index.js';
import { policyFindings, policySuppressor, type PolicySettings } from '../policy/index.js';
import type { Config } from './config.js';

export function policySettingsOf(config: Config): PolicySettings {
  return { policy: config.policy, overrides: config.overrides, suppress: config.suppress };
}

export async function judgeHooks(config: Config, baselineDir: string | undefined,
  analyse: (input: ScriptInput) => Promise<ScriptAnalysis>): Promise<Pick<JudgeOptions, 'extraFindings' | 'suppress'>> {
  const settings = policySettingsOf(config);
  const baseline = baselineDir ? await loadBaseline(baselineDir) : null;
  return {
    extraFindings: async (a, ctx) => {
      const out: Finding[] = [];
      if (baseline && a.scripts !== null) {
        const page = findPage(baseline, pageKey(a.url));
        if (page) {
          const drift = await compareToBaseline(a, page, { analyse, processors: ctx.processors, loadSource: (sha) => loadSource(baselineDir!, sha) });
          // A target that did not finish may simply not have reached a script: no "removed" for it.
          out.push(...drift.filter((f) => !(a.fatal && f.ruleId === BASELINE_RULES.removedScript)));
        } else {
          out.push({
            ruleId: BASELINE_RULES.noEntry, severity: 'info', message: `no baseline entry for this page in ${baselineDir} (record it with skimscan baseline --update)`,
            script: null, line: null, column: null, evidence: { key: pageKey(a.url) },
          });
        }
        out.push(...sriFindings(a));
      }
      out.push(...policyFindings(a, settings, ctx.analyses));
      return out;
    },
    suppress: policySuppressor(settings),
  };
}
