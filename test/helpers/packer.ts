// A minimal Dean Edwards packer (base 62), to build packed test inputs: the most frequent word gets index 0.
function base62(c: number): string {
  return (c < 62 ? '' : base62(Math.floor(c / 62))) + ((c = c % 62) > 35 ? String.fromCharCode(c + 29) : c.toString(36));
}

export function pack(src: string): string {
  const freq = new Map<string, number>();
  for (const w of src.match(/\b\w+\b/g) ?? []) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq.keys()].sort((a, b) => freq.get(b)! - freq.get(a)!);
  const index = new Map(words.map((w, i) => [w, base62(i)]));
  const keys = words.map((w) => (index.get(w) === w ? '' : w));
  const payload = src.replace(/\b\w+\b/g, (w) => index.get(w)!).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n');
  const unpacker = "function(p,a,c,k,e,d){e=function(c){return(c<a?'':e(parseInt(c/a)))+((c=c%a)>35?String.fromCharCode(c+29):c.toString(36))};if(!''.replace(/^/,String)){while(c--){d[e(c)]=k[c]||e(c)}k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}return p}";
  return `eval(${unpacker}('${payload}',62,${words.length},'${keys.join('|')}'.split('|'),0,{}))`;
}
