// npm run bench:analyze — on the same files in the same run: skimscan's analysis throughput, a bare
// acorn.parse with the same options, their ratio, and @nodesecure/js-x-ray 11 side by side.
// Runs against the compiled dist/ (run `npm run build` first).
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, libs, skimmers, all, MB, bareParse, skim, sha256 } from './lib/analyze-corpus.mjs';

// js-x-ray's index also loads its TypeScript parser, which needs the JS API that TypeScript 7 no
// longer ships; the AstAnalyser module alone is all we need (JavaScript only).
const { AstAnalyser } = await import(join(ROOT, 'node_modules/@nodesecure/js-x-ray/dist/AstAnalyser.js'));
const { Analyzer } = await import(join(ROOT, 'dist/src/analyse/index.js'));

const RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const xray = new AstAnalyser();
const jsx = (f) => {
  try {
    return xray.analyse(f.source, { isMinified: /\.min\./.test(f.name) });
  } catch (e) {
    return { warnings: [{ kind: 'parsing-error', severity: 'Critical' }] };
  }
};

// CPU time of this process (user + system, ms): steadier than wall time on a shared machine.
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function time(fn, rounds) {
  const ts = [];
  for (let r = 0; r < rounds; r++) {
    const t = cpuMs();
    for (const f of all) fn(f);
    ts.push(cpuMs() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

// The figure the target is judged by: each side runs in a process of its own (analyze-side.mjs),
// PAIRS times, alternating (parse, analyse, parse, ...), each process 2 warm-up rounds then 3 timed
// rounds of the whole corpus; a round is the process' CPU time (user + system, GC threads included).
// Separate processes, because in one process V8 sizes the young generation by what survived before,
// so each side's rounds paid for (or profited from) the other's heap: alternating with two builds of
// the analysis, the very same parse rounds spent 457 or 732 ms per round in scavenges. The figure is
// the ratio of the medians; on a shared machine single rounds swing by +-15%, so the spread of the
// per-pair ratios is printed too.
const PAIRS = 5;
const side = (name) => JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench/analyze-side.mjs'), name, '2', '3'], { encoding: 'utf8', maxBuffer: 1 << 20 }));
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const tParse = [], tSkim = [], pairs = [];
for (let r = 0; r < PAIRS; r++) {
  const p = side('parse');
  const s = side('skim');
  tParse.push(...p);
  tSkim.push(...s);
  pairs.push(med(s) / med(p));
}
const parseMs = med(tParse);
const skimMs = med(tSkim);

// A steadier second figure: each file's fastest of 5 interleaved runs (wall time), summed. A run that
// a GC pause or the machine interrupted is not the fastest, so this swings by ~2% where the CPU figure
// swings by 15%; but it leaves out most of the analysis' extra GC work (the AST lives longer), so
// it flatters skimscan: the CPU figure above is the one the target is judged by.
let minParse = 0, minSkim = 0;
for (let w = 0; w < 2; w++) for (const f of all) { bareParse(f); skim(f); }
for (const f of all) {
  let p = Infinity, s = Infinity;
  for (let r = 0; r < 5; r++) {
    let t = performance.now(); bareParse(f); p = Math.min(p, performance.now() - t);
    t = performance.now(); skim(f); s = Math.min(s, performance.now() - t);
  }
  minParse += p;
  minSkim += s;
}
for (const f of all) jsx(f);
const xrayMs = time(jsx, 3);

const worstOf = (r) => r.findings.reduce((w, x) => (RANK[x.severity] > RANK[w] ? x.severity : w), 'info');
const xrayFlag = (r) => r.warnings.some((w) => w.severity !== 'Information');
const rows = [];
for (const f of all) {
  const r = skim(f);
  const x = jsx(f);
  rows.push({ name: f.name, kind: skimmers.includes(f) ? 'skimmer' : 'library', kb: Math.round(Buffer.byteLength(f.source) / 1024), skimscan: worstOf(r), top: r.findings.find((x) => x.severity === worstOf(r))?.ruleId ?? '-', xray: x.warnings.filter((w) => w.severity !== 'Information').map((w) => w.kind).filter((k, i, a) => a.indexOf(k) === i).join(' ') || '-', xrayFlagged: xrayFlag(x) });
}
const libRows = rows.filter((r) => r.kind === 'library');
const skimRows = rows.filter((r) => r.kind === 'skimmer');
const hc = (r) => r.skimscan === 'critical' || r.skimscan === 'high';

console.log(`corpus: ${libs.length} library files + ${skimmers.length} skimmers, ${MB.toFixed(2)} MB (times are process CPU ms per corpus round: median of ${PAIRS} alternating pairs of processes, one per side, each 2 warm-up + 3 timed rounds)`);
console.log(`bare acorn.parse (same options) : ${(MB / (parseMs / 1000)).toFixed(2)} MB/s  (${parseMs.toFixed(0)} ms)`);
console.log(`skimscan analyseSource          : ${(MB / (skimMs / 1000)).toFixed(2)} MB/s  (${skimMs.toFixed(0)} ms)`);
console.log(`ratio skimscan / acorn.parse    : ${(skimMs / parseMs).toFixed(2)}x  (target <= 1.5x; per-pair ratios ${Math.min(...pairs).toFixed(2)}-${Math.max(...pairs).toFixed(2)}, median ${med(pairs).toFixed(2)}x)`);
console.log(`per-file fastest of 5 (wall)    : ratio ${(minSkim / minParse).toFixed(2)}x  (parse ${minParse.toFixed(0)} ms, skimscan ${minSkim.toFixed(0)} ms; steadier, but without most GC: see the comment)`);
console.log(`@nodesecure/js-x-ray 11         : ${(MB / (xrayMs / 1000)).toFixed(2)} MB/s  (${xrayMs.toFixed(0)} ms)`);
console.log('');
console.log(`skimmers high/critical : skimscan ${skimRows.filter(hc).length}/${skimRows.length}   js-x-ray flagged ${skimRows.filter((r) => r.xrayFlagged).length}/${skimRows.length}`);
console.log(`libraries high/critical: skimscan ${libRows.filter(hc).length}/${libRows.length}   js-x-ray flagged ${libRows.filter((r) => r.xrayFlagged).length}/${libRows.length}`);
console.log(`libraries medium+      : skimscan ${libRows.filter((r) => RANK[r.skimscan] >= RANK.medium).length}/${libRows.length}   (a medium finding makes a page suspicious)`);
console.log('');
console.log('| file | KB | skimscan | top rule | js-x-ray warnings |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.kb} | ${r.skimscan} | ${r.top} | ${r.xray} |`);

// hostile inputs through the budgeted pool
const analyzer = new Analyzer({ workers: 1, timeoutMs: 30_000 });
try {
  // one line, ~10 MB: a long run of statements with no newline (minified-bundle shape)
  let src10 = Array.from({ length: 800_000 }, (_, i) => `o.p${i % 97}=f(${i})`).join(';');
  src10 = src10.slice(0, src10.lastIndexOf(';', 10 * 1024 * 1024 - 1)) + ';';
  for (const [name, src] of [['10 MB one-line script', src10], ['5,000 levels of nesting', 'x=' + '['.repeat(5000) + ']'.repeat(5000) + ';f(' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ');']]) {
    const t = performance.now();
    const r = await analyzer.analyse({ sha256: sha256(src), source: src, url: null, kind: 'external' });
    const notes = r.findings.filter((f) => /analysis|parse-error/.test(f.ruleId)).map((f) => `${f.ruleId}: ${f.message.slice(0, 100)}`);
    console.log(`${name}: ${(Buffer.byteLength(src) / 1e6).toFixed(1)} MB, ${(performance.now() - t).toFixed(0)} ms, ${r.findings.length} findings${notes.length ? ' — ' + notes.join('; ') : ' — completed'}`);
  }
} finally {
  await analyzer.close();
}
