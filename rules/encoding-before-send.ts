import { defineRule } from '../src/analyse/rule.js';
import type { Severity } from '../src/artifacts/types.js';
import type { SinkFlow } from '../src/analyse/helpers/model.js';
import { NETWORK_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest } from './lib/severity.js';
import { lookalikeOf } from './lib/hosts.js';

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export default defineRule({
  meta: {
    id: 'encoding-before-send',
    severity: 'medium',
    description: 'Data is base64-encoded, encrypted, reversed or XOR-mangled before a network request. High when the encoded data is payment data (card fields, a form sweep or a keylogger, also via storage); medium for personal data or a hidden or lookalike destination; low when a script encodes its own payload (analytics SDKs do).',
    review: 'SDKs base64, XOR or compress their own event payloads for their own (often configured) hosts: that alone is low. Encoding card data before sending it anywhere but the processor, or sending encoded data to a host the script hides or that imitates a brand, is how skimmers evade inspection.',
    messages: {
      encoded: 'Data encoded by {{enc}} (line {{encLine}}) is sent by {{api}} to {{dest}}',
      payment: 'Payment data encoded by {{enc}} (line {{encLine}}) is sent by {{api}} to {{dest}}',
      personal: 'Personal data encoded by {{enc}} (line {{encLine}}) is sent by {{api}} to {{dest}}',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        if (m.encoders().size === 0) return;
        let best: { sev: Severity; f: SinkFlow; messageId: string; enc: { name: string; loc: { line: number } } } | null = null;
        for (const f of m.flows()) {
          if (!NETWORK_SINKS.has(f.sink.kind)) continue;
          const pay = f.card?.encoding ? f.card : f.sweep?.encoding ? f.sweep : null;
          const personal = !pay && f.personal?.encoding ? f.personal : null;
          const enc = pay?.encoding ?? personal?.encoding ?? f.encoded;
          if (!enc) continue;
          const d = f.sink.dest;
          if (!pay && !personal && d.kind === 'relative') continue;
          let sev: Severity;
          let messageId = 'encoded';
          if (pay) {
            sev = 'high';
            messageId = 'payment';
          } else if (personal) {
            sev = d.kind === 'relative' ? 'low' : 'medium';
            messageId = 'personal';
          } else if (d.kind === 'hidden' || (d.host && lookalikeOf(d.host))) {
            sev = 'medium';
          } else {
            sev = 'low';
          }
          if (!best || RANK[sev] > RANK[best.sev]) best = { sev, f, messageId, enc };
          if (sev === 'high') break;
        }
        if (!best) return;
        const { f, enc } = best;
        ctx.report({
          loc: f.sink.loc, messageId: best.messageId, severity: best.sev,
          data: { enc: enc.name, encLine: enc.loc.line, api: f.sink.api, dest: describeDest(f.sink.dest) },
          evidence: {
            siteDependent: f.sink.dest.kind === 'literal' || f.sink.dest.kind === 'relative', destinations: [f.sink.dest],
            encoding: { name: enc.name, line: enc.loc.line }, sink: { line: f.sink.loc.line, api: f.sink.api },
            payment: best.messageId === 'payment',
          },
        });
      },
    };
  },
});
