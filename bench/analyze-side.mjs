// One side of bench:analyze's CPU figure, in a process of its own: `parse` or `skim` over the whole
// corpus, WARMUP rounds, then ROUNDS timed ones; prints the rounds' CPU ms (user + system, GC threads
// included) as JSON.
import { bareParse, skim, all } from './lib/analyze-corpus.mjs';

const [side, warmup = '2', rounds = '3'] = process.argv.slice(2);
const fn = side === 'parse' ? bareParse : side === 'skim' ? skim : null;
if (!fn) {
  console.error('usage: analyze-side.mjs parse|skim [WARMUP] [ROUNDS]');
  process.exit(2);
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let w = 0; w < +warmup; w++) for (const f of all) fn(f);
const ms = [];
for (let r = 0; r < +rounds; r++) {
  const t = cpuMs();
  for (const f of all) fn(f);
  ms.push(cpuMs() - t);
}
console.log(JSON.stringify(ms));
