// The correlation rule: payment data read by this script flows (through variables, calls, storage,
// optional encoding) into a network sink whose destination is off-site, computed or hidden.
import { defineRule } from '../src/analyse/rule.js';
import type { Severity } from '../src/artifacts/types.js';
import type { FlowPath, SinkFlow } from '../src/analyse/helpers/model.js';
import { NETWORK_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest } from './lib/severity.js';
import { lookalikeOf } from './lib/hosts.js';

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export default defineRule({
  meta: {
    id: 'skimmer',
    severity: 'critical',
    description: 'Payment data read by the script reaches a network request to a destination outside the page, or one the script computes or hides.',
    review: 'Follow the evidence: the source line (which field or sweep), the encoding step, and the sink line with its destination. Critical unless the destination is the page\'s own site or an allowed processor (the verdict lowers site-dependent findings then).',
    messages: {
      skim: '{{what}} ({{how}}, line {{srcLine}}){{enc}} is sent by {{api}} to {{dest}}',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        const flows = m.flows();
        // a few names decoded in a huge bundle are polyfills (Bot Framework Web Chat: 4 of 58,222 calls);
        // many, or a handful in a small script, are obfuscation
        const hidden = m.hiddenPropertyNames();
        const obfuscated = (hidden > 2 && (hidden >= 10 || hidden * 1_000 >= ctx.facts.calls.length)) || m.sources().some((s) => s.hidden);
        const trigger = m.checkoutTriggers().length > 0;
        const cands: Array<{ sev: Severity; f: SinkFlow; p: FlowPath; cls: string }> = [];
        for (const f of flows) {
          if (f.sink.kind === 'analytics') {
            // card data given to analytics (Google Analytics abuse): a checkout reports the brand, never the number
            if (f.card) cands.push({ sev: f.card.encoding !== null || obfuscated || f.card.source.hidden === true || trigger ? 'critical' : 'high', f, p: f.card, cls: 'card' });
            continue;
          }
          if (!NETWORK_SINKS.has(f.sink.kind)) continue;
          for (const cls of ['card', 'sweep', 'personal', 'delegated'] as const) {
            const p = f[cls];
            if (!p) continue;
            cands.push({ sev: severity(cls, p, f, obfuscated, trigger), f, p, cls });
          }
        }
        if (!cands.length) return;
        cands.sort((a, b) => RANK[b.sev] - RANK[a.sev]);
        const best = cands[0]!;
        if (best.sev === 'info') return;
        const worst = cands.filter((c) => c.sev === best.sev);
        const dests = worst.map((c) => c.f.sink.dest);
        const siteDependent = dests.every((d) => d.kind === 'literal' || d.kind === 'relative');
        const p = best.p;
        const what = best.cls === 'card' ? `Card data (${p.source.role})` : best.cls === 'sweep' || best.cls === 'delegated' ? 'Every form field' : `Personal data (${p.source.role})`;
        ctx.report({
          loc: best.f.sink.loc,
          messageId: 'skim',
          severity: best.sev,
          data: {
            what, how: p.source.how, srcLine: p.source.loc.line,
            enc: p.encoding ? `, encoded by ${p.encoding.name} (line ${p.encoding.loc.line})` : '',
            api: best.f.sink.api, dest: describeDest(best.f.sink.dest),
          },
          evidence: {
            siteDependent,
            destinations: dests,
            source: { line: p.source.loc.line, column: p.source.loc.column, how: p.source.how, role: p.source.role, class: best.cls },
            encoding: p.encoding ? { name: p.encoding.name, line: p.encoding.loc.line, column: p.encoding.loc.column } : null,
            sink: { line: best.f.sink.loc.line, column: best.f.sink.loc.column, api: best.f.sink.api, kind: best.f.sink.kind },
            checkoutTrigger: trigger,
            obfuscated,
            flows: cands.slice(0, 10).map((c) => ({
              severity: c.sev, class: c.cls, sourceLine: c.p.source.loc.line, how: c.p.source.how,
              encoding: c.p.encoding?.name ?? null, sinkLine: c.f.sink.loc.line, api: c.f.sink.api, destination: c.f.sink.dest,
            })),
          },
        });
      },
    };
  },
});

function severity(cls: 'card' | 'sweep' | 'personal' | 'delegated', p: FlowPath, f: SinkFlow, obfuscated: boolean, trigger: boolean): Severity {
  const d = f.sink.dest;
  // a document-wide handler reading whatever field its event came from is also how session replay and
  // form analytics work: a sweep only in a script that waits for the checkout page, hides where it
  // sends, or sends to a host dressed up as a brand it does not belong to (vendors use their own)
  if (cls === 'delegated') {
    if (!trigger && d.kind !== 'hidden' && !(d.host && lookalikeOf(d.host))) return 'low';
    cls = 'sweep';
  }
  const hiding = p.encoding !== null || obfuscated || p.source.hidden === true;
  if (d.kind === 'relative') return cls === 'personal' ? 'info' : 'low';
  if (cls === 'personal') return d.kind === 'hidden' ? 'high' : d.kind === 'literal' ? 'medium' : 'low';
  if (d.kind === 'hidden') return 'critical';
  if (d.kind === 'literal') {
    if (cls === 'card') return 'critical';
    return hiding || trigger ? 'critical' : 'high';
  }
  // computed destination
  if (cls === 'card') return hiding ? 'critical' : 'high';
  return hiding ? (trigger ? 'critical' : 'high') : 'low';
}
