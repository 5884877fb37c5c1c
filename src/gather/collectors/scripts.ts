import { createHash } from 'node:crypto';
import type { ContextType, ScriptKind, ScriptRecord } from '../../artifacts/types.js';
import { settleWithin, type AttachedTarget, type Collector, type CollectorContext } from './collector.js';
import type { CdpStackTrace, ScriptIndex } from '../script-index.js';
import { classifyScript } from './script-kind.js';
import { errorMessage } from '../../errors.js';
import { PROBE_HOOK_HASHES } from '../probe/hooks.js';

interface ScriptParsed {
  scriptId: string;
  url: string;
  startLine: number;
  startColumn: number;
  executionContextAuxData?: { frameId?: string; type?: string; isDefault?: boolean };
  isModule?: boolean;
  stackTrace?: CdpStackTrace;
  hasSourceURL?: boolean;
}

interface Pending {
  target: AttachedTarget;
  event: ScriptParsed;
  frameUrl: string | null;
  source: string | null;
}

export interface ScriptsData {
  scripts: ScriptRecord[];
  sources: Record<string, string>;
  /** Documents' HTML by URL, used to tell inline scripts from inline event handlers. */
  capped: string[];
}

export interface ScriptsCollectorOptions {
  maxScripts: number;
  maxSourceBytes: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Every script V8 compiles in every attached target, with its source, kept once by hash. */
export class ScriptsCollector implements Collector<ScriptsData> {
  readonly id = 'scripts';
  #pending: Pending[] = [];
  #fetches: Promise<void>[] = [];
  #sources = new Map<string, Promise<void>>();
  #frameUrls = new Map<string, string>();
  #capped = new Set<string>();

  constructor(
    private ctx: CollectorContext,
    private index: ScriptIndex,
    private documents: () => Map<string, string>,
    private options: ScriptsCollectorOptions,
  ) {}

  async addTarget(target: AttachedTarget): Promise<void> {
    const { session } = target;
    session.on('Debugger.scriptParsed', (e: ScriptParsed) => this.#onParsed(target, e));
    // Every script is held just before its first run until its source is ours: a script that
    // blocks the main thread, navigates away or deletes itself cannot outrun the fetch. Any other
    // pause (a `debugger;` statement, an anti-debugging timing trap) is resumed at once.
    session.on('Debugger.paused', (e: { reason: string; data?: { scriptId?: string } }) => {
      const fetch = e.reason === 'instrumentation' && e.data?.scriptId
        ? this.#sources.get(`${target.key}/${e.data.scriptId}`) : undefined;
      void Promise.resolve(fetch).finally(() => { session.send('Debugger.resume').catch(() => {}); });
    });
    if (target.contextType === 'page' || target.contextType === 'iframe') {
      session.on('Page.frameNavigated', (e: { frame: { id: string; url: string; urlFragment?: string } }) => {
        this.#frameUrls.set(e.frame.id, e.frame.url + (e.frame.urlFragment ?? ''));
      });
    }
    const sends: Promise<unknown>[] = [
      session.send('Debugger.enable', { maxScriptsCacheSize: 50_000_000 }),
      session.send('Debugger.setAsyncCallStackDepth', { maxDepth: 16 }),
      session.send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptExecution' }),
    ];
    if (target.contextType === 'page' || target.contextType === 'iframe') sends.push(session.send('Page.enable'));
    await Promise.all(sends);
  }

  #onParsed(target: AttachedTarget, e: ScriptParsed): void {
    if (e.executionContextAuxData?.type === 'isolated') return; // our own isolated-world code
    if (this.#pending.length >= this.options.maxScripts) {
      this.#capped.add(`scripts: more than ${this.options.maxScripts} scripts; the rest were not recorded`);
      return;
    }
    const frameId = e.executionContextAuxData?.frameId;
    const frameUrl = frameId ? this.#frameUrls.get(frameId) ?? null : target.url || null;
    // Chromium's own error and internal pages are not the site's code.
    if (/^(chrome|chrome-error|devtools|chrome-extension):/.test(frameUrl ?? '') || /^(chrome|chrome-error|devtools):/.test(e.url)) return;
    const entry: Pending = { target, event: e, frameUrl, source: null };
    this.#pending.push(entry);
    const fetch =
      target.session.send('Debugger.getScriptSource', { scriptId: e.scriptId })
        .then((r: { scriptSource: string }) => {
          let source = r.scriptSource;
          if (source.length > this.options.maxSourceBytes) {
            this.#capped.add(`scripts: a source over ${this.options.maxSourceBytes} bytes was truncated`);
            source = source.slice(0, this.options.maxSourceBytes);
          }
          entry.source = source;
          this.index.set(target.key, e.scriptId, {
            url: e.url || null, sha256: sha256(source), startLine: e.startLine, startColumn: e.startColumn,
          });
        })
        .catch((err) => this.ctx.log.debug(`getScriptSource ${e.url}: ${errorMessage(err)}`));
    this.#fetches.push(fetch);
    this.#sources.set(`${target.key}/${e.scriptId}`, fetch);
    // Known early, so that initiators resolve even when the source never arrives.
    this.index.set(target.key, e.scriptId, {
      url: e.url || null, sha256: null, startLine: e.startLine, startColumn: e.startColumn,
    });
  }

