// Plain, JSON-serialisable data that flows from gather to verdict. No class instances, Maps,
// CDP handles or live Error objects: artifacts must survive JSON.parse(JSON.stringify(a)).

export const ARTIFACTS_VERSION = 1;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SCRIPT_KINDS = [
  'external', 'inline', 'dynamic-inline', 'module', 'eval', 'function', 'timer-string',
  'javascript-url', 'event-handler', 'worker', 'shared-worker', 'service-worker', 'data-url',
  'blob-url',
] as const;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];

export const REQUEST_TYPES = [
  'document', 'subframe', 'script', 'stylesheet', 'image', 'font', 'media', 'fetch', 'xhr',
  'beacon', 'websocket', 'eventsource', 'form', 'prefetch', 'preload', 'ping', 'other',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const ERROR_CODES = [
  'usage', 'dns', 'refused', 'tls', 'timeout', 'http-status', 'crash', 'interrupted', 'browser',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Verdict = 'clean' | 'suspicious' | 'compromised' | 'error';

/** The execution context a script or request came from. */
export type ContextType = 'page' | 'iframe' | 'worker' | 'shared-worker' | 'service-worker';

export interface StackFrame {
  url: string | null;
  sha256: string | null;
  functionName: string;
  line: number; // 1-based, relative to the script's own source
  column: number; // 1-based
}

export interface ScriptRecord {
  /** Own URL for external/worker/module scripts; null for inline and string-born code. */
  url: string | null;
  /** URL of the document (or worker) the script ran in. */
  documentUrl: string | null;
  kind: ScriptKind;
  sha256: string;
  size: number;
  /** 1-based line/column where the script starts inside its document (1 for external files). */
  startLine: number;
  startColumn: number;
  frameUrl: string | null;
  contextType: ContextType;
  /** Hash of the script whose code created this one (eval, Function, injected tag), if known. */
  parentSha256: string | null;
  /** Creation stack, when Chromium gives one. */
  stack: StackFrame[] | null;
  isModule: boolean;
  /** Whether Chromium reports the source map / the script came from a `<script integrity>` tag. */
  integrity: string | null;
}

export interface Initiator {
  scriptUrl: string | null;
  sha256: string | null;
  line: number | null;
  column: number | null;
  /** Outermost-first is not guaranteed: frames as Chromium gave them, async parents appended. */
  stack?: StackFrame[];
}

export interface WebSocketFrame {
  dir: 'sent' | 'received';
  data: string;
  opcode: number;
  time: number;
}

export interface RequestRecord {
  url: string;
  method: string;
  type: RequestType;
  status: number | null;
  thirdParty: boolean;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string> | null;
  postData: string | null;
  postDataTruncated?: boolean;
  frames?: WebSocketFrame[];
  initiator: Initiator | null;
  frameUrl: string | null;
  contextType: ContextType;
  /** ms since the target's navigation started */
  time: number;
  failure: string | null;
}

export interface FormField {
  tag: string;
  type: string | null;
  name: string | null;
  id: string | null;
  autocomplete: string | null;
  label: string | null;
  placeholder: string | null;
  ariaLabel: string | null;
  /** Classified payment role, e.g. 'card-number', 'cvv', 'expiry', 'holder', or null. */
  role: string | null;
}

export interface FormFacts {
  action: string | null;
  method: string;
  id: string | null;
  name: string | null;
  frameUrl: string;
  fields: FormField[];
}

export interface ScriptTagFacts {
  src: string | null;
  integrity: string | null;
  crossorigin: string | null;
  type: string | null;
  frameUrl: string;
}

export interface DomFacts {
  title: string | null;
  forms: FormFacts[];
  iframes: Array<{ src: string | null; frameUrl: string; sandbox: string | null }>;
  scriptTags: ScriptTagFacts[];
  /** `javascript:` URLs found in href/src attributes. */
  javascriptUrls: string[];
  securityHeaders: Record<string, string>;
  /** An image data URL of the viewport; null when the screenshot failed or was skipped. */
  screenshot: string | null;
}

/** A script read a payment field (value getter hook or listener), recorded by the page hooks. */
export interface FieldRead {
  field: string; // role, e.g. 'card-number'
  selector: string;
  how: 'value' | 'listener' | 'formdata' | 'other';
  reader: Initiator | null;
  frameUrl: string | null;
  time: number;
}

/** An encoding or encryption call the page made (btoa, crypto.subtle, CryptoJS, JSEncrypt…), seen by the page hooks. */
export interface ProbeTransform {
  fn: string;
  /** Input and output as text (binary as latin1), each cut to 4096 characters. */
  input: string;
  output: string;
  caller: Initiator | null;
  frameUrl: string | null;
  time: number;
}

/** What the canary probe did and saw (src/gather/probe). */
export interface ProbeResult {
  /** The values typed; `cardNumber` is the primary canary. */
  canary: Record<string, string> & { cardNumber: string };
  /** ms since the target's navigation started: typing began / the probe ended. */
  startedAt: number;
  finishedAt: number;
  /** Fields typed into: role, frame, a selector, and the value the field held afterwards. */
  filled: Array<{ role: string; frameUrl: string | null; selector: string; value: string }>;
  /** Absolute actions of the forms holding the filled fields: the page's own submission. */
  formActions: string[];
  /** What was clicked, in order: steps towards the form, then the submit button. */
  clicked: string[];
  submitted: boolean;
  /** Requests the probe answered locally instead of letting them reach the backend. */
  answered: Array<{ url: string; method: string; status: number; why: 'form-post' | 'first-party-canary' }>;
  /** Values pages put into storage or cookies after typing began. */
  storage: Array<{ kind: 'localStorage' | 'sessionStorage' | 'cookie'; key: string; value: string; frameUrl: string | null; time: number; writer: Initiator | null }>;
  transforms: ProbeTransform[];
  notes: string[];
}

export interface CollectorError {
  collector: string;
  phase: string;
  message: string;
}

export interface TargetArtifacts {
  artifactsVersion: number;
  url: string;
  finalUrl: string | null;
  startedAt: string;
  finishedAt: string;
  /** Main-document HTTP status, when a response arrived. */
  status: number | null;
  scripts: ScriptRecord[] | null;
  /** Unique sources of this target, keyed by SHA-256. Saved separately as scripts/<sha>.js. */
  sources: Record<string, string>;
  network: RequestRecord[] | null;
  dom: DomFacts | null;
  fields: FieldRead[] | null;
  /** Filled by the canary probe; null when it did not run. */
  probe: ProbeResult | null;
  errors: CollectorError[];
  /** Notes about caps that cut data (scripts, requests, body sizes). */
  caps: string[];
  /** Set when the target could not be (fully) scanned. */
  fatal: { code: ErrorCode; message: string } | null;
}
