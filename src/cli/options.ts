import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../artifacts/types.js';
import { UsageError, errorMessage } from '../errors.js';
import { parseResolveRule, type Config } from './config.js';
import { parseTargetUrl, parseTargetsFile } from './targets.js';
import type { ResolveRule } from '../gather/browser.js';

export const FORMATS = ['json', 'sarif', 'junit', 'har', 'html', 'md'] as const;
export const AVAILABLE_FORMATS = new Set<string>(FORMATS);

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function positiveInt(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}`);
    return n;
  };
}

// `analyze --json a.js b.js` reads as "JSON, files a.js and b.js" but gives a.js to --json: the report
// would overwrite the first script (the evidence). A report never goes to a script or page name.
const SOURCE_FILE = /\.(?:[cm]?js|jsx|tsx?|html?|xhtml)$/i;

/** A report file path: FILE or - (stdout), never a name that looks like a script or a page. */
export function reportPath(value: string): string {
  if (SOURCE_FILE.test(value)) throw new InvalidArgumentError(`${value} is a script or page name: a report never overwrites one (write to FILE.json, or - for stdout)`);
  return value;
}

export function failOnLevel(value: string): Severity | 'none' {
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}, none`);
}

export interface ScanFlags {
  targets?: string;
  config?: string;
  json?: string;
  out?: string;
  format?: string[];
  failOn?: Severity | 'none';
  concurrency?: number;
  timeout?: number;
  /** --quiet: only warnings and the summary. (`--quiet-window` is `quietWindow`.) */
  quiet?: boolean;
  verbose?: boolean;
  chrome?: string;
  probe: boolean;
  resolve?: string[];
  offline?: boolean;
  ignoreHttpsErrors?: boolean;
  header?: string[];
  cookie?: string[];
  proxy?: string;
  device?: 'desktop' | 'mobile';
  click?: string[];
  allowSubmit?: boolean;
  iocs?: string;
  saveArtifacts?: string;
  baseline?: string;
}

export async function readTargets(urls: string[], targetsFile: string | undefined): Promise<string[]> {
  const list = urls.map(parseTargetUrl);
  if (targetsFile) {
    let text: string;
    try {
      text = await readFile(targetsFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--targets ${targetsFile}: ${errorMessage(err).replace(/^[A-Z]+: /, '')}`);
    }
    list.push(...parseTargetsFile(text, targetsFile));
  }
  const unique = [...new Set(list)];
  if (!unique.length) throw new UsageError('no targets: give URLs or --targets FILE');
  return unique;
}

export function parseHeaders(lines: string[] = [], fromConfig: Record<string, string> = {}): Record<string, string> {
  const headers = { ...fromConfig };
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0 || /[\r\n\0]/.test(line)) throw new UsageError(`--header "${line}": expected 'Name: value'`);
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}

export function resolveRules(flags: string[] = [], config: Config): ResolveRule[] {
  return [...(config.scan?.resolve ?? []), ...flags].map((s) => {
    try {
      return parseResolveRule(s);
    } catch (err) {
      throw new UsageError(`--resolve ${s}: ${errorMessage(err)}`);
    }
  });
}

export function checkFormats(formats: string[] = []): void {
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format ${f}: expected one of ${FORMATS.join(', ')}`);
    if (!AVAILABLE_FORMATS.has(f)) throw new UsageError(`--format ${f}: not yet available in this version`);
  }
}
