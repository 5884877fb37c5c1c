// One self-contained HTML file a person opens from a CI artifact: no external assets, no network,
// no script at all. Tabs are radio buttons and CSS, sections are <details>; a CSP meta tag forbids
// scripts, so even a slip in escaping cannot run code.
//
// Every string from a scanned page (URLs, titles, script sources, request bodies, messages built from
// them) is attacker-controlled: it reaches the document only through esc(), as text, never as markup,
// attribute names, URLs or CSS.
import type { Severity } from '../artifacts/types.js';
import type { Finding, ScanReport, TargetResult } from './types.js';
import { excerpt, failing, type RenderContext, type RuleDoc } from './index.js';

/** Escapes text for HTML element content and quoted attribute values; control characters become visible. */
export function esc(v: unknown): string {
  const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/`/g, '&#96;');
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const SEV_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const DATA_IMAGE = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/;

const CSS = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--crit:#a40e26;--high:#cf222e;--med:#9a6700;--low:#0969da;--info:#59636e;--ok:#1a7f37;--err:#8250df}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:16px 24px 64px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:0;word-break:break-all}h3{font-size:15px;margin:12px 0 6px}
.muted{color:var(--muted)}.mono,pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.chips{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0 16px}.chip{border:1px solid var(--line);border-radius:999px;padding:2px 10px;background:var(--soft)}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
td.url,td.wrap{word-break:break-all}th{background:var(--soft);font-weight:600}
.v{display:inline-block;font-weight:700;padding:1px 8px;border-radius:4px;color:#fff;font-size:12px;letter-spacing:.03em}
.v-compromised{background:var(--crit)}.v-suspicious{background:var(--med)}.v-clean{background:var(--ok)}.v-error{background:var(--err)}
.s{display:inline-block;font-weight:600;padding:0 6px;border-radius:4px;border:1px solid currentColor;font-size:12px}
.s-critical{color:var(--crit)}.s-high{color:var(--high)}.s-medium{color:var(--med)}.s-low{color:var(--low)}.s-info{color:var(--info)}
section.target{border:1px solid var(--line);border-radius:8px;margin:18px 0;padding:12px 16px}
.tabs{margin-top:10px}.tabs>input{position:absolute;opacity:0;pointer-events:none}
.tabs>label{display:inline-block;padding:6px 12px;border:1px solid var(--line);border-bottom:none;border-radius:6px 6px 0 0;background:var(--soft);cursor:pointer;margin-right:2px}
.tabs>input:checked+label{background:var(--bg);font-weight:600;position:relative;top:1px}
.tabs>input:focus-visible+label{outline:2px solid var(--low)}
.tabs>div.panel{display:none;border-top:1px solid var(--line);padding-top:8px}
.tabs>input:nth-of-type(1):checked~div.panel:nth-of-type(1),.tabs>input:nth-of-type(2):checked~div.panel:nth-of-type(2),
.tabs>input:nth-of-type(3):checked~div.panel:nth-of-type(3),.tabs>input:nth-of-type(4):checked~div.panel:nth-of-type(4),
.tabs>input:nth-of-type(5):checked~div.panel:nth-of-type(5){display:block}
details{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 8px}details>summary{cursor:pointer}
details[open]>summary{margin-bottom:6px}
ol.chain{margin:4px 0 8px;padding-left:22px}ol.chain li{margin:2px 0}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px;overflow:auto;white-space:pre;max-height:480px;margin:4px 0}
pre.code span.n{color:var(--muted);user-select:none;display:inline-block;min-width:4.5em;text-align:right;padding-right:10px}
pre.code span.row,pre.code span.hit{display:block}pre.code span.hit{background:#fff8c5}pre.wrap{white-space:pre-wrap;word-break:break-all}
img.shot{max-width:100%;border:1px solid var(--line);border-radius:6px}
.err{color:var(--err)}
`;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}
function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : null;
}
function at(o: Record<string, unknown> | null): string {
  if (!o) return '';
  const url = str(o.scriptUrl) ?? str(o.url);
  const line = str(o.line);
  return `${url ? ` in ${url}` : ''}${line ? ` line ${line}` : ''}`;
}

