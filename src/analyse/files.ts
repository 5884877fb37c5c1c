// `skimscan analyze FILE|DIR...`: static analysis of files on disk, no browser.
import { readdir, stat, open } from 'node:fs/promises';
import { join, extname } from 'node:path';
import type { StaticFinding } from './types.js';
import type { Verdict } from '../artifacts/types.js';
import { sha256, SEVERITY_RANK, compareFindings } from './engine/run.js';
import type { Analyzer } from './index.js';
import { markupCode, type MarkupCodeKind } from './helpers/markup.js';

export interface AnalyzedFile {
  path: string;
  sha256: string | null;
  verdict: Verdict;
  findings: StaticFinding[];
  parseError?: string;
  error?: { code: string; message: string };
}

export interface AnalyzeReport {
  schemaVersion: 1;
  tool: { name: 'skimscan'; version: string; rulesVersion: string };
  files: AnalyzedFile[];
  summary: { files: number; compromised: number; suspicious: number; clean: number; error: number };
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.html', '.htm']);

export function verdictOf(findings: StaticFinding[]): Verdict {
  let worst = -1;
  for (const f of findings) worst = Math.max(worst, SEVERITY_RANK[f.severity]);
  return worst >= 4 ? 'compromised' : worst >= 2 ? 'suspicious' : 'clean';
}

/** Expand directories recursively (sorted, skipping node_modules and dot directories). */
export async function expandPaths(paths: string[]): Promise<Array<{ path: string; error?: string }>> {
  const out: Array<{ path: string; error?: string }> = [];
  const visit = async (p: string, top: boolean): Promise<void> => {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      out.push({ path: p, error: (e as Error).message });
      return;
    }
    if (st.isDirectory()) {
      const entries = (await readdir(p)).sort();
      for (const e of entries) {
        if (e.startsWith('.') || e === 'node_modules') continue;
        await visit(join(p, e), false);
      }
    } else if (top || EXTENSIONS.has(extname(p).toLowerCase())) {
      out.push({ path: p });
    }
  };
  for (const p of paths) await visit(p, true);
  return out;
}

/** Code an HTML document runs inline (scripts, event handlers, `javascript:` URLs) with the line and column each starts at. */
export function extractInlineScripts(html: string): Array<{ code: string; line: number; column: number; isModule: boolean; kind: MarkupCodeKind }> {
  // pieces come in document order: count lines incrementally
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  return markupCode(html).map((c) => {
    for (; pos < c.index; pos++) if (html.charCodeAt(pos) === 10) { line++; lineStart = pos + 1; }
    return { code: c.code, line, column: c.index - lineStart + 1, isModule: c.kind === 'module', kind: c.kind };
  });
}

/** Binary content: NUL bytes or many control characters in the first 8 KB. */
export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) ctl++;
  }
  return n > 0 && ctl / n > 0.1;
}

export async function readLimited(path: string, maxBytes: number): Promise<{ buf?: Buffer; error?: { code: string; message: string } }> {
  let fh;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (!st.isFile()) return { error: { code: 'unreadable', message: 'not a regular file' } };
    if (st.size > maxBytes) return { error: { code: 'too-large', message: `file is ${st.size} bytes; limit is ${maxBytes} (--max-bytes)` } };
    const buf = Buffer.alloc(st.size);
    await fh.read(buf, 0, st.size, 0);
    return { buf };
  } catch (e) {
    return { error: { code: 'unreadable', message: (e as Error).message } };
  } finally {
    await fh?.close();
  }
}

export async function analyzeWith(analyzer: Analyzer, paths: string[], opts: { maxBytes?: number; version: string; rulesVersion: string; context?: (f: StaticFinding) => StaticFinding }): Promise<AnalyzeReport> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const files: AnalyzedFile[] = [];
  for (const { path, error } of await expandPaths(paths)) {
    if (error) {
      files.push({ path, sha256: null, verdict: 'error', findings: [], error: { code: 'unreadable', message: error } });
      continue;
    }
    const r = await readLimited(path, maxBytes);
    if (!r.buf) {
      files.push({ path, sha256: null, verdict: 'error', findings: [], error: r.error });
      continue;
    }
    const hash = sha256Buf(r.buf);
    if (looksBinary(r.buf)) {
      files.push({ path, sha256: hash, verdict: 'error', findings: [], error: { code: 'binary', message: 'binary content, not a script' } });
      continue;
    }
    const text = r.buf.toString('utf8');
    const ext = extname(path).toLowerCase();
    const findings: StaticFinding[] = [];
    let parseError: string | undefined;
    if (ext === '.html' || ext === '.htm') {
      for (const s of extractInlineScripts(text)) {
        const a = await analyzer.analyse({ sha256: sha256(s.code), source: s.code, url: null, kind: s.kind, isModule: s.isModule });
        if (a.parseError && !parseError) parseError = `line ${s.line}: ${a.parseError}`;
        for (const f of a.findings) {
          // the HTML file's line numbers: shift findings of the script itself (not of eval'd children)
          if (f.childSha256) findings.push({ ...f, evidence: { ...f.evidence, scriptStartLine: s.line } });
          else findings.push({ ...f, line: f.line + s.line - 1, column: f.line === 1 ? f.column + s.column - 1 : f.column, evidence: { ...f.evidence, scriptStartLine: s.line } });
        }
      }
    } else {
      const a = await analyzer.analyse({ sha256: hash, source: text, url: null, kind: ext === '.mjs' ? 'module' : 'external', isModule: ext === '.mjs' });
      if (a.parseError) parseError = a.parseError;
      findings.push(...a.findings);
    }
    const judged = opts.context ? findings.map(opts.context) : findings;
    judged.sort(compareFindings);
    const file: AnalyzedFile = { path, sha256: hash, verdict: verdictOf(judged), findings: judged };
    if (parseError) file.parseError = parseError;
    files.push(file);
  }
  const summary = { files: files.length, compromised: 0, suspicious: 0, clean: 0, error: 0 };
  for (const f of files) summary[f.verdict]++;
  return { schemaVersion: 1, tool: { name: 'skimscan', version: opts.version, rulesVersion: opts.rulesVersion }, files, summary };
}

function sha256Buf(b: Buffer): string {
  return sha256(b.toString('latin1') === b.toString('utf8') ? b.toString('utf8') : b.toString('utf8'));
}
