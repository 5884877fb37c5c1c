// Known skimmer infrastructure: domains and script hashes from public reports (data/iocs.json),
// replaceable with `--iocs FILE`.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { getDomain } from 'tldts';

export interface IocSet {
  domains: ReadonlySet<string>;
  hashes: ReadonlySet<string>;
  /** Where each entry came from, for evidence. */
  notes: Readonly<Record<string, string>>;
}

export interface IocFile {
  version?: number;
  domains: Array<string | { domain: string; note?: string }>;
  hashes?: Array<string | { sha256: string; note?: string }>;
}

export function iocSetFrom(file: IocFile): IocSet {
  const domains = new Set<string>();
  const hashes = new Set<string>();
  const notes: Record<string, string> = {};
  for (const d of file.domains ?? []) {
    const name = (typeof d === 'string' ? d : d.domain).toLowerCase().trim();
    if (!name) continue;
    domains.add(name);
    if (typeof d !== 'string' && d.note) notes[name] = d.note;
  }
  for (const h of file.hashes ?? []) {
    const v = (typeof h === 'string' ? h : h.sha256).toLowerCase().trim();
    if (!/^[0-9a-f]{64}$/.test(v)) continue;
    hashes.add(v);
    if (typeof h !== 'string' && h.note) notes[v] = h.note;
  }
  return { domains, hashes, notes };
}

export function loadIocs(path: string): IocSet {
  return iocSetFrom(JSON.parse(readFileSync(path, 'utf8')) as IocFile);
}

let defaultSet: IocSet | null = null;

/** The bundled data/iocs.json (works from src/ under vitest and from dist/src/ when built). */
export function defaultIocs(): IocSet {
  if (defaultSet) return defaultSet;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../data/iocs.json', '../../../data/iocs.json']) {
    const p = join(here, rel);
    if (existsSync(p)) return (defaultSet = loadIocs(p));
  }
  return (defaultSet = { domains: new Set(), hashes: new Set(), notes: {} });
}

/** The IOC domain a host belongs to (exact or a subdomain of it), or null. */
export function matchIocHost(host: string, iocs: IocSet): string | null {
  let h = host.toLowerCase().replace(/\.$/, '');
  if (iocs.domains.has(h)) return h;
  const reg = getDomain(h);
  if (reg && iocs.domains.has(reg)) return reg;
  while (h.includes('.')) {
    h = h.slice(h.indexOf('.') + 1);
    if (iocs.domains.has(h)) return h;
  }
  return null;
}
