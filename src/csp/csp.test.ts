import { describe, expect, it } from 'vitest';
import { artifacts } from '../baseline/test-artifacts.js';
import { cspHash, proposeCsp } from './index.js';

describe('proposeCsp', () => {
  it('proposes script-src, connect-src, img-src, frame-src and form-action from what was observed', () => {
    const a = artifacts('https://pay.shop.example/checkout', {
      scripts: [
        { source: 'var x = 1;' },
        { url: 'https://pay.shop.example/js/app.js', source: 'app()' },
        { url: 'https://js.payproc.example/v3/payproc.js', source: 'pp()' },
        { source: 'eval("1")', kind: 'eval' },
      ],
      requests: [
        { url: 'https://api.payproc.example/v1/tokens', type: 'fetch' },
        { url: 'https://pay.shop.example/api/session', type: 'xhr' },
        { url: 'https://pixel.tracker.example/p.gif', type: 'image' },
        { url: 'https://fields.payproc.example/card.html', type: 'subframe' },
      ],
      forms: [{ action: 'https://pay.shop.example/pay/submit' }],
    });
    const p = proposeCsp(a);
    expect(p.directives['script-src']).toEqual(["'self'", 'https://js.payproc.example', cspHash('var x = 1;')]);
    expect(p.directives['connect-src']).toEqual(["'self'", 'https://api.payproc.example']);
    expect(p.directives['img-src']).toEqual(["'self'", 'https://pixel.tracker.example']);
    expect(p.directives['frame-src']).toEqual(["'self'", 'https://fields.payproc.example']);
    expect(p.directives['form-action']).toEqual(["'self'"]);
    expect(p.policy).toMatch(/^default-src 'self'; script-src 'self' https:\/\/js\.payproc\.example 'sha256-[A-Za-z0-9+/=]+'; connect-src/);
    expect(p.reportOnly).toBe(`${p.policy}; report-uri /csp-report`);
    expect(p.notes.join('\n')).toContain("'unsafe-eval'");
  });

  it('keeps nonces when the page already sends them (inline code with per-request tokens has no stable hash)', () => {
    const a = artifacts('https://pay.shop.example/checkout', {
      scripts: [{ source: 'window.csrf = "abc";' }], headers: { 'content-security-policy': "script-src 'self' 'nonce-abc'" },
    });
    const p = proposeCsp(a);
    expect(p.directives['script-src']).toEqual(["'self'", "'nonce-{NONCE}'"]);
    expect(p.notes[0]).toContain('{NONCE}');
  });
});
