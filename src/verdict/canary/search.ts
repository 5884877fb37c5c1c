// The canary search: does a string (URL, header, body, WebSocket frame, storage value) carry the
// probe's card number, however it was encoded? Pure functions, no browser.
//
// Breadth-first over decoded views of the carrier: each view is the carrier after a chain of
// decoding steps (URL-decoding, base64 at any offset, hex, reversal, ROT13, JSON escapes,
// char-code lists). Every view is checked for the card digits (plain, split by separators),
// md5/sha1/sha256 of the digits and of the value as typed, outputs of encryption/encoding calls
// the page hooks saw the canary go into, and, on binary views, repeating-key XOR of the digits.
import { createHash } from 'node:crypto';
import type { CanaryValues } from './values.js';

export interface DerivedNeedle {
  /** Text the canary became inside the page (an encryption or encoding call's output). */
  text: string;
  /** How it was made, e.g. 'crypto.subtle.encrypt' or 'JSEncrypt.encrypt'. */
  via: string;
}

export interface SearchOptions {
  /** Decoding steps applied at most, one after the other (default 3: e.g. url-decode > reverse > base64). */
  maxDepth?: number;
  /** Decoded views examined per carrier at most (default 300). */
  maxViews?: number;
  /** The card field's value as the page held it after typing (formatting may add spaces). */
  typedValues?: string[];
  derived?: DerivedNeedle[];
}

export interface CanaryHit {
  /** Decoding steps applied to the carrier, outermost first. */
  chain: string[];
  /** How the card sat in the decoded view: 'plain', 'separated', 'sha256(digits)', 'xor(key=…)', 'derived(…)' … */
  form: string;
  /** The chain and form in one word, e.g. 'url-decode>base64>plain'. */
  encoding: string;
  /** Offset of the match in the decoded view. */
  offset: number;
  /** Up to 40 characters either side of the match, in the decoded view (non-printables escaped). */
  context: string;
  /** Other canary values seen next to the card (within 300 characters of it). */
  alsoSeen: string[];
}

interface View { text: string; chain: string[]; binary: boolean }

const MAX_VIEW_CHARS = 300_000;

/** Precomputed needles for one canary. */
export class CanaryMatcher {
  readonly digits: string;
  #separated: RegExp;
  #hashes: Array<{ form: string; text: string }> = [];
  #derived: DerivedNeedle[];
  #near: Array<{ label: string; text: string }>;
  #xorPlain: string[];

  constructor(readonly canary: CanaryValues, private options: SearchOptions = {}) {
    this.digits = canary.cardNumber.replace(/\D/g, '');
    this.#separated = new RegExp(this.digits.split('').join('[^0-9A-Za-z]{0,3}'));
    const typed = new Set([this.digits, canary.cardNumber, ...(options.typedValues ?? [])]);
    for (const value of typed) {
      const what = value === this.digits ? 'digits' : `typed "${value}"`;
      for (const alg of ['md5', 'sha1', 'sha256'] as const) {
        const digest = createHash(alg).update(value).digest();
        this.#hashes.push({ form: `${alg}(${what})`, text: digest.toString('hex') });
        this.#hashes.push({ form: `${alg}(${what}) base64`, text: digest.toString('base64').replace(/=+$/, '') });
      }
    }
    this.#xorPlain = [...typed].filter((v) => v.length >= 12);
    this.#derived = (options.derived ?? []).filter((d) => d.text.length >= 8);
    const yy = canary.expYear.slice(-2);
    this.#near = [
      { label: 'cvv', text: canary.cvv },
      { label: 'expiry', text: canary.expiry },
      { label: 'expiry', text: `${canary.expMonth}${yy}` },
      { label: 'expiry', text: `${canary.expMonth}/${canary.expYear}` },
      { label: 'holder', text: canary.holder },
      { label: 'holder', text: canary.lastName },
      { label: 'email', text: canary.email },
      { label: 'zip', text: canary.zip },
      { label: 'phone', text: canary.phone },
    ];
  }

  /** The shortest decoding chain under which `carrier` holds the card, or null. */
  find(carrier: string | null | undefined): CanaryHit | null {
    if (!carrier || carrier.length < 8) return null;
    const maxDepth = this.options.maxDepth ?? 3;
    const maxViews = this.options.maxViews ?? 300;
    const seen = new Set<string>();
    let queue: View[] = [{ text: carrier.slice(0, MAX_VIEW_CHARS), chain: [], binary: false }];
    let examined = 0;
    for (let depth = 0; depth <= maxDepth && queue.length; depth++) {
      const next: View[] = [];
      for (const view of queue) {
        if (seen.has(view.text)) continue;
        seen.add(view.text);
        if (++examined > maxViews) return null;
        const hit = this.#check(view);
        if (hit) return hit;
        if (depth < maxDepth && !view.binary) next.push(...decodings(view));
      }
      queue = next;
    }
    return null;
  }

  #check(view: View): CanaryHit | null {
    const t = view.text;
    let at = t.indexOf(this.digits);
    if (at >= 0) return this.#hit(view, 'plain', at, this.digits.length);
    const sep = this.#separated.exec(t);
    if (sep) return this.#hit(view, 'separated', sep.index, sep[0].length);
    const lower = t.toLowerCase();
    for (const h of this.#hashes) {
      const hay = h.form.endsWith('base64') ? t : lower;
      at = hay.indexOf(h.text);
      if (at >= 0) return this.#hit(view, h.form, at, h.text.length);
    }
    for (const d of this.#derived) {
      at = t.indexOf(d.text);
      if (at >= 0) return this.#hit(view, `derived(${d.via})`, at, d.text.length);
    }
    if (view.binary || /^(base64|hex)/.test(view.chain.at(-1) ?? '')) {
      for (const plain of this.#xorPlain) {
        const x = xorFind(t, plain);
        if (x) return this.#hit({ ...view, text: x.plain }, `xor(key=${JSON.stringify(x.key)})`, x.offset, plain.length);
      }
    }
    return null;
  }

  #hit(view: View, form: string, offset: number, length: number): CanaryHit {
    const start = Math.max(0, offset - 300);
    const around = view.text.slice(start, offset + length + 300);
    const alsoSeen = [...new Set(this.#near.filter((n) => n.text.length >= 3 && around.includes(n.text)).map((n) => n.label))];
    return {
      chain: view.chain, form, encoding: [...view.chain, form].join('>'), offset,
      context: printable(view.text.slice(Math.max(0, offset - 40), offset + length + 40)), alsoSeen,
    };
  }
}

