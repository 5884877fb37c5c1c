// Validates JSON the tests produce against schemas/*.schema.json (DESIGN.md: "validate every
// report the tests produce against it"). Throws with ajv's readable errors.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the plugin itself at run time.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);
export const REPORT_SCHEMA_ID = 'https://skimscan.example/schemas/report.schema.json';
export const ANALYZE_SCHEMA_ID = 'https://skimscan.example/schemas/analyze.schema.json';

export function loadSchema(name: 'report' | 'analyze'): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

let ajv: Ajv2020 | undefined;
function compiled(id: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addSchema(loadSchema('report'));
    ajv.addSchema(loadSchema('analyze'));
  }
  const v = ajv.getSchema(id);
  if (!v) throw new Error(`schema ${id} not loaded`);
  return v;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function describe(errors: ErrorObject[], data: unknown, what: string): string {
  const lines = errors
    // `if/then` repeats its inner error; the inner one says it better.
    .filter((e) => e.keyword !== 'if')
    .slice(0, 20)
    .map((e) => {
      const at = e.instancePath || '(root)';
      let extra = '';
      if (e.keyword === 'enum') extra = ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
      const got = valueAt(data, e.instancePath);
      const shown = got === undefined ? '' : `, got ${JSON.stringify(got)?.slice(0, 80)}`;
      return `  ${what}${at}: ${e.message}${extra}${e.keyword === 'required' || e.keyword === 'type' && typeof got === 'object' ? '' : shown}`;
    });
  return lines.join('\n');
}

function check(id: string, data: unknown, what: string, file: string): void {
  const validate = compiled(id);
  if (validate(data)) return;
  throw new Error(`${what} does not match ${file}:\n${describe(validate.errors ?? [], data, what)}`);
}

/** Throws unless `report` matches schemas/report.schema.json. */
export function assertValidReport(report: unknown): void {
  check(REPORT_SCHEMA_ID, report, 'report', 'schemas/report.schema.json');
}

/** Throws unless `x` matches schemas/analyze.schema.json. */
export function assertValidAnalyzeReport(x: unknown): void {
  check(ANALYZE_SCHEMA_ID, x, 'analyze', 'schemas/analyze.schema.json');
}
