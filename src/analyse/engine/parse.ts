// acorn (latest ecmaVersion, script or module as fits, locations on); acorn-loose on a syntax error.
import * as acorn from 'acorn';
import * as loose from 'acorn-loose';
import type { Program } from 'estree';

export const PARSE_OPTIONS = {
  ecmaVersion: 'latest',
  locations: true,
  allowHashBang: true,
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
} as const;

export interface ParseResult {
  ast: Program | null;
  sourceType: 'script' | 'module';
  /** First syntax error (the AST then comes from acorn-loose), or why nothing could be parsed. */
  parseError: string | null;
  loose: boolean;
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function parseSource(source: string, isModule = false): ParseResult {
  const first = isModule ? 'module' : 'script';
  const second = isModule ? 'script' : 'module';
  let firstError: string | null = null;
  try {
    return { ast: acorn.parse(source, { ...PARSE_OPTIONS, sourceType: first }) as unknown as Program, sourceType: first, parseError: null, loose: false };
  } catch (e) {
    firstError = msg(e);
    if (e instanceof RangeError) return { ast: null, sourceType: first, parseError: `parser stack overflow: ${firstError}`, loose: false };
  }
  // `import`/`export` in a script, or a script-only construct in a module
  if (/\b(import|export)\b/.test(source)) {
    try {
      return { ast: acorn.parse(source, { ...PARSE_OPTIONS, sourceType: second }) as unknown as Program, sourceType: second, parseError: null, loose: false };
    } catch {
      /* fall through to the loose parser */
    }
  }
  try {
    const ast = loose.parse(source, { ...PARSE_OPTIONS, sourceType: first }) as unknown as Program;
    return { ast, sourceType: first, parseError: firstError, loose: true };
  } catch (e) {
    return { ast: null, sourceType: first, parseError: `${firstError}; loose parser: ${msg(e)}`, loose: false };
  }
}
