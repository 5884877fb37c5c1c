import { readFileSync } from 'node:fs';
import { hostMatchesGlob } from '../hosts.js';

const DATA = new URL('../../../data/processors.json', import.meta.url);

let builtIn: string[] | null = null;

/** The built-in list of well-known card processors' hosts (data/processors.json). */
export function builtInProcessors(): string[] {
  if (!builtIn) {
    // dist/src/verdict -> repo root is three levels up; under vitest (src/verdict) it is two.
    for (const url of [DATA, new URL('../../data/processors.json', import.meta.url)]) {
      try {
        builtIn = (JSON.parse(readFileSync(url, 'utf8')) as { processors: string[] }).processors;
        break;
      } catch { /* try the next layout */ }
    }
    builtIn ??= [];
  }
  return builtIn;
}

export function isAllowedProcessor(host: string, globs: string[]): boolean {
  return globs.some((g) => hostMatchesGlob(host, g));
}
