import { describe, expect, it } from 'vitest';
import { renderJunit, xmlAttr, xmlText } from './junit.js';
import { hostileReport, CONTROL, XSS } from '../../test/report/hostile-report.js';
import { assertValidJunit, HAVE_XMLLINT } from '../../test/report/validate.js';

describe('JUnit reporter', () => {
  it.skipIf(!HAVE_XMLLINT)('validates against the JUnit XSD with hostile text and control characters', () => {
    assertValidJunit(renderJunit(hostileReport(), { failOn: 'high' }));
    assertValidJunit(renderJunit(hostileReport(), { failOn: 'none' }));
    assertValidJunit(renderJunit({ ...hostileReport(), targets: [], summary: { targets: 0, compromised: 0, suspicious: 0, clean: 0, error: 0 } }));
  });

  it('has one testcase per target: failure at or above --fail-on, error when not scanned', () => {
    const xml = renderJunit(hostileReport(), { failOn: 'high' });
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<error /g)).toHaveLength(1);
    expect(xml).toMatch(/tests="3" failures="1" errors="1"/);
    const none = renderJunit(hostileReport(), { failOn: 'none' });
    expect(none.match(/<failure /g)).toBeNull();
    expect(none).toMatch(/failures="0" errors="1"/);
    const critical = renderJunit(hostileReport(), { failOn: 'critical' });
    expect(critical).toMatch(/failures="1"/);
    expect(critical).not.toMatch(/form-action-offsite/);
  });

  it('escapes markup and turns characters XML 1.0 cannot carry into visible escapes', () => {
    const xml = renderJunit(hostileReport());
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('</script>');
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]/);
    expect(xmlText(CONTROL)).toBe('ctl\\u0000\\u0001\\u0007\\u001b[31m\\u000b\\u000c\\ufffe\\ud800end');
    expect(xmlAttr(`a"b'c\n${XSS}`)).toBe('a&quot;b&apos;c&#10;&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1;alert(1)&quot;&gt;');
    expect(xmlText('pair \ud83d\ude00 kept')).toBe('pair \ud83d\ude00 kept');
  });
});
