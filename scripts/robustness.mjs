#!/usr/bin/env node
// The robustness run (`npm run robustness`, after a build): tango-lint over every JavaScript and
// TypeScript file of node_modules, and, at the same time in a second process, the analyzer fuzzed
// with 50,000 mutated fixture files. Exits 1 on any internal error or fuzz failure, and prints
// what CI and the closing note need: file count, internal errors, syntax errors, the slowest
// files, total time, peak memory, fuzz inputs.
//
// Options:
//   --no-extra-corpus   lint only the project's node_modules (the extra corpus in
//                       scripts/robustness-corpus adds HTTP clients, JOSE libraries, servers
//                       and API SDKs, installed there on first use with `npm ci`)
//   --fuzz-runs <n>     fuzz inputs (default 50000; 0 skips the fuzzing)
//   --jobs <n>          processor cores to use (default: all): the fuzzing is split into as
//                       many processes, and tango-lint runs alongside with --concurrency n/2
//                       (the fuzzing takes longer, so the cores are shared rather than divided)
//   --serial            fuzz after linting rather than alongside
//   --typescript-parser lint with @typescript-eslint/parser (the editor's path) rather than
//                       tango-lint's own light parser (its default, and several times faster)
//   --corpus <dir>      lint the source files of this folder instead of node_modules (to
//                       replay a failure on a few packages, or to try the script quickly)
//   --keep              keep the temporary copy of the corpus and the reports
// TANGO_FUZZ_SEED replays a fuzz run.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'dist/cli/bin.js');
const PLUGIN = path.join(ROOT, 'dist/index.js');
const LIGHT_PARSER = path.join(ROOT, 'dist/cli/light-parser.js');
const EXTRA = path.join(ROOT, 'scripts/robustness-corpus');
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const PROJECT_FILES = new Set(['package.json', 'tsconfig.json', 'jsconfig.json']);
const CONTAINED = /could not analyse/;

const args = process.argv.slice(2);
const option = (name) => args.includes(name);
const fuzzIndex = args.indexOf('--fuzz-runs');
const FUZZ_RUNS = fuzzIndex >= 0 ? Number(args[fuzzIndex + 1]) : 50_000;
const corpusIndex = args.indexOf('--corpus');
const CORPUS = corpusIndex >= 0 ? path.resolve(args[corpusIndex + 1] ?? '') : undefined;
const jobsIndex = args.indexOf('--jobs');
const JOBS = jobsIndex >= 0 ? Number(args[jobsIndex + 1]) : os.availableParallelism();
/** Fuzz processes, and tango-lint's worker threads. */
const FUZZ_SHARDS = JOBS;
const LINT_THREADS = option('--serial') ? JOBS : Math.max(1, Math.floor(JOBS / 2));

function log(text = '') {
  process.stdout.write(`${text}\n`);
}

function fail(text) {
  process.stderr.write(`robustness: ${text}\n`);
  process.exit(2);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Installs the extra corpus from its lockfile, once. */
function ensureExtraCorpus() {
  if (fs.existsSync(path.join(EXTRA, 'node_modules'))) return;
  log('Installing the extra corpus (scripts/robustness-corpus, npm ci)...');
  const started = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // The corpus is only parsed, never run: engine warnings (some packages want Node 22) do not matter.
  const install = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: EXTRA, stdio: 'inherit' });
  if (install.status !== 0) fail('npm ci in scripts/robustness-corpus failed.');
  log(`  installed in ${seconds(performance.now() - started)}`);
}

/**
 * Copies the source files (and the package.json / tsconfig.json that make project roots) of a
 * node_modules folder under `into`. tango-lint never lints node_modules, so nested
 * `node_modules` folders become `nm`. Symbolic links are skipped: they point at files copied
 * anyway, or outside.
 */
function copySources(from, into) {
  let count = 0;
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(path.join(from, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const childRel = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        stack.push(childRel);
      } else if (entry.isFile() && (SOURCE.test(entry.name) || PROJECT_FILES.has(entry.name))) {
        const target = path.join(into, ...childRel.split(path.sep).map((segment) => (segment === 'node_modules' ? 'nm' : segment)));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(path.join(from, childRel), target);
        if (SOURCE.test(entry.name)) count++;
      }
    }
  }
  return count;
}

