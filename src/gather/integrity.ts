/** `<script src integrity>` pairs in static markup, resolved against the document URL. */
export function integrityFromHtml(html: string, documentUrl: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const tag of html.matchAll(/<script\b[^>]*>/gi)) {
    const attr = (name: string) => tag[0].match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
    const src = attr('src');
    const integrity = attr('integrity');
    if (!src || !integrity) continue;
    try {
      pairs.push([new URL(src[1] ?? src[2] ?? src[3]!, documentUrl).href, integrity[1] ?? integrity[2] ?? integrity[3]!]);
    } catch { /* unparsable src */ }
  }
  return pairs;
}
