// analyseSource: parse once, walk once with every rule, derive the model lazily, collect findings.
import { createHash } from 'node:crypto';
import type { Severity, ScriptKind } from '../../artifacts/types.js';
import type { ScriptAnalysis, ScriptInput, StaticFinding } from '../types.js';
import { parseSource } from './parse.js';
import { Facts } from './facts.js';
import { LineIndex } from './lines.js';
import { VisitorMap, walkProgram } from './walk.js';
import { ProgramModel } from '../helpers/model.js';
import type { Rule, RuleContext, ReportDescriptor } from '../rule.js';
import { defaultIocs, matchIocHost, type IocSet } from '../iocs.js';
import { RULES, RULES_VERSION } from '../../../rules/index.js';
import { NETWORK_SINKS } from '../helpers/sinks.js';

export { RULES_VERSION };

export interface AnalyseOptions {
  iocs?: IocSet;
  rules?: readonly Rule[];
  /** Nesting of string-born code (internal). */
  depth?: number;
  /** Rethrow rule errors (tests). Defaults to true under vitest. */
  rethrow?: boolean;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const MAX_CHILD_DEPTH = 3;
const MAX_CHILDREN = 24;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function format(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => (data && data[k] !== undefined ? String(data[k]) : `{{${k}}}`));
}

function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// V8 holds a function's optimized code weakly: when the closures of one script's analysis die, the next
// full GC drops the rules' optimized code and the next scripts run unoptimized until the compiler has
// redone it (up to 50 ms of compiler time per rule, every GC). Keeping the last script's closures
// alive keeps the code (not a huge script's: its AST would stay in memory until the next script).
const RETAIN_MAX_CHARS = 2_000_000;
let lastClosures: unknown = null;

/** Analyse one script synchronously in this thread. */
export function analyseSource(input: ScriptInput, opts: AnalyseOptions = {}): ScriptAnalysis {
  const t0 = performance.now();
  const rules = opts.rules ?? RULES;
  const iocs = opts.iocs ?? defaultIocs();
  const depth = opts.depth ?? 0;
  const rethrow = opts.rethrow ?? Boolean(process.env.VITEST);
  const findings: StaticFinding[] = [];
  const source = input.source;
  const isModule = input.isModule ?? input.kind === 'module';
  const parsed = parseSource(source, isModule);
  const facts = new Facts(parsed.sourceType === 'module');
  const lines = new LineIndex(source);
  let model: ProgramModel | null = null;
  // What the rules' closures reach; cleared before returning, because the last script's closures are
  // kept alive (see lastClosures) and must not keep its facts, its model and so its AST.
  let factsOfRules: Facts | null = facts;
  let children = 0;

  const push = (f: StaticFinding) => findings.push(f);
  if (parsed.parseError) {
    push({
      ruleId: 'parse-error', severity: 'info', message: `Syntax error; ${parsed.ast ? 'analysed the error-tolerant parse' : 'only text-level checks ran'}: ${parsed.parseError}`,
      line: 1, column: 1, evidence: { parseError: parsed.parseError, loose: parsed.loose },
    });
  }
  if (iocs.hashes.has(input.sha256)) {
    push({
      ruleId: 'known-skimmer-infrastructure', severity: 'critical', message: `Script hash ${input.sha256.slice(0, 12)}… is a known skimmer (${iocs.notes[input.sha256] ?? 'IOC list'})`,
      line: 1, column: 1, evidence: { sha256: input.sha256, note: iocs.notes[input.sha256] ?? null },
    });
  }

  if (!parsed.ast) {
    findings.push(...textChecks(source, iocs));
  } else {
    const visitors = new VisitorMap();
    const owners: string[] = [];
    for (const rule of rules) {
      const id = rule.meta.id;
      const ctx: RuleContext = {
        script: { url: input.url, sha256: input.sha256, kind: input.kind, source, depth },
        get facts() {
          return factsOfRules!;
        },
        iocs,
        model: () => (model ??= new ProgramModel(factsOfRules!, source, lines)),
        report(d: ReportDescriptor) {
          const template = rule.meta.messages[d.messageId];
          if (template === undefined) throw new Error(`rule ${id} reported unknown messageId ${d.messageId}`);
          const l = d.loc ?? (d.node ? lines.ofNode(d.node) : { line: 1, column: 1 });
          push({ ruleId: id, severity: d.severity ?? rule.meta.severity, message: format(template, d.data), line: l.line, column: l.column, evidence: d.evidence ?? {} });
        },
        analyseChild(code: string, kind: ScriptKind, at, decoded = false) {
          if (depth + 1 > MAX_CHILD_DEPTH || children >= MAX_CHILDREN || code.length === 0) return null;
          children++;
          const childSha = sha256(code);
          const child = analyseSource({ sha256: childSha, source: code, url: null, kind }, { ...opts, depth: depth + 1 });
          for (const f of child.findings) {
            if (f.ruleId === 'parse-error') continue;
            // code that only exists after decoding is obfuscation: a skimmer flow inside it is critical
            const raise = decoded && f.ruleId === 'skimmer' && f.severity === 'high';
            // a document-wide handler reading whichever field fired is low because session replay reads
            // fields that way; session replay is not shipped as code that only exists after decoding
            const ev = f.evidence as { source?: { class?: string }; destinations?: Array<{ kind: string }> };
            const hiddenDelegate = decoded && f.ruleId === 'skimmer' && f.severity === 'low' && ev.source?.class === 'delegated'
              && (ev.destinations ?? []).every((d) => d.kind !== 'relative');
            push({
              ...f, severity: raise ? 'critical' : hiddenDelegate ? 'high' : f.severity, childSha256: f.childSha256 ?? childSha,
              evidence: { ...f.evidence, parentLine: at.line, parentColumn: at.column, childKind: kind, ...(decoded ? { decodedByParent: true } : {}) },
            });
          }
          return child;
        },
      };
      let visitors1: ReturnType<Rule['create']>;
      try {
        visitors1 = rule.create(ctx);
      } catch (e) {
        if (rethrow) throw e;
        push(ruleError(id, e, null, lines));
        continue;
      }
      const owner = owners.push(id) - 1;
      for (const sel in visitors1) {
        const fn = visitors1[sel];
        if (fn) visitors.add(sel, fn, owner);
      }
    }
    try {
      const listeners = walkProgram(parsed.ast as any, facts, visitors, (owner, e, node) => {
        if (rethrow) throw e;
        push(ruleError(owners[owner] ?? 'unknown', e, node, lines));
      });
      if (depth === 0) lastClosures = source.length <= RETAIN_MAX_CHARS ? [visitors, listeners] : null;
    } catch (e) {
      if (rethrow && !(e instanceof RangeError)) throw e;
      push({
        ruleId: 'analysis-error', severity: 'info', message: `Analysis stopped: ${errMsg(e)}`, line: 1, column: 1,
        evidence: { error: errMsg(e), stackOverflow: e instanceof RangeError },
      });
      findings.push(...textChecks(source, iocs));
    }
  }

  findings.sort(compareFindings);
  const m = model as ProgramModel | null;
  let readsPaymentFields = false;
  let sinks: string[] = [];
  if (m) {
    try {
      readsPaymentFields = m.sources().some((s) => s.cls === 'card' || s.cls === 'personal');
      sinks = [...new Set(m.sinks().filter((s) => NETWORK_SINKS.has(s.kind)).map((s) => s.kind))].sort();
    } catch {
      /* facts are best effort */
    }
  }
  factsOfRules = null;
  model = null;
  return {
    sha256: input.sha256,
    rulesVersion: RULES_VERSION,
    parseError: parsed.parseError,
    findings: dedupe(findings),
    facts: { readsPaymentFields, sinks },
    ms: Math.round((performance.now() - t0) * 100) / 100,
  };
}