/** Runs a command, resolving with its exit code (or the signal that ended it) and standard error. */
function run(command, commandArgs, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { ...options, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function classify(results, work) {
  const internal = [];
  const syntax = [];
  const findings = new Map();
  const relative = (file) => path.relative(work, file);
  for (const result of results) {
    for (const message of result.messages) {
      if (CONTAINED.test(message.message) || (message.fatal && !message.message.startsWith('Parsing error:'))) {
        internal.push(`${relative(result.filePath)}:${message.line ?? 0}: ${message.message}`);
      } else if (message.fatal) {
        syntax.push(`${relative(result.filePath)}:${message.line ?? 0}: ${message.message}`);
      } else if (message.ruleId) {
        findings.set(message.ruleId, (findings.get(message.ruleId) ?? 0) + 1);
      }
    }
  }
  return { internal, syntax, findings };
}

async function lintCorpus(work, config) {
  const rssFile = path.join(work, 'max-rss.txt');
  const preload = path.join(work, 'max-rss.cjs');
  fs.writeFileSync(
    preload,
    // Worker threads run the preload too; the main thread's figure covers the whole process.
    `if (require('node:worker_threads').isMainThread) process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const report = path.join(work, 'report.json');
  const concurrency = LINT_THREADS > 1 ? ['--concurrency', String(LINT_THREADS)] : [];
  log(`Running ${['tango-lint', '--format', 'json', ...concurrency].join(' ')} over the corpus...`);
  const started = performance.now();
  const { code, signal, stderr } = await run(process.execPath, ['-r', preload, BIN, '--format', 'json', '--output-file', report, '--config', config, ...concurrency, 'corpus'], {
    cwd: work,
  });
  const ms = performance.now() - started;
  const maxRssKb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : undefined;
  const results = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : [];
  return { code, signal, stderr, ms, maxRssKb, results };
}

/**
 * Runs the fuzz test with FUZZ_RUNS inputs, split over FUZZ_SHARDS child processes with seeds
 * `seed`, `seed + 1`, ...; resolves when all have finished, with the counts added up.
 */
async function fuzz(work) {
  const seed = Number(process.env.TANGO_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 30));
  log(`Fuzzing the analyzer with ${FUZZ_RUNS} mutated fixture files in ${FUZZ_SHARDS} process(es) (TANGO_FUZZ_SEED=${seed})...`);
  const started = performance.now();
  const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
  const shards = Array.from({ length: FUZZ_SHARDS }, (_, i) => ({
    seed: seed + i,
    runs: Math.floor(FUZZ_RUNS / FUZZ_SHARDS) + (i < FUZZ_RUNS % FUZZ_SHARDS ? 1 : 0),
    summary: path.join(work, `fuzz-${i}.json`),
  }));
  const results = await Promise.all(
    shards.map((shard) =>
      run(process.execPath, [vitest, 'run', 'test/robustness/fuzz.test.ts'], {
        cwd: ROOT,
        env: { ...process.env, TANGO_FUZZ_RUNS: String(shard.runs), TANGO_FUZZ_SEED: String(shard.seed), TANGO_FUZZ_SUMMARY: shard.summary },
      }),
    ),
  );
  const ms = performance.now() - started;
  const summaries = shards.map((shard) => (fs.existsSync(shard.summary) ? JSON.parse(fs.readFileSync(shard.summary, 'utf8')) : undefined));
  const counts = summaries.every(Boolean)
    ? Object.fromEntries(['runs', 'linterRuns', 'withTangoRequests', 'parsedWithErrors'].map((key) => [key, summaries.reduce((sum, s) => sum + s[key], 0)]))
    : undefined;
  const failed = shards.filter((_, i) => results[i].code !== 0).map((shard) => `TANGO_FUZZ_SEED=${shard.seed} TANGO_FUZZ_RUNS=${shard.runs}`);
  return { ok: failed.length === 0, failed, seed, ms, counts };
}

/**
 * The ESLint config for the run: every rule, with tango-lint's light parser as tango-lint's
 * built-in config has it (unless --typescript-parser), inline comments ignored (an
 * `eslint-disable` in a dependency must not hide an internal error, nor turn rules off), and each rule's listeners
 * timed per file, so the one tango-lint run also gives the slowest files. The times are written
 * to `timesFile` when the process exits.
 */
function writeConfig(config, timesFile) {
  fs.writeFileSync(
    config,
    `import fs from 'node:fs';
import { threadId } from 'node:worker_threads';
import plugin, { SOURCE_FILES } from ${JSON.stringify(pathToFileURL(PLUGIN).href)};
import * as lightParser from ${JSON.stringify(pathToFileURL(LIGHT_PARSER).href)};

const times = new Map();
const timed = (file, listener) => (...args) => {
  const started = performance.now();
  try {
    return listener(...args);
  } finally {
    times.set(file, (times.get(file) ?? 0) + performance.now() - started);
  }
};
const rules = Object.fromEntries(
  Object.entries(plugin.rules).map(([name, rule]) => [
    name,
    {
      ...rule,
      create(context) {
        const listeners = rule.create(context);
        return Object.fromEntries(Object.entries(listeners).map(([selector, listener]) => [selector, timed(context.filename, listener)]));
      },
    },
  ]),
);
// One file per thread when tango-lint runs with --concurrency.
process.on('exit', () => fs.writeFileSync(${JSON.stringify(timesFile)}.replace(/\\.json$/, \`-\${threadId}.json\`), JSON.stringify([...times])));

export default [
  { ...plugin.configs.all, plugins: { tango: { ...plugin, rules } } },
${option('--typescript-parser') ? '' : '  { files: SOURCE_FILES, languageOptions: { parser: lightParser } },\n'}  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];
`,
  );
}

/** The files by time spent in tango rules, slowest first. */
function slowestFiles(timesFile, work) {
  const prefix = path.basename(timesFile, '.json');
  return fs
    .readdirSync(path.dirname(timesFile))
    .filter((name) => name.startsWith(`${prefix}-`))
    .flatMap((name) => JSON.parse(fs.readFileSync(path.join(path.dirname(timesFile), name), 'utf8')))
    .map(([file, ms]) => ({ file: path.relative(work, file), bytes: fs.statSync(file).size, ms }))
    .sort((a, b) => b.ms - a.ms);
}

async function main() {
  const runStarted = performance.now();
  if (!Number.isInteger(FUZZ_RUNS) || FUZZ_RUNS < 0) fail('--fuzz-runs needs a whole number.');
  if (!Number.isInteger(JOBS) || JOBS < 1) fail('--jobs needs a positive whole number.');
  if (!fs.existsSync(BIN) || !fs.existsSync(PLUGIN)) fail('dist/ is missing: run `npm run build` first (`npm run robustness` does).');
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tango-robustness-')));
  const corpus = path.join(work, 'corpus');
  const sources = [{ name: 'project', dir: CORPUS ?? path.join(ROOT, 'node_modules') }];
  if (!option('--no-extra-corpus') && !CORPUS) {
    ensureExtraCorpus();
    sources.push({ name: 'extra', dir: path.join(EXTRA, 'node_modules') });
  }
  const counts = sources.map((source) => ({ ...source, files: copySources(source.dir, path.join(corpus, source.name)) }));
  const copied = counts.reduce((sum, source) => sum + source.files, 0);
  log(`Corpus: ${copied} JavaScript and TypeScript files (${counts.map((c) => `${c.files} from ${path.relative(ROOT, c.dir)}`).join(', ')}) in ${corpus}`);

  const config = path.join(work, 'tango-robustness.config.mjs');
  const timesFile = path.join(work, 'rule-times.json');
  writeConfig(config, timesFile);

  const fuzzing = FUZZ_RUNS > 0 && !option('--serial') ? fuzz(work) : undefined;
  const cli = await lintCorpus(work, config);
  const fuzzed = FUZZ_RUNS > 0 ? await (fuzzing ?? fuzz(work)) : undefined;
  const { internal, syntax, findings } = classify(cli.results, work);
  syntax.sort();
  const cliCrashed = cli.code !== 0 && cli.code !== 1;
  const times = slowestFiles(timesFile, work);
  const inRules = times.reduce((sum, t) => sum + t.ms, 0);

  log();
  log('=== Robustness run ===');
  log(`Files linted by tango-lint: ${cli.results.length} (of ${copied} copied), every rule, ${option('--typescript-parser') ? '@typescript-eslint/parser' : 'light parser'}`);
  log(`tango-lint exit code: ${cli.code ?? `none, ended by ${cli.signal}`}${cliCrashed ? ` (failed: ${cli.stderr.trim().split('\n')[0] || 'no message'})` : ''}`);
  log(`Internal errors: ${internal.length}`);
  for (const line of internal) log(`  ${line}`);
  log(`Syntax errors (ESLint fatal parse messages): ${syntax.length}`);
  for (const line of syntax) log(`  ${line}`);
  log(`Findings by rule: ${[...findings].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none'}`);
  log(`Total time (tango-lint): ${seconds(cli.ms)}, of which ${seconds(inRules)} in tango rules`);
  log(`Peak RSS (tango-lint): ${cli.maxRssKb === undefined ? 'unknown' : `${Math.round(cli.maxRssKb / 1024)} MB`}`);
  const slowest = times[0];
  log(`Slowest file (time in tango rules): ${slowest ? `${slowest.file} (${Math.round(slowest.bytes / 1024)} KB): ${Math.round(slowest.ms)} ms` : 'none'}`);
  log('Ten slowest files:');
  for (const t of times.slice(0, 10)) log(`  ${Math.round(t.ms).toString().padStart(6)} ms  ${Math.round(t.bytes / 1024).toString().padStart(6)} KB  ${t.file}`);
  if (fuzzed) {
    const { counts } = fuzzed;
    log(`Fuzz inputs: ${counts?.runs ?? FUZZ_RUNS} through the analyzer and every fact module` +
      (counts ? ` (${counts.parsedWithErrors} with syntax errors, ${counts.withTangoRequests} with Tango requests), ${counts.linterRuns} more through ESLint with every rule` : '') +
      `; seed ${fuzzed.seed}: ${fuzzed.ok ? 'no failure' : `FAILED (see above; replay with ${fuzzed.failed.join(', ')})`}, in ${seconds(fuzzed.ms)}`);
  }
  log(`Wall time: ${seconds(performance.now() - runStarted)}`);
  if (option('--keep')) log(`Kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });

  const failed = internal.length > 0 || cliCrashed || (fuzzed && !fuzzed.ok);
  process.exit(failed ? 1 : 0);
}

await main();
