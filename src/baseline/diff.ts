// Readable unified diffs of script sources (jsdiff), beautified first when the code is minified
// (js-beautify), so that a reviewer sees the one appended line and not one changed 80 kB line.
import { createTwoFilesPatch } from 'diff';
import beautify from 'js-beautify';

export const MAX_DIFF_CHARS = 64_000;

/** Few, very long lines: minified or packed code. */
export function looksMinified(source: string): boolean {
  if (source.length < 400) return false;
  const lines = source.split('\n');
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return longest > 500 && source.length / lines.length > 150;
}

export function beautifyJs(source: string): string {
  return beautify.js(source, { indent_size: 2, preserve_newlines: true, max_preserve_newlines: 2, wrap_line_length: 0 });
}

export interface SourceDiff {
  diff: string;
  beautified: boolean;
  truncated: boolean;
  added: number;
  removed: number;
}

export function unifiedDiff(label: string, oldSource: string, newSource: string): SourceDiff {
  const beautified = looksMinified(oldSource) || looksMinified(newSource);
  const a = beautified ? beautifyJs(oldSource) : oldSource;
  const b = beautified ? beautifyJs(newSource) : newSource;
  let diff = createTwoFilesPatch(`baseline/${label}`, `current/${label}`, ensureNl(a), ensureNl(b), '', '', { context: 3 });
  diff = diff.replace(/^=+\n/m, '').replace(/^Index: .*\n/m, '');
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  const truncated = diff.length > MAX_DIFF_CHARS;
  if (truncated) diff = `${diff.slice(0, MAX_DIFF_CHARS)}\n… (diff cut at ${MAX_DIFF_CHARS} characters)\n`;
  return { diff, beautified, truncated, added, removed };
}

function ensureNl(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}
