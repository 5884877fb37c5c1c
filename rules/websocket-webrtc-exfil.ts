import { defineRule } from '../src/analyse/rule.js';
import { describeDest } from './lib/severity.js';

export default defineRule({
  meta: {
    id: 'websocket-webrtc-exfil',
    severity: 'medium',
    description: 'Run-time data is sent over a WebSocket to an absolute or hidden host, or over an RTCDataChannel (which bypasses CSP connect-src and most proxies).',
    review: 'Chat widgets and realtime libraries use WebSockets to their own servers. Data channels in payment pages are rare: check the peer and the data.',
    messages: {
      ws: 'WebSocket sends run-time data to {{dest}}',
      rtc: 'RTCDataChannel sends run-time data to a peer',
    },
  },
  create(ctx) {
    return {
      'Program:exit'() {
        for (const s of ctx.model().sinks()) {
          if (!s.dynamic) continue;
          if (s.kind === 'websocket' && (s.dest.kind === 'literal' || s.dest.kind === 'hidden')) {
            ctx.report({ loc: s.loc, messageId: 'ws', data: { dest: describeDest(s.dest) }, evidence: { siteDependent: s.dest.kind === 'literal', destinations: [s.dest], api: s.api } });
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