  async getData(waitMs = 5000): Promise<ScriptsData> {
    await settleWithin(this.#fetches, waitMs);
    const sources: Record<string, string> = {};
    const scripts: ScriptRecord[] = [];
    const seen = new Set<string>();
    const documents = this.documents();
    for (const p of this.#pending) {
      if (p.source === null) continue;
      if (PROBE_HOOK_HASHES.has(this.index.get(p.target.key, p.event.scriptId)?.sha256 ?? '')) continue; // the probe's own page hooks
      const hash = this.index.get(p.target.key, p.event.scriptId)?.sha256 ?? sha256(p.source);
      sources[hash] = p.source;
      const stack = p.event.stackTrace ? this.index.stack(p.target.key, p.event.stackTrace) : null;
      const parent = stack?.find((f) => f.sha256 && f.sha256 !== hash) ?? null;
      const documentUrl = documentUrlOf(p);
      const kind = classifyScript({
        url: p.event.url, documentUrl, frameUrl: p.frameUrl, contextType: p.target.contextType,
        isModule: !!p.event.isModule, startLine: p.event.startLine, startColumn: p.event.startColumn,
        source: p.source, hasStack: !!stack?.length,
        parentText: parent ? textAt(sources[parent.sha256!] ?? null, parent.line, parent.column) : null,
        documentHtml: documentUrl ? documents.get(documentUrl) ?? null : null,
      });
      const embedded = p.event.url === documentUrl || p.event.startLine > 0 || p.event.startColumn > 0;
      const url = isStringBorn(kind) || kind === 'inline' || kind === 'event-handler' || (kind === 'module' && embedded)
        ? null : p.event.url || null;
      const record: ScriptRecord = {
        url,
        documentUrl,
        kind,
        sha256: hash,
        size: Buffer.byteLength(p.source),
        startLine: url ? 1 : p.event.startLine + 1,
        startColumn: url ? 1 : p.event.startColumn + 1,
        frameUrl: p.frameUrl,
        contextType: p.target.contextType,
        parentSha256: parent?.sha256 ?? null,
        stack,
        isModule: !!p.event.isModule,
        integrity: null,
      };
      // One record per distinct (hash, place, kind): a script run twice in one frame is one script.
      const key = `${hash}|${record.kind}|${record.url}|${record.frameUrl}|${record.startLine}|${record.startColumn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      scripts.push(record);
    }
    return { scripts, sources, capped: [...this.#capped] };
  }
}

function isStringBorn(kind: ScriptKind): boolean {
  return ['eval', 'function', 'timer-string', 'javascript-url', 'dynamic-inline'].includes(kind);
}

function documentUrlOf(p: Pending): string | null {
  const workerish: ContextType[] = ['worker', 'shared-worker', 'service-worker'];
  if (workerish.includes(p.target.contextType)) return p.target.url || null;
  return p.frameUrl;
}

/** The text of `source` at a 1-based line and column, a few dozen characters of it. */
function textAt(source: string | null, line: number, column: number): string | null {
  if (source === null) return null;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return null;
    offset = next + 1;
  }
  return source.slice(offset + column - 1, offset + column - 1 + 80);
}