/** Convenience: one carrier, one canary. */
export function findCanary(carrier: string | null | undefined, canary: CanaryValues, options: SearchOptions = {}): CanaryHit | null {
  return new CanaryMatcher(canary, options).find(carrier);
}

// ------------------------------------------------------------------ decoders

function decodings(view: View): View[] {
  const out: View[] = [];
  const t = view.text;
  const add = (text: string | null, step: string, binary = false) => {
    if (text !== null && text !== t && text.length >= 8) out.push({ text, chain: [...view.chain, step], binary });
  };
  if (/%[0-9a-f]{2}/i.test(t) || (/\+/.test(t) && /=/.test(t))) add(urlDecode(t), 'url-decode');
  if (/\\(u[0-9a-f]{4}|x[0-9a-f]{2}|["\\/])/i.test(t)) add(jsonUnescape(t), 'json-unescape');
  for (const m of t.matchAll(/(?:\d{2,3}\s*[,; ]\s*){7,}\d{2,3}/g)) add(charCodes(m[0]), 'char-codes');
  for (const m of t.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const token = m[0];
    for (let off = 0; off < 4; off++) {
      const bytes = base64Decode(token.slice(off));
      if (bytes === null) continue;
      const pr = printableRatio(bytes);
      if (off === 0 || pr > 0.85) add(bytes, off === 0 ? base64Name(token) : `${base64Name(token)}@${off}`, pr < 0.85);
    }
  }
  for (const m of t.matchAll(/[0-9a-fA-F]{16,}/g)) {
    for (let off = 0; off < 2; off++) {
      const run = m[0].slice(off);
      const bytes = Buffer.from(run.slice(0, run.length - (run.length % 2)), 'hex').toString('latin1');
      add(bytes, off ? 'hex@1' : 'hex', printableRatio(bytes) < 0.85);
    }
  }
  if (t.length <= 100_000) {
    add(t.split('').reverse().join(''), 'reverse');
    if (/[a-z]/i.test(t)) add(rot13(t), 'rot13');
  }
  return out;
}

function base64Name(token: string): string {
  return /[-_]/.test(token) ? 'base64url' : 'base64';
}

export function urlDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  return plus.replace(/(?:%[0-9a-f]{2})+/gi, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return Buffer.from(m.replace(/%/g, ''), 'hex').toString('latin1');
    }
  });
}

export function jsonUnescape(s: string): string {
  return s
    .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\(["\\/])/g, '$1');
}

export function charCodes(s: string): string | null {
  const codes = s.split(/[^\d]+/).filter(Boolean).map(Number);
  if (codes.some((c) => c < 32 || c > 126)) return null;
  return String.fromCharCode(...codes);
}

export function base64Decode(token: string): string | null {
  const t = token.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (t.length < 8 || t.length % 4 === 1) return null;
  return Buffer.from(t, 'base64').toString('latin1');
}

export function rot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function printableRatio(s: string): number {
  if (!s.length) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13 || c >= 160) n++;
  }
  return n / s.length;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Known-plaintext attack on repeating-key XOR (key length 1-8): where in `bytes` do the card
 * digits sit, XORed with some key? Returns the key and the whole carrier decrypted with it.
 */
export function xorFind(bytes: string, digits: string, maxKey = 8): { key: string; offset: number; plain: string } | null {
  if (digits.length < 12) return null;
  const n = digits.length;
  for (let i = 0; i + n <= bytes.length; i++) {
    for (let len = 1; len <= maxKey && len * 2 <= n; len++) {
      let ok = true;
      for (let j = len; j < n && ok; j++) {
        const kj = bytes.charCodeAt(i + j) ^ digits.charCodeAt(j);
        const kr = bytes.charCodeAt(i + (j % len)) ^ digits.charCodeAt(j % len);
        if (kj !== kr) ok = false;
      }
      if (!ok) continue;
      const keyAt = Array.from({ length: len }, (_, j) => bytes.charCodeAt(i + j) ^ digits.charCodeAt(j));
      if (keyAt.every((k) => k === 0)) continue; // not XORed at all
      // Key phase: byte p of the carrier was XORed with key[(p - i) mod len]
      const key = Array.from({ length: len }, (_, j) => keyAt[(((j - i) % len) + len) % len]!);
      let plain = '';
      for (let p = 0; p < bytes.length; p++) plain += String.fromCharCode(bytes.charCodeAt(p) ^ key[p % len]!);
      return { key: String.fromCharCode(...key), offset: i, plain };
    }
  }
  return null;
}