/** field read -> encoding -> request, from whatever the finding's evidence carries. */
function chain(f: Finding, t: TargetResult): string[] {
  const ev = f.evidence ?? {};
  const steps: string[] = [];
  const src = obj(ev.source);
  const reader = obj(ev.reader);
  if (reader) steps.push(`<b>Field read</b>: ${esc(`${str(reader.selector) ?? 'a payment field'} (${str(reader.how) ?? 'read'})${at(reader)}`)}`);
  else if (src) steps.push(`<b>Field read</b>: ${esc(`${str(src.role) ?? str(src.class) ?? 'payment data'} (${str(src.how) ?? 'read'})${str(src.line) ? ` line ${str(src.line)}` : ''}`)}`);
  const encObj = obj(ev.encoding);
  const encoder = obj(ev.encoder);
  if (encObj) steps.push(`<b>Encoding</b>: ${esc(`${str(encObj.name) ?? 'encoded'}${str(encObj.line) ? ` line ${str(encObj.line)}` : ''}`)}`);
  else if (encoder) steps.push(`<b>Encoding</b>: ${esc(`${str(encoder.fn) ?? 'encoded'}${at(encoder)}`)}${str(ev.encoding) ? esc(` (seen as ${str(ev.encoding)})`) : ''}`);
  else if (str(ev.encoding)) steps.push(`<b>Encoding</b>: ${esc(str(ev.encoding))}`);
  const sink = obj(ev.sink);
  const dests = Array.isArray(ev.destinations) ? ev.destinations.map(obj).filter(Boolean) as Array<Record<string, unknown>> : [];
  if (str(ev.destination)) {
    steps.push(`<b>Request</b>: ${esc(`${str(ev.method) ?? ''} ${str(ev.destination)} (${str(ev.requestType) ?? 'request'}${str(ev.where) ? `, in ${str(ev.where)}` : ''})`)}${obj(ev.sender) ? esc(` sent${at(obj(ev.sender))}`) : ''}`);
  } else if (sink) {
    const to = dests.map((d) => str(d.url) ?? str(d.host) ?? `${str(d.kind) ?? 'unknown'} destination`).join(', ');
    steps.push(`<b>Sink</b>: ${esc(`${str(sink.api) ?? str(sink.kind) ?? 'network sink'}${str(sink.line) ? ` line ${str(sink.line)}` : ''}${to ? ` to ${to}` : ''}`)}`);
  }
  // What the page really sent from that script (the capture), when the static chain points at a sink.
  if (f.script && (sink || str(ev.destination))) {
    const sinkLine = sink ? Number(sink.line) : f.line;
    const sent = t.requests.filter((r) => r.initiator?.sha256 === f.script!.sha256 && r.type !== 'script' && r.type !== 'stylesheet'
      && (!sinkLine || !r.initiator.line || r.initiator.line === sinkLine)).slice(0, 5);
    for (const r of sent) {
      steps.push(`<b>Observed</b>: ${esc(`${r.method} ${cut(r.url, 300)} (${r.type}${r.status !== null ? ` ${r.status}` : ''}${r.postData ? `, body ${r.postData.length} chars` : ''})`)}`);
    }
  }
  return steps;
}

function codeRows(rows: Array<{ n: number; text: string; hit: boolean }>): string {
  return `<pre class="code">${rows.map((r) => `<span class="${r.hit ? 'hit' : 'row'}"><span class="n">${r.n}</span>${esc(r.text)}</span>`).join('')}</pre>`;
}

function codeBlock(source: string, line: number, column: number | null): string {
  return codeRows(excerpt(source, line, column));
}

/** The first `count` lines of a script, long lines cut. */
function headBlock(source: string, count = 40): string {
  return codeRows(source.split(/\r\n|\r|\n/, count).map((text, k) => ({ n: k + 1, text: cut(text, 240), hit: false })));
}

function findingHtml(f: Finding, t: TargetResult, ctx: RenderContext, docs: Map<string, RuleDoc>): string {
  const where = f.script ? (f.script.url ?? `inline script ${f.script.sha256.slice(0, 16)}…`) : 'the page';
  const pos = f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : '';
  const steps = chain(f, t);
  const src = f.script ? ctx.sources?.[f.script.sha256] : undefined;
  const doc = docs.get(f.ruleId);
  const code = src !== undefined && f.line
    ? `<h3>Code</h3>${codeBlock(src, f.line, f.column)}`
    : f.script ? '<p class="muted">Source not included in this report (re-run with the scan or judge that produced it to see code).</p>' : '';
  return `<details class="finding" open><summary><span class="s s-${esc(f.severity)}">${esc(f.severity)}</span> <code>${esc(f.ruleId)}</code> ${esc(cut(f.message, 400))}</summary>
<p class="mono wrap">${esc(where + pos)}</p>
${steps.length ? `<h3>Evidence chain</h3><ol class="chain">${steps.map((s) => `<li>${s}</li>`).join('')}</ol>` : ''}
${code}
${doc ? `<p><b>What to check:</b> ${esc(doc.review)}</p>` : ''}
<details class="evidence"><summary>Evidence (JSON)</summary><pre class="wrap">${esc(JSON.stringify(f.evidence, null, 2))}</pre></details>
</details>`;
}

