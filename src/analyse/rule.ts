// The Rule shape (ESLint's meta + create(context) returning node visitors) and its context.
import type { ScriptKind, Severity } from '../artifacts/types.js';
import type { StaticFinding, ScriptAnalysis } from './types.js';
import type { Facts } from './engine/facts.js';
import type { ProgramModel, Loc } from './helpers/model.js';
import type { IocSet } from './iocs.js';

export interface RuleMeta {
  /** Equals the file name in rules/. */
  id: string;
  /** Default severity; a report may raise or lower it. */
  severity: Severity;
  description: string;
  /** What a reviewer should check when the rule fires. */
  review: string;
  /** Message templates keyed by id: `'{{field}} sent to {{sink}}'`. */
  messages: Record<string, string>;
}

export interface ReportDescriptor {
  node?: any;
  loc?: Loc;
  messageId: string;
  data?: Record<string, string | number>;
  evidence?: StaticFinding['evidence'];
  severity?: Severity;
}

export interface ScriptInfo {
  url: string | null;
  sha256: string;
  kind: ScriptKind;
  source: string;
  /** 0 for the script itself, 1+ for code born from its strings (eval…). */
  depth: number;
}

export interface RuleContext {
  readonly script: ScriptInfo;
  /** Facts of the walk; `facts.scope` is the scope of the node being visited. */
  readonly facts: Facts;
  /** Sources, sinks, encoders and flows; only call from `Program:exit` (needs the whole walk). */
  model(): ProgramModel;
  readonly iocs: IocSet;
  report(d: ReportDescriptor): void;
  /** Analyse a string as code born from this script (eval, Function, timers, written scripts). */
  /** `decoded`: the code only exists after decoding (atob, fromCharCode…): a skimmer flow in it is raised to critical. */
  analyseChild(code: string, kind: ScriptKind, at: Loc, decoded?: boolean): ScriptAnalysis | null;
}

export type Visitor = (node: any, parent: any) => void;
/** Node type (or `Type:exit`) -> listener. */
export type Visitors = { [selector: string]: Visitor | undefined };

export interface Rule {
  meta: RuleMeta;
  create(ctx: RuleContext): Visitors;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
