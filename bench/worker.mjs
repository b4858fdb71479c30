// One measurement in a fresh process: prints {ms, maxRssKB, problems} as JSON.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { builtInConfig } from '../dist/cli/eslint-options.js';

const [mode, target, variant] = process.argv.slice(2);
const FILES = ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'];

/**
 * (b) is tango-lint's own configuration with the TypeScript parser instead of the light one, so
 * (b) and (c) must report the same findings; (a) is the same without the plugin's rules.
 */
function eslintFor(withPlugin, cwd, stats = false) {
  const base = [
    { files: FILES, languageOptions: { parser: tsParser } },
    { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ];
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: withPlugin ? builtInConfig({ light: false }) : base, cache: false, stats });
}

/**
 * CPU time of the calling thread so far, in ms, and what was measured. On Linux, the main
 * thread's own time from /proc (the kernel counts it in ticks of 10 ms): ESLint and the rules run
 * there, while the garbage collector's and compiler's helper threads run on other cores.
 * Elsewhere, the whole process's time.
 */
function cpuNow() {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ms: (Number(fields[11]) + Number(fields[12])) * 10, source: 'main thread' };
  } catch {
    const usage = process.cpuUsage();
    return { ms: (usage.user + usage.system) / 1000, source: 'process' };
  }
}

function count(results) {
  return results.reduce((sum, r) => sum + r.messages.length, 0);
}

/**
 * ESLint's own timing of the run (`stats`), summed over files: the whole of each lint, and the
 * part spent in the tango rules' listeners. Both come from the same run, so a machine slower
 * during that run slows both, and their ratio moves less between runs than b/a does.
 */
function timesOf(results) {
  let lintMs = 0;
  let tangoRulesMs = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      lintMs += pass.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) if (rule.startsWith('tango/')) tangoRulesMs += time.total;
    }
  }
  return { lintMs, tangoRulesMs };
}

if (mode === 'lint') {
  // (a) and (b) alike time each file's lint and each rule's listeners (see `timesOf`).
  const eslint = eslintFor(variant === 'plugin', target, true);
  const cpuStart = cpuNow();
  const start = performance.now();
  const results = await eslint.lintFiles(['.']);
  const ms = performance.now() - start;
  const cpuEnd = cpuNow();
  const cpu = { ms: cpuEnd.ms - cpuStart.ms, source: cpuEnd.source };
  process.stdout.write(JSON.stringify({ ms, cpu, times: timesOf(results), maxRssKB: process.resourceUsage().maxRSS, files: results.length, problems: count(results) }));
} else if (mode === 'latency') {
  // Warm single-file latency: lint once, then lint edited versions of the same buffer.
  const eslint = eslintFor(variant === 'plugin', process.cwd());
  const text = fs.readFileSync(target, 'utf8');
  const filePath = target;
  for (let i = 0; i < 5; i++) await eslint.lintText(`${text}\n// warm ${i}\n`, { filePath });
  const samples = [];
  for (let i = 0; i < 40; i++) {
    const edited = text.replace(/\n/, `\nconst edit${i} = ${i};\n`);
    const start = performance.now();
    await eslint.lintText(edited, { filePath });
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[Math.floor(samples.length / 2)];
  process.stdout.write(JSON.stringify({ ms, maxRssKB: process.resourceUsage().maxRSS }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
