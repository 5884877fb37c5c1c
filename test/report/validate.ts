// Validators for the report formats, against the schemas kept in schemas/: the official SARIF 2.1.0
// schema, HAR 1.2 (from the npm package har-schema), and the common Ant/JUnit XSD (via xmllint).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

// Both are CommonJS: under NodeNext the default import is the module object at run time.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => void;

const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const JUNIT_XSD = join(SCHEMAS, 'junit-windyroad.xsd');

let sarif: ValidateFunction | undefined;
let har: ValidateFunction | undefined;
function compile(): void {
  if (sarif && har) return;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addMetaSchema(draft6);
  sarif = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'sarif-2.1.0.json'), 'utf8')));
  har = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'har-1.2.json'), 'utf8')));
}

function check(v: ValidateFunction, data: unknown, what: string): void {
  if (v(data)) return;
  throw new Error(`${what} is invalid:\n${(v.errors ?? []).slice(0, 15).map((e) => `  ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`).join('\n')}`);
}

export function assertValidSarif(text: string): void {
  compile();
  check(sarif!, JSON.parse(text), 'SARIF (schemas/sarif-2.1.0.json)');
}

export function assertValidHar(text: string): void {
  compile();
  check(har!, JSON.parse(text), 'HAR (schemas/har-1.2.json)');
}

/** xmllint is a Debian package (libxml2-utils, installed by scripts/install.sh). */
export const HAVE_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
if (!HAVE_XMLLINT && process.env.CI) {
  throw new Error('xmllint is missing: JUnit XML cannot be validated. Install libxml2-utils (scripts/install.sh does).');
}

/** Well-formed XML 1.0 and valid against the JUnit XSD. */
export function assertValidJunit(xml: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'skimscan-junit-'));
  const file = join(dir, 'junit.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: Buffer };
    throw new Error(`JUnit XML does not validate against ${JUNIT_XSD}:\n${e.stderr?.toString() ?? String(err)}`);
  }
}