function scriptsHtml(t: TargetResult, ctx: RenderContext): string {
  if (!t.scripts.length) return '<p class="muted">No scripts captured.</p>';
  const count = new Map<string, number>();
  for (const f of t.findings) if (f.script) count.set(f.script.sha256, (count.get(f.script.sha256) ?? 0) + 1);
  const rows = t.scripts.map((s) => {
    const src = ctx.sources?.[s.sha256];
    const head = src !== undefined
      ? `<details class="source"><summary>first lines</summary>${headBlock(src)}</details>` : '';
    return `<tr><td>${esc(s.kind)}</td><td class="url">${esc(s.url ?? `(inline in ${s.documentUrl ?? '?'}, line ${s.startLine})`)}${head}</td>`
      + `<td class="mono" title="${esc(s.sha256)}">${esc(s.sha256.slice(0, 12))}</td><td>${esc(s.size)}</td><td>${esc(s.contextType)}</td>`
      + `<td>${esc(s.integrity ? 'yes' : '')}</td><td>${esc(count.get(s.sha256) ?? '')}</td></tr>`;
  }).join('\n');
  return `<table><thead><tr><th>kind</th><th>script</th><th>sha256</th><th>bytes</th><th>context</th><th>SRI</th><th>findings</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function requestsHtml(t: TargetResult): string {
  if (!t.requests.length) return '<p class="muted">No requests captured.</p>';
  const rows = [...t.requests].sort((a, b) => a.time - b.time).map((r) => {
    const body = r.postData !== null ? `<details class="body"><summary>body (${esc(r.postData.length)} chars${r.postDataTruncated ? ', truncated' : ''})</summary><pre class="wrap">${esc(cut(r.postData, 20_000))}</pre></details>` : '';
    const frames = r.frames?.length ? `<details class="frames"><summary>${esc(r.frames.length)} WebSocket frame(s)</summary><pre class="wrap">${esc(r.frames.slice(0, 200).map((f) => `${f.dir === 'sent' ? '→' : '←'} ${cut(f.data, 2000)}`).join('\n'))}</pre></details>` : '';
    const init = r.initiator ? `${r.initiator.scriptUrl ?? (r.initiator.sha256 ? `inline ${r.initiator.sha256.slice(0, 12)}` : 'document')}${r.initiator.line ? `:${r.initiator.line}` : ''}` : '';
    return `<tr><td>${esc(Math.round(r.time))}</td><td>${esc(r.method)}</td><td>${esc(r.type)}</td><td>${esc(r.status ?? r.failure ?? '')}</td><td>${r.thirdParty ? '3rd' : ''}</td>`
      + `<td class="url">${esc(cut(r.url, 2000))}${body}${frames}</td><td class="wrap">${esc(init)}</td></tr>`;
  }).join('\n');
  return `<table><thead><tr><th>ms</th><th>method</th><th>type</th><th>status</th><th>party</th><th>url</th><th>initiator</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function targetHtml(t: TargetResult, i: number, ctx: RenderContext, docs: Map<string, RuleDoc>): string {
  const id = `t${i + 1}`;
  const shot = ctx.screenshots?.[i];
  const validShot = typeof shot === 'string' && DATA_IMAGE.test(shot) ? shot : null;
  const findings = t.findings.length
    ? t.findings.map((f) => findingHtml(f, t, ctx, docs)).join('\n')
    : '<p class="muted">No findings.</p>';
  const suppressed = t.suppressed.length
    ? `<details class="suppressed"><summary>${esc(t.suppressed.length)} suppressed</summary><ul>${t.suppressed.map((s) => `<li><code>${esc(s.ruleId)}</code> ${esc(s.message)} — ${esc(s.reason)}</li>`).join('')}</ul></details>` : '';
  const fail = failing(t, ctx.failOn ?? 'high').length;
  const tabs: Array<[string, string]> = [
    [`Findings (${t.findings.length})`, findings + suppressed],
    [`Scripts (${t.scripts.length})`, scriptsHtml(t, ctx)],
    [`Requests (${t.requests.length})`, requestsHtml(t)],
    ['Screenshot', validShot ? `<img class="shot" alt="screenshot of the page" src="${esc(validShot)}">` : '<p class="muted">No screenshot in this report.</p>'],
  ];
  if (t.notes.length) tabs.push([`Notes (${t.notes.length})`, `<ul>${t.notes.map((n) => `<li class="wrap">${esc(n)}</li>`).join('')}</ul>`]);
  return `<section class="target" id="${id}">
<h2><span class="v v-${esc(t.verdict)}">${esc(t.verdict.toUpperCase())}</span> ${esc(t.url)}</h2>
<p class="muted wrap">${t.finalUrl && t.finalUrl !== t.url ? `final URL: ${esc(t.finalUrl)} · ` : ''}${t.title ? `title: “${esc(cut(t.title, 300))}” · ` : ''}${esc(`${t.findings.length} finding(s), ${fail} at or above ${ctx.failOn ?? 'high'}`)}</p>
${t.error ? `<p class="err">${esc(`${t.partial ? 'partial scan' : 'could not be scanned'}: ${t.error.code}: ${t.error.message}`)}</p>` : ''}
<div class="tabs">
${tabs.map(([label], k) => `<input type="radio" name="${id}-tab" id="${id}-tab${k + 1}"${k === 0 ? ' checked' : ''}><label for="${id}-tab${k + 1}">${esc(label)}</label>`).join('\n')}
${tabs.map(([, body], k) => `<div class="panel" id="${id}-panel${k + 1}">${body}</div>`).join('\n')}
</div>
</section>`;
}

export function renderHtml(report: ScanReport, ctx: RenderContext = {}): string {
  const docs = new Map((ctx.rules ?? []).map((d) => [d.id, d]));
  const s = report.summary;
  const sevCount = new Map<Severity, number>();
  for (const t of report.targets) for (const f of t.findings) sevCount.set(f.severity, (sevCount.get(f.severity) ?? 0) + 1);
  const overview = report.targets.map((t, i) => `<tr><td>${i + 1}</td><td><span class="v v-${esc(t.verdict)}">${esc(t.verdict)}</span>${t.partial ? ' <span class="muted">partial</span>' : ''}</td>`
    + `<td class="url"><a href="#t${i + 1}">${esc(t.url)}</a></td><td>${esc(t.findings.length)}</td><td>${esc(t.scripts.length)}</td><td>${esc(t.requests.length)}</td>`
    + `<td class="wrap">${esc(t.findings[0] ? `${t.findings[0].severity} ${t.findings[0].ruleId}` : t.error ? `${t.error.code}` : '')}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>skimscan report: ${esc(`${s.compromised} compromised, ${s.suspicious} suspicious, ${s.clean} clean, ${s.error} error`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>skimscan report</h1>
<div class="chips">
<span class="chip"><span class="v v-compromised">${esc(s.compromised)}</span> compromised</span>
<span class="chip"><span class="v v-suspicious">${esc(s.suspicious)}</span> suspicious</span>
<span class="chip"><span class="v v-clean">${esc(s.clean)}</span> clean</span>
<span class="chip"><span class="v v-error">${esc(s.error)}</span> error</span>
${SEV_ORDER.filter((k) => sevCount.get(k)).map((k) => `<span class="chip"><span class="s s-${k}">${k}</span> ${esc(sevCount.get(k))}</span>`).join('\n')}
</div>
<p class="muted">${esc(`skimscan ${report.tool.version} (rules ${report.tool.rulesVersion}) · ${report.browser ?? 'no browser'} · ${report.startedAt} – ${report.finishedAt} · fail on ${ctx.failOn ?? 'high'}`)}</p>
<table><thead><tr><th>#</th><th>verdict</th><th>target</th><th>findings</th><th>scripts</th><th>requests</th><th>top finding</th></tr></thead><tbody>
${overview}
</tbody></table>
${report.targets.map((t, i) => targetHtml(t, i, ctx, docs)).join('\n')}
</main>
</body>
</html>
`;
}
