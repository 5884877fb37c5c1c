import { defineRule } from '../src/analyse/rule.js';
import { NETWORK_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest } from './lib/severity.js';

export default defineRule({
  meta: {
    id: 'encoding-before-send',
    severity: 'medium',
    description: 'Data is base64-encoded, encrypted, reversed or XOR-mangled before a network request. High when the encoded data is payment data.',
    review: 'Some SDKs base64 their payloads to their own hosts. Encoding card data before sending it anywhere but the processor is how skimmers evade inspection.',
    messages: {
      encoded: 'Data encoded by {{enc}} (line {{encLine}}) is sent by {{api}} to {{dest}}',
      payment: 'Payment data encoded by {{enc}} (line {{encLine}}) is sent by {{api}} to {{dest}}',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        for (const f of m.flows()) {
          if (!NETWORK_SINKS.has(f.sink.kind)) continue;
          const p = f.card?.encoding ? f.card : f.sweep?.encoding ? f.sweep : null;
          const enc = p?.encoding ?? f.encoded;
          if (!enc) continue;
          if (!p && f.sink.dest.kind === 'relative') continue;
          ctx.report({
            loc: f.sink.loc, messageId: p ? 'payment' : 'encoded', severity: p ? 'high' : 'medium',
            data: { enc: enc.name, encLine: enc.loc.line, api: f.sink.api, dest: describeDest(f.sink.dest) },
            evidence: {
              siteDependent: f.sink.dest.kind === 'literal' || f.sink.dest.kind === 'relative', destinations: [f.sink.dest],
              encoding: { name: enc.name, line: enc.loc.line }, sink: { line: f.sink.loc.line, api: f.sink.api },
            },
          });
          return;
        }
      },
    };
  },
});
