import type { ContextType, ScriptKind } from '../../artifacts/types.js';

export interface ScriptFacts {
  /** URL as Debugger.scriptParsed gave it ('' for string-born code). */
  url: string;
  documentUrl: string | null;
  frameUrl: string | null;
  contextType: ContextType;
  isModule: boolean;
  startLine: number; // 0-based, as CDP gives it
  startColumn: number;
  source: string;
  /** Whether Chromium gave a creation stack (eval, Function, inserted scripts, handlers fired by script). */
  hasStack: boolean;
  /** Text of the creating script at the call site, when known. */
  parentText: string | null;
  /** HTML of the document, when captured: tells `<script>` bodies from `onclick="…"` attributes. */
  documentHtml: string | null;
}

const WORKER_KINDS: Partial<Record<ContextType, ScriptKind>> = {
  worker: 'worker', 'shared-worker': 'shared-worker', 'service-worker': 'service-worker',
};

/**
 * Chromium does not say how a script came to be; this reads it off what it does say. Order matters:
 * URL schemes first, then workers and modules, then document-embedded code, then string-born code.
 */
export function classifyScript(f: ScriptFacts): ScriptKind {
  if (f.url.startsWith('data:')) return 'data-url';
  if (f.url.startsWith('blob:')) return 'blob-url';
  const workerKind = WORKER_KINDS[f.contextType];
  if (workerKind && f.url) return workerKind;
  if (f.isModule) return 'module';
  if (f.url) {
    const embedded = f.url === f.documentUrl || f.url === 'about:srcdoc' || f.startLine > 0 || f.startColumn > 0;
    if (!embedded) return 'external';
    return isEventHandlerAttribute(f) ? 'event-handler' : 'inline';
  }
  if (f.source.startsWith('(function anonymous(')) return 'function';
  if (f.parentText !== null) return kindFromCallSite(f.parentText);
  if (f.hasStack) return 'eval';
  return looksLikeJavascriptUrl(f) ? 'javascript-url' : 'timer-string';
}

function isEventHandlerAttribute(f: ScriptFacts): boolean {
  if (f.documentHtml) {
    const lines = f.documentHtml.split('\n');
    const before = (lines[f.startLine] ?? '').slice(0, f.startColumn);
    if (/\bon[a-z]+\s*=\s*["']?$/i.test(before)) return true;
    if (/<script\b[^>]*>$/i.test(before)) return false;
  }
  // Parser-inserted `<script>` bodies run with no JavaScript stack; handlers fired by script have one.
  return f.hasStack;
}

function kindFromCallSite(text: string): ScriptKind {
  if (/^(?:[\w$.]*\.)?(?:set(?:Timeout|Interval)|setImmediate)\b/.test(text)) return 'timer-string';
  if (/^(?:[\w$.]*\.)?(?:write(?:ln)?|appendChild|insertBefore|append|prepend|before|after|replaceWith|replaceChild|insertAdjacent(?:HTML|Element)|(?:inner|outer)HTML|text(?:Content)?|innerText)\b/.test(text)) {
    return 'dynamic-inline';
  }
  if (/^[\w$.[\]'"]*\b(?:createElement|head|body|documentElement)\b/.test(text)) return 'dynamic-inline';
  return 'eval';
}

function looksLikeJavascriptUrl(f: ScriptFacts): boolean {
  if (!f.documentHtml) return false;
  const head = f.source.slice(0, 40);
  const idx = f.documentHtml.indexOf('javascript:');
  return idx >= 0 && head.length > 0 && f.documentHtml.includes(`javascript:${head}`);
}
