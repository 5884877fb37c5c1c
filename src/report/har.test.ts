import { describe, expect, it } from 'vitest';
import { harFileName, renderHar } from './har.js';
import { hostileReport } from '../../test/report/hostile-report.js';
import { assertValidHar } from '../../test/report/validate.js';

describe('HAR reporter', () => {
  it('writes one HAR 1.2 per target that matches the HAR schema', () => {
    const r = hostileReport();
    for (let i = 0; i < r.targets.length; i++) assertValidHar(renderHar(r, i));
    expect(r.targets.map((t, i) => harFileName(t, i))).toEqual(['1-shop.example.har', '2-clean.example.har', '3-down.example.har']);
  });

  it('carries request bodies and WebSocket frames as Chrome DevTools writes them', () => {
    const har = JSON.parse(renderHar(hostileReport(), 0, { startedAt: ['2025-01-02T03:04:05.000Z'] }));
    const post = har.log.entries.find((e: any) => e.request.method === 'POST');
    expect(post.request.postData).toMatchObject({ mimeType: 'application/json' });
    expect(post.request.postData.text).toContain('</script>');
    const ws = har.log.entries.find((e: any) => e._resourceType === 'websocket');
    expect(ws._webSocketMessages).toEqual([
      { type: 'send', time: (Date.parse('2025-01-02T03:04:05.000Z') + 960) / 1000, opcode: 1, data: expect.stringContaining('card=4111') },
      { type: 'receive', time: (Date.parse('2025-01-02T03:04:05.000Z') + 970) / 1000, opcode: 1, data: expect.stringContaining('ok ') },
    ]);
    const img = har.log.entries.find((e: any) => e._resourceType === 'image');
    expect(img._initiator).toMatchObject({ type: 'script', lineNumber: 5 });
    expect(img.startedDateTime).toBe('2025-01-02T03:04:05.800Z');
  });
});
