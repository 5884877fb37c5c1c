import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Verdict } from '../artifacts/types.js';
import { VERSION } from '../version.js';
import type { AlertRow } from '../history/db.js';
import type { TargetRecord } from '../history/facts.js';
import { PAYLOAD_VERSION, type AlertChange, type AlertPayload } from './types.js';

export function buildPayload(input: {
  run: { id: number; group: string; startedAt: string };
  target: Pick<TargetRecord, 'url' | 'finalUrl' | 'verdict' | 'partial' | 'error'>;
  previousVerdict: Verdict | null;
  opened: AlertChange[];
  resolved: AlertRow[];
  now?: string;
  id?: string;
}): AlertPayload {
  return {
    payloadVersion: PAYLOAD_VERSION,
    id: input.id ?? randomUUID(),
    event: input.opened.length ? 'alert' : 'resolved',
    createdAt: input.now ?? new Date().toISOString(),
    tool: { name: 'skimscan', version: VERSION },
    run: input.run,
    target: {
      url: input.target.url, finalUrl: input.target.finalUrl, verdict: input.target.verdict, previousVerdict: input.previousVerdict,
      partial: input.target.partial, error: input.target.error,
    },
    alerts: input.opened,
    resolved: input.resolved.map((a) => ({
      key: a.key, kind: a.kind, subject: a.subject, severity: a.severity, message: a.message, openedAt: a.openedAt, openedRunId: a.openedRunId,
    })),
  };
}

/** `sha256=` + hex HMAC-SHA256(secret, timestamp + "." + body): the X-Skimscan-Signature value. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers: checks a signature in constant time and that the timestamp (unix seconds) is within
 * `toleranceS` of now, which stops replays of an old delivery.
 */
export function verifySignature(secret: string, timestamp: string, body: string, header: string, opts: { toleranceS?: number; nowMs?: number } = {}): boolean {
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs((opts.nowMs ?? Date.now()) / 1000 - ts) > (opts.toleranceS ?? 300)) return false;
  const want = Buffer.from(signature(secret, timestamp, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

const ICON: Record<string, string> = { critical: ':rotating_light:', high: ':warning:', medium: ':large_orange_diamond:', low: ':small_blue_diamond:', info: ':information_source:' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack-compatible incoming-webhook message (plain `text` with mrkdwn; Mattermost and others take it too). */
export function slackMessage(p: AlertPayload): { text: string } {
  const t = p.target;
  const head = p.event === 'alert'
    ? `${ICON[p.alerts[0]?.severity ?? 'info'] ?? ''} *skimscan: ${esc(t.url)}* is *${t.verdict}*${t.previousVerdict && t.previousVerdict !== t.verdict ? ` (was ${t.previousVerdict})` : ''}`
    : `:white_check_mark: *skimscan: ${esc(t.url)}*: ${p.resolved.length} alert${p.resolved.length === 1 ? '' : 's'} resolved (verdict ${t.verdict})`;
  const lines = [head];
  for (const a of p.alerts.slice(0, 15)) lines.push(`• [${a.severity}] ${esc(a.message.slice(0, 300))}`);
  if (p.alerts.length > 15) lines.push(`• … and ${p.alerts.length - 15} more`);
  if (p.event === 'alert') for (const r of p.resolved.slice(0, 5)) lines.push(`• resolved: ${esc(r.message.slice(0, 200))}`);
  else for (const r of p.resolved.slice(0, 15)) lines.push(`• ${esc(r.message.slice(0, 300))}`);
  lines.push(`_run ${p.run.id} of group ${esc(p.run.group)}; \`skimscan history ${esc(t.url)}\`_`);
  return { text: lines.join('\n') };
}
