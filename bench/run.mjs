// npm run bench [path]: ESLint alone vs ESLint + the plugin vs tango-lint, on the same real files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles, materialize } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const ROUNDS = Number(process.env.TANGO_BENCH_ROUNDS ?? 5);
const SCALES = (process.env.TANGO_BENCH_SCALES ?? '1,2,4').split(',').map(Number);
const external = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
const packagesDir = path.join(root, 'node_modules');
const corpus = corpusFiles(external, packagesDir);
const files = corpus.filter((file) => !file.endsWith('package.json'));
const base = external ?? packagesDir;
if (files.length === 0) {
  console.error(`bench: no source files found under ${base}`);
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tango-bench-'));
const bin = path.join(root, 'dist/cli/bin.js');
const latencyFile = path.join(here, 'latency-sample.ts');

function runNode(args, env = {}, cwd = root) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  return result;
}

function measureEslint(dir, variant) {
  const result = runNode([path.join(here, 'worker.mjs'), 'lint', dir, variant]);
  if (result.status !== 0) throw new Error(`worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function measureCli(dir) {
  const rssFile = path.join(work, 'rss.txt');
  const start = process.hrtime.bigint();
  // Run where the files are, as the ESLint worker does: tango-lint lints under its working directory.
  const result = runNode(['--import', path.join(here, 'rss-hook.mjs'), bin, '--format', 'json', '.'], { TANGO_BENCH_RSS_FILE: rssFile }, dir);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === 2) throw new Error(`tango-lint failed: ${result.stderr}`);
  const results = JSON.parse(result.stdout);
  return {
    ms,
    maxRssKB: Number(fs.readFileSync(rssFile, 'utf8')),
    files: results.length,
    problems: results.reduce((sum, r) => sum + r.messages.length, 0),
  };
}

function measureLatency(variant) {
  const result = runNode([path.join(here, 'worker.mjs'), 'latency', latencyFile, variant]);
  if (result.status !== 0) throw new Error(`latency worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => Math.max(...xs) - Math.min(...xs);

function summarize(samples) {
  const ms = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.maxRssKB / 1024);
  const summary = { medianMs: median(ms), spreadMs: spread(ms), peakRssMB: Math.max(...rss), samples: ms };
  // CPU time while linting, for the ESLint runs only (tango-lint is timed from outside).
  if (samples[0].cpu) summary.cpu = { source: samples[0].cpu.source, medianMs: median(samples.map((s) => s.cpu.ms)) };
  if (samples[0].times) summary.tangoRulesMs = median(samples.map((s) => s.times.tangoRulesMs));
  return summary;
}

const report = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, corpus: { base, files: files.length }, scales: {} };

for (const scale of SCALES) {
  const dir = path.join(work, `x${scale}`);
  materialize(corpus, base, dir, scale);
  const count = files.length * scale;
  const samples = { a: [], b: [], c: [] };
  const rounds = scale === 1 ? ROUNDS : 1;
  const measure = { a: () => measureEslint(dir, 'none'), b: () => measureEslint(dir, 'plugin'), c: () => measureCli(dir) };
  for (let round = 0; round < rounds; round++) {
    // Each round starts with a different variant, so a drift in the machine's speed during a
    // round does not always favour the same one.
    const order = ['a', 'b', 'c'];
    for (let turn = 0; turn < 3; turn++) {
      const variant = order[(round + turn) % 3];
      samples[variant].push(measure[variant]());
    }
    process.stderr.write(`scale ${scale}× round ${round + 1}/${rounds}: a ${samples.a.at(-1).ms.toFixed(0)} ms, b ${samples.b.at(-1).ms.toFixed(0)} ms, c ${samples.c.at(-1).ms.toFixed(0)} ms\n`);
  }
  const a = summarize(samples.a);
  const b = summarize(samples.b);
  const c = summarize(samples.c);
  report.scales[scale] = {
    files: count,
    a,
    b,
    c,
    problems: { b: samples.b[0].problems, c: samples.c[0].problems },
    ratios: {
      bOverA: b.medianMs / a.medianMs,
      cOverA: c.medianMs / a.medianMs,
      rssBOverA: b.peakRssMB / a.peakRssMB,
      cpuBOverA: b.cpu.medianMs / a.cpu.medianMs,
      // Within each (b) run, by ESLint's own timing: the tango rules' listeners over the rest of the lint.
      rulesOverRest: median(samples.b.map((s) => s.times.tangoRulesMs / (s.times.lintMs - s.times.tangoRulesMs))),
      // The same ratios within each round, where (a), (b) and (c) ran back to back.
      roundsBOverA: samples.b.map((s, i) => s.ms / samples.a[i].ms),
      roundsCOverA: samples.c.map((s, i) => s.ms / samples.a[i].ms),
    },
  };
  fs.rmSync(dir, { recursive: true, force: true });
  // (b) and (c) are the same rules through two parsers: different findings mean a broken measurement.
  if (samples.b[0].problems !== samples.c[0].problems) {
    console.error(`bench: at ${scale}× ESLint with the plugin reported ${samples.b[0].problems} problems and tango-lint ${samples.c[0].problems}; the runs did not lint the same files.`);
    process.exitCode = 1;
  }
}

