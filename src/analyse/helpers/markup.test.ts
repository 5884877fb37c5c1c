import { describe, expect, test } from 'vitest';
import { decodeEntities, markupCode, markupPaymentFields, withOwnValues } from './markup.js';

describe('markupCode', () => {
  test('script bodies, inline handlers and javascript: URLs, in document order', () => {
    const html = '<div onclick="a()"><script>b()</script><script type="text/template">x</script><a href="javascript:c()">c</a><script src="d.js"></script></div>';
    expect(markupCode(html).map((c) => [c.kind, c.code])).toEqual([
      ['event-handler', 'a()'],
      ['inline', 'b()'],
      ['javascript-url', 'c()'],
    ]);
  });

  test("a handler's this.getAttribute / this.dataset read the tag's own attributes", () => {
    const [h] = markupCode(`<svg data-i="YWxlcnQoMSk=" data-long-name='x"y' onload="eval(atob(this.getAttribute('data-i')) + this.dataset.longName + this.getAttribute('missing'))"></svg>`);
    expect(h!.code).toBe(`eval(atob("YWxlcnQoMSk=") + "x\\"y" + this.getAttribute('missing'))`);
  });

  test('bare and single-quoted values; handlers inside comments and script text are not markup', () => {
    const got = markupCode("<!-- <img onerror=x()> --><img src=x onerror=y() alt='<b onclick=z()>'><script>s = '<i onclick=w()>';</script>");
    expect(got.map((c) => c.code)).toEqual(['y()', "s = '<i onclick=w()>';"]);
  });

  // (a quadratic search would run into the test timeout here)
  test('unclosed quotes all through a large document', () => {
    const html = '<a title="x '.repeat(50_000) + '<b onclick="ok()">';
    expect(markupCode(html).map((c) => c.code)).toEqual(['ok()']);
  });
});

test('decodeEntities', () => {
  expect(decodeEntities('&quot;a&quot; &#39;b&#x27; &amp;&lt;&gt; &unknown; &#0;')).toBe(`"a" 'b' &<> &unknown; &#0;`);
});

describe('withOwnValues', () => {
  test("replaces a handler's reads of its element's attributes and properties, not calls or writes", () => {
    const props = new Map([['alt', '%61'], ['title', 't']]);
    const attrs = new Map([['d', 'M1']]);
    expect(withOwnValues("f(decodeURIComponent(this.alt), this.getAttribute('d'), this.title(), this.src)", attrs, props))
      .toBe('f(decodeURIComponent("%61"), "M1", this.title(), this.src)');
    expect(withOwnValues('this.alt = 1; this.alt == 2', new Map(), props)).toBe('this.alt = 1; "%61" == 2');
  });
});

describe('markupPaymentFields', () => {
  test('payment inputs by id and name, from their own attributes or the label before them', () => {
    const html = '<label>Card number</label><input id="f1" inputmode="numeric"><label>Expiration</label><input name="e"><input id="z" autocomplete="cc-csc">'
      + '<label>Search</label><input id="q"><input type="hidden" id="tok" name="cardNumber">';
    expect(markupPaymentFields(html)).toEqual([['f1', 'card-number'], ['e', 'expiry'], ['z', 'cvv']]);
  });
});
