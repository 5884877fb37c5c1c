// Alert channels: a generic signed webhook, a Slack-compatible incoming webhook, a command hook.
// Secrets (the HMAC key, Slack's URL) come from environment variables named in the config: they
// are read at start-up, never written to the history and never printed (errors name the variable).
import { spawn } from 'node:child_process';
import { VERSION } from '../version.js';
import { UsageError } from '../errors.js';
import { signature, slackMessage } from './payload.js';
import type { AlertPayload } from './types.js';

export interface WebhookChannelConfig {
  type: 'webhook';
  name?: string;
  url?: string;
  urlEnv?: string;
  secretEnv?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}
export interface SlackChannelConfig {
  type: 'slack';
  name?: string;
  url?: string;
  urlEnv?: string;
  timeoutMs?: number;
}
export interface CommandChannelConfig {
  type: 'command';
  name?: string;
  /** argv: no shell. */
  command: string[];
  timeoutMs?: number;
}
export type ChannelConfig = WebhookChannelConfig | SlackChannelConfig | CommandChannelConfig;

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export interface Channel {
  name: string;
  type: ChannelConfig['type'];
  send(payload: AlertPayload, body: string): Promise<SendResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function channelName(c: ChannelConfig, i: number): string {
  return c.name ?? `${c.type}-${i + 1}`;
}

function envValue(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new UsageError(`${what}: environment variable ${name} is not set`);
  return v;
}

/** Why a request failed, without its URL (which may carry a token). */
function netError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  const code = e?.cause?.code;
  return code ? `network error ${code}` : `network error: ${(e?.cause?.message ?? e?.message ?? String(err)).replace(/https?:\/\/\S+/g, '<url>').slice(0, 200)}`;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendResult> {
  try {
    const res = await fetch(url, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'user-agent': `skimscan/${VERSION}`, ...headers },
      redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, status: null, error: netError(err) };
  }
}

export function webhookChannel(c: WebhookChannelConfig, name: string, env: NodeJS.ProcessEnv): Channel {
  const url = c.url ?? envValue(env, c.urlEnv!, `alerts channel ${name}`);
  const secret = c.secretEnv ? envValue(env, c.secretEnv, `alerts channel ${name}`) : null;
  return {
    name, type: 'webhook',
    send(p, body) {
      const ts = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        ...c.headers, 'X-Skimscan-Timestamp': ts, 'X-Skimscan-Event': p.event, 'X-Skimscan-Delivery': p.id,
        'X-Skimscan-Payload-Version': String(p.payloadVersion),
      };
      if (secret !== null) headers['X-Skimscan-Signature'] = signature(secret, ts, body);
      return post(url, body, headers, c.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    },
  };
}

export function slackChannel(c: SlackChannelConfig, name: string, env: NodeJS.ProcessEnv): Channel {
  const url = c.url ?? envValue(env, c.urlEnv!, `alerts channel ${name}`);
  return {
    name, type: 'slack',
    send: (p) => post(url, JSON.stringify(slackMessage(p)), {}, c.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  };
}

export function commandChannel(c: CommandChannelConfig, name: string): Channel {
  return {
    name, type: 'command',
    send: (p, body) => new Promise<SendResult>((resolve) => {
      let stderr = '';
      let done = false;
      const finish = (r: SendResult) => { if (!done) { done = true; clearTimeout(timer); resolve(r); } };
      const child = spawn(c.command[0]!, c.command.slice(1), {
        stdio: ['pipe', 'ignore', 'pipe'],
        env: { ...process.env, SKIMSCAN_EVENT: p.event, SKIMSCAN_DELIVERY: p.id, SKIMSCAN_TARGET: p.target.url },
      });
      const timer = setTimeout(() => { child.kill('SIGKILL'); finish({ ok: false, status: null, error: `timed out after ${c.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` }); }, c.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      child.stderr.on('data', (d) => { if (stderr.length < 500) stderr += d; });
      child.on('error', (err) => finish({ ok: false, status: null, error: `cannot run ${c.command[0]}: ${(err as NodeJS.ErrnoException).code ?? err.message}` }));
      child.on('close', (code, sig) => finish(code === 0
        ? { ok: true, status: 0, error: null }
        : { ok: false, status: code, error: `exited ${sig ?? code}${stderr.trim() ? `: ${stderr.trim().slice(0, 300)}` : ''}` }));
      child.stdin.on('error', () => { /* the hook may not read stdin */ });
      child.stdin.end(body);
    }),
  };
}

/** Builds the configured channels; a missing environment variable is a usage error at start-up. */
export function buildChannels(configs: ChannelConfig[], env: NodeJS.ProcessEnv = process.env): Channel[] {
  return configs.map((c, i) => {
    const name = channelName(c, i);
    if (c.type === 'webhook') return webhookChannel(c, name, env);
    if (c.type === 'slack') return slackChannel(c, name, env);
    return commandChannel(c, name);
  });
}
