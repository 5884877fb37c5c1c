import { defineRule } from '../src/analyse/rule.js';
import { describeDest, readsPaymentData } from './lib/severity.js';
import { lookalikeOf } from './lib/hosts.js';

export default defineRule({
  meta: {
    id: 'websocket-webrtc-exfil',
    severity: 'medium',
    description: 'Run-time data is sent over an RTCDataChannel (which bypasses CSP connect-src and most proxies), or over a WebSocket to a hidden or lookalike host or by a script that reads payment fields (medium); a WebSocket to a literal host alone is low.',
    review: 'Chat widgets and realtime libraries use WebSockets to their own servers. Data channels in payment pages are rare: check the peer and the data.',
    messages: {
      ws: 'WebSocket sends run-time data to {{dest}}',
      rtc: 'RTCDataChannel sends run-time data to a peer',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        const m = ctx.model();
        for (const s of m.sinks()) {
          if (!s.dynamic) continue;
          if (s.kind === 'websocket' && (s.dest.kind === 'literal' || s.dest.kind === 'hidden')) {
            // chat and realtime widgets talk to their own literal hosts: medium only when hidden,
            // a lookalike, or the script also reads payment fields or sweeps forms
            const lookalike = s.dest.host ? lookalikeOf(s.dest.host) !== null : false;
            const payment = readsPaymentData(m, s);
            const severity = s.dest.kind === 'hidden' || lookalike || payment ? 'medium' : 'low';
            ctx.report({ loc: s.loc, messageId: 'ws', severity, data: { dest: describeDest(s.dest) }, evidence: { siteDependent: s.dest.kind === 'literal', destinations: [s.dest], api: s.api, lookalike, readsPaymentData: payment } });
            return;
          }
          if (s.kind === 'webrtc') {
            ctx.report({ loc: s.loc, messageId: 'rtc', evidence: { api: s.api, destinations: [s.dest] } });
            return;
          }
        }
      },
    };
  },
});
