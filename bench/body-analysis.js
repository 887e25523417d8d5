// Body analysis speed: Herald's analyseBody on a mixed corpus, against sms-segments-calculator (the
// test oracle) on the same corpus in the same run. Target: ≥ 300k bodies/s.
// Run: npm run build && node bench/body-analysis.js
import { SegmentedMessage } from 'sms-segments-calculator';
import { analyseBody } from '../dist/domain/gsm.js';
import { fmt, record } from './lib.js';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const random = rng(42);
const ascii = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,!?-';
const pick = (s, n) => Array.from({ length: n }, () => s[Math.floor(random() * s.length)]).join('');
const greek = 'Γειά σου κόσμε, η παραγγελία σας στάλθηκε. ';
const emoji = ['😀', '👍🏽', '🎉', '❤️'];

function body() {
  const r = random();
  if (r < 0.75) return pick(ascii, 80 + Math.floor(random() * 30));
  if (r < 0.85) return greek + pick(ascii, 40);
  if (r < 0.9) return `${pick(ascii, 50)} ${emoji[Math.floor(random() * emoji.length)]} ${pick(ascii, 30)}`;
  if (r < 0.95) return `Price: 5€ [promo] {code} ~^|\\ ${pick(ascii, 60)}`;
  return pick(ascii, 300 + Math.floor(random() * 150));
}

// One corpus for both sides (the oracle is slow: 10,000 bodies keep its run to seconds).
const corpus = Array.from({ length: 10_000 }, body);

function run(fn, bodies, minMs = 1500) {
  let n = 0;
  let parts = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const b of bodies) parts += fn(b);
    n += bodies.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { perSecond: (n / elapsed) * 1000, parts };
}

const heraldFn = (b) => analyseBody(b).parts;
const oracleFn = (b) => new SegmentedMessage(b).segmentsCount;
// Both warmed the same way (a second over the corpus each, so the JIT has compiled both), then
// measured over the same corpus for at least three seconds each.
run(heraldFn, corpus, 1000);
run(oracleFn, corpus, 1000);
const herald = run(heraldFn, corpus, 3000);
const oracle = run(oracleFn, corpus, 3000);
const oracleCorpus = corpus;

const herald1 = corpus.reduce((s, b) => s + analyseBody(b).parts, 0);
const agree = oracleCorpus.every((b) => analyseBody(b).parts === new SegmentedMessage(b).segmentsCount);
const ratio = herald.perSecond / oracle.perSecond;
console.log(
  `corpus: ${corpus.length} bodies, ${herald1} parts; Herald and oracle agree on ${oracleCorpus.length}: ${agree}`,
);
console.log(`Herald analyseBody:       ${fmt(herald.perSecond)} bodies/s (target ≥ 300,000)`);
console.log(`sms-segments-calculator:  ${fmt(oracle.perSecond)} bodies/s`);
console.log(`ratio: ${fmt(ratio, 1)}x`);
record(
  'body analysis (10k mixed bodies, one corpus, both warmed alike)',
  `Herald ${fmt(herald.perSecond)} bodies/s; oracle ${fmt(oracle.perSecond)} bodies/s`,
  `${fmt(ratio, 1)}x oracle (target ≥ 300k/s: ${herald.perSecond >= 300_000 ? 'met' : 'NOT met'})`,
);
