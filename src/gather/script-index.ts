import type { Initiator, StackFrame } from '../artifacts/types.js';

export interface IndexedScript {
  url: string | null;
  sha256: string | null;
  /** 0-based position of the script inside its document, as CDP reports it. */
  startLine: number;
  startColumn: number;
}

/** CDP's call frames, minimal shape (Runtime.CallFrame / Runtime.StackTrace). */
export interface CdpCallFrame {
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
  functionName: string;
}
export interface CdpStackTrace {
  callFrames: CdpCallFrame[];
  parent?: CdpStackTrace;
}

/**
 * Maps (session, scriptId) to what the scripts collector learnt, so that stacks from any collector
 * name scripts by URL or hash with lines relative to the script's own source.
 */
export class ScriptIndex {
  #scripts = new Map<string, IndexedScript>();

  set(sessionKey: string, scriptId: string, script: IndexedScript): void {
    this.#scripts.set(`${sessionKey}/${scriptId}`, script);
  }

  get(sessionKey: string, scriptId: string): IndexedScript | undefined {
    return this.#scripts.get(`${sessionKey}/${scriptId}`);
  }

  frame(sessionKey: string, f: CdpCallFrame): StackFrame {
    const s = this.get(sessionKey, f.scriptId);
    const startLine = s?.startLine ?? 0;
    const startColumn = s?.startColumn ?? 0;
    const onFirstLine = f.lineNumber === startLine;
    return {
      url: s ? s.url : f.url || null,
      sha256: s?.sha256 ?? null,
      functionName: f.functionName,
      line: f.lineNumber - startLine + 1,
      column: (onFirstLine ? f.columnNumber - startColumn : f.columnNumber) + 1,
    };
  }

  /** All frames, synchronous ones first, then each async parent's. */
  stack(sessionKey: string, trace: CdpStackTrace | undefined, limit = 20): StackFrame[] {
    const frames: StackFrame[] = [];
    for (let t = trace; t && frames.length < limit; t = t.parent) {
      for (const f of t.callFrames) {
        if (frames.length >= limit) break;
        frames.push(this.frame(sessionKey, f));
      }
    }
    return frames;
  }

  initiator(sessionKey: string, trace: CdpStackTrace | undefined): Initiator | null {
    const stack = this.stack(sessionKey, trace);
    const top = stack[0];
    if (!top) return null;
    return { scriptUrl: top.url, sha256: top.sha256, line: top.line, column: top.column, stack };
  }
}
