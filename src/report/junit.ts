// JUnit XML: one testcase per target. A failure when it has findings at or above --fail-on, an
// <error> when it could not be scanned. Shaped for the common Ant/JUnit XSD (schemas/junit-windyroad.xsd:
// <testsuites> of <testsuite package id …> with <properties>, <system-out>, <system-err>), which
// Jenkins, GitLab, Azure DevOps and the usual JUnit report actions all read.
import { hostname } from 'node:os';
import type { ScanReport, TargetResult } from './types.js';
import { displayScript, failing, worstSeverity, type RenderContext } from './index.js';

/**
 * Text that XML 1.0 can carry: characters outside its Char production (C0 controls but tab/LF/CR,
 * lone surrogates, U+FFFE/U+FFFF) cannot even be written as character references, so they become
 * visible `\uXXXX` escapes. Hostile pages put such characters in titles, URLs and messages.
 */
export function xmlSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function xmlText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `2024-05-01T12:00:00` (the XSD's timestamp has no zone; ours is UTC). */
function localStamp(iso: string): string {
  const d = new Date(iso);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString().slice(0, 19);
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function testcase(t: TargetResult, ctx: RenderContext, i: number): { xml: string; failed: boolean; errored: boolean } {
  const name = xmlAttr(t.url);
  const ms = ctx.durationsMs?.[i];
  const open = `    <testcase name="${name}" classname="skimscan.${xmlAttr(t.verdict)}" time="${seconds(typeof ms === 'number' ? ms : 0)}"`;
  if (t.verdict === 'error') {
    const code = t.error?.code ?? 'internal';
    const msg = t.error?.message ?? 'the target could not be scanned';
    return { xml: `${open}>\n      <error type="${xmlAttr(code)}" message="${xmlAttr(msg)}">${xmlText(`${t.url}\n${code}: ${msg}`)}</error>\n    </testcase>\n`, failed: false, errored: true };
  }
  const bad = failing(t, ctx.failOn ?? 'high');
  if (bad.length) {
    const worst = worstSeverity(bad)!;
    const lines = bad.map((f) => `[${f.severity}] ${f.ruleId}: ${f.message}\n    at ${displayScript(f)}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`);
    const partial = t.partial ? `\n(partial scan: ${t.error?.code}: ${t.error?.message})` : '';
    const message = `${t.verdict}: ${bad.length} finding(s) at or above ${ctx.failOn ?? 'high'}; worst ${worst}: ${bad[0]!.message}`;
    return {
      xml: `${open}>\n      <failure type="${xmlAttr(worst)}" message="${xmlAttr(message)}">${xmlText(`${t.url} is ${t.verdict}${partial}\n${lines.join('\n')}`)}</failure>\n    </testcase>\n`,
      failed: true, errored: false,
    };
  }
  return { xml: `${open}/>\n`, failed: false, errored: false };
}

export function renderJunit(report: ScanReport, ctx: RenderContext = {}): string {
  const cases = report.targets.map((t, i) => testcase(t, ctx, i));
  const failures = cases.filter((c) => c.failed).length;
  const errors = cases.filter((c) => c.errored).length;
  const time = seconds(Date.parse(report.finishedAt) - Date.parse(report.startedAt) || 0);
  const props: Array<[string, string]> = [
    ['skimscan.version', report.tool.version], ['skimscan.rulesVersion', report.tool.rulesVersion],
    ['browser', report.browser ?? 'none'], ['failOn', String(ctx.failOn ?? 'high')],
    ['summary', `${report.summary.compromised} compromised, ${report.summary.suspicious} suspicious, ${report.summary.clean} clean, ${report.summary.error} error`],
  ];
  const notes = report.targets.filter((t) => t.notes.length).map((t) => `${t.url}:\n  ${t.notes.join('\n  ')}`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="skimscan" package="skimscan" id="0" timestamp="${localStamp(report.startedAt)}" hostname="${xmlAttr(hostname() || 'localhost')}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time}">
    <properties>
${props.map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>\n`).join('')}    </properties>
${cases.map((c) => c.xml).join('')}    <system-out>${xmlText(notes)}</system-out>
    <system-err></system-err>
  </testsuite>
</testsuites>
`;
}