const latency = { without: [], with: [] };
for (let round = 0; round < ROUNDS; round++) {
  latency.without.push(measureLatency('none'));
  latency.with.push(measureLatency('plugin'));
}
const dWithout = median(latency.without.map((s) => s.ms));
const dWith = median(latency.with.map((s) => s.ms));
report.latency = { withoutMs: dWithout, withMs: dWith, ratio: dWith / dWithout };
fs.rmSync(work, { recursive: true, force: true });

const one = report.scales[SCALES[0]];
const rows = [
  ['(a) ESLint + TS parser, no rules', `${one.a.medianMs.toFixed(0)} ms ±${one.a.spreadMs.toFixed(0)}`, `${one.a.peakRssMB.toFixed(0)} MB`, ''],
  ['(b) (a) + tango recommended', `${one.b.medianMs.toFixed(0)} ms ±${one.b.spreadMs.toFixed(0)}`, `${one.b.peakRssMB.toFixed(0)} MB`, `b/a ${one.ratios.bOverA.toFixed(2)} (target ≤ 1.10)`],
  ['(c) tango-lint', `${one.c.medianMs.toFixed(0)} ms ±${one.c.spreadMs.toFixed(0)}`, `${one.c.peakRssMB.toFixed(0)} MB`, `c/a ${one.ratios.cOverA.toFixed(2)} (target ≤ 0.35)`],
  ['(d) warm lintText, 300 lines', `${dWith.toFixed(1)} ms with, ${dWithout.toFixed(1)} ms without`, '', `d ratio ${report.latency.ratio.toFixed(2)} (target ≤ 1.5, ≤ 15 ms)`],
];
console.log(`corpus: ${files.length} files from ${path.relative(root, base) || base}, median of ${ROUNDS} rounds, ${report.cpus} cores`);
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd([34, 36, 9, 0][i])).join(' '));
const listRatios = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
console.log(`ratios per round: b/a ${listRatios(one.ratios.roundsBOverA)} (median ${median(one.ratios.roundsBOverA).toFixed(2)}); c/a ${listRatios(one.ratios.roundsCOverA)} (median ${median(one.ratios.roundsCOverA).toFixed(2)})`);
// Less exposed to the machine's other work than wall time; the targets stay on wall time.
console.log(`CPU time b/a ${one.ratios.cpuBOverA.toFixed(2)} (${one.a.cpu.source}: a ${one.a.cpu.medianMs.toFixed(0)} ms, b ${one.b.cpu.medianMs.toFixed(0)} ms)`);
// Same process, so the machine's drift between runs does not enter; rule set-up per file is not in it.
console.log(`tango rule listeners in (b), by ESLint's stats: ${one.b.tangoRulesMs.toFixed(0)} ms, ${(one.ratios.rulesOverRest * 100).toFixed(1)} % on top of the rest of its lint time`);
console.log(`peak RSS b/a ${one.ratios.rssBOverA.toFixed(2)} (target ≤ 1.3); c ${one.c.peakRssMB.toFixed(0)} MB (target ≤ 500 MB)`);
console.log('scaling (median ms per 1,000 files):');
for (const [scale, s] of Object.entries(report.scales)) {
  const per = (x) => ((x.medianMs / s.files) * 1000).toFixed(0);
  console.log(`  ${scale}× ${s.files} files: a ${per(s.a)}, b ${per(s.b)}, c ${per(s.c)}; findings b ${s.problems.b}, c ${s.problems.c}`);
}
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('written bench/results/latest.json');
