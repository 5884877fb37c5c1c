// Target URLs from the command line and from `--targets FILE` (DESIGN.md, command-line contract).
import { UsageError } from '../errors.js';

const MAX_SHOWN = 80;

function shown(s: string): string {
  const one = s.replace(/[\r\n\t]/g, ' ');
  return JSON.stringify(one.length > MAX_SHOWN ? `${one.slice(0, MAX_SHOWN)}…` : one);
}

/** Why `s` is not a scannable URL, or null when it is. Also returns the normalised URL. */
function checkUrl(s: string): { url: string } | { problem: string } {
  const text = s.trim();
  if (text === '') return { problem: 'empty URL' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return { problem: `${shown(text)} has no scheme (write https://…)` };
  if (scheme !== 'http' && scheme !== 'https') {
    return { problem: `${shown(text)}: scheme ${scheme}: is not allowed (only http and https)` };
  }
  if (/\s/.test(text)) return { problem: `${shown(text)} contains whitespace` };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { problem: `${shown(text)} is not a valid URL` };
  }
  if (!/^https?:\/\/[^/?#]/i.test(text) || u.hostname === '') {
    return { problem: `${shown(text)} has no host` };
  }
  if (u.username || u.password) return { problem: `${shown(text)} must not carry credentials` };
  return { url: u.href };
}

/** Validates one target URL (http or https, with a host); returns it normalised (WHATWG href). */
export function parseTargetUrl(s: string): string {
  const r = checkUrl(s);
  if ('problem' in r) throw new UsageError(`bad target URL: ${r.problem}`);
  return r.url;
}

/**
 * One URL per line; `#` starts a comment (at line start or after whitespace) and blank lines are
 * skipped; duplicates (after normalisation) dropped, first occurrence kept. A bad line throws a
 * UsageError naming `file:line` and the problem.
 */
export function parseTargetsFile(text: string, fileName: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const r = checkUrl(line);
    if ('problem' in r) throw new UsageError(`${fileName}:${i + 1}: ${r.problem}`);
    if (!seen.has(r.url)) {
      seen.add(r.url);
      out.push(r.url);
    }
  });
  return out;
}