function ruleError(id: string, e: unknown, node: any, lines: LineIndex): StaticFinding {
  return { ruleId: 'rule-error', severity: 'info', message: `Rule ${id} failed: ${errMsg(e)}`, ...lines.ofNode(node), evidence: { rule: id, error: errMsg(e) } };
}

export function compareFindings(a: StaticFinding, b: StaticFinding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

function dedupe(fs: StaticFinding[]): StaticFinding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.ruleId}|${f.line}|${f.column}|${f.message}|${f.childSha256 ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Checks that need no AST: for scripts no parser can read (or whose walk overflowed). */
export function textChecks(source: string, iocs: IocSet): StaticFinding[] {
  const out: StaticFinding[] = [];
  const text = source.length > 20_000_000 ? source.slice(0, 20_000_000) : source;
  const hostRe = /(?:https?:|wss?:)?\/\/([a-z0-9.-]+\.[a-z]{2,})/gi;
  const seen = new Set<string>();
  for (let m = hostRe.exec(text); m; m = hostRe.exec(text)) {
    const host = m[1]!.toLowerCase();
    if (seen.has(host)) continue;
    seen.add(host);
    const ioc = matchIocHost(host, iocs);
    if (ioc) {
      const line = text.slice(0, m.index).split('\n').length;
      out.push({
        ruleId: 'known-skimmer-infrastructure', severity: 'critical', message: `References known skimmer domain ${ioc}`, line, column: 1,
        evidence: { host, ioc, textLevel: true },
      });
    }
  }
  const payment = /cc[_-]?num|card[_-]?num|cvv|cvc|cc[_-]?exp|payment\[cc_/i.test(text);
  const network = /XMLHttpRequest|sendBeacon|fetch\s*\(|new\s+Image|WebSocket/.test(text);
  const decode = /atob\s*\(|fromCharCode|eval\s*\(/.test(text);
  if (payment && network) {
    out.push({
      ruleId: 'unparsed-payment-exfil', severity: decode ? 'high' : 'medium',
      message: 'Unparseable script names payment fields and network APIs' + (decode ? ' and decodes strings' : ''), line: 1, column: 1,
      evidence: { textLevel: true, decode },
    });
  }
  return out;
}
