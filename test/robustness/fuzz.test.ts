import fs from 'node:fs';
import { Linter } from 'eslint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { analyze, DEFAULT_SETTINGS } from '../../src/analyzer/index.js';
import { computeAllFacts } from './helpers.js';
import { applyMutations, fixtureCorpus, inputPath, mutatedInput } from './mutations.js';

/**
 * The runs in the test suite; `npm run robustness` sets TANGO_FUZZ_RUNS to 50,000. A failure
 * prints fast-check's seed and path: set TANGO_FUZZ_SEED (and run the same count) to replay it.
 */
const RUNS = Number(process.env.TANGO_FUZZ_RUNS ?? 1_500);
const SEED = Number(process.env.TANGO_FUZZ_SEED ?? 20_240_917);
/** Through ESLint, every rule on top of the analyzer: a tenth as many, and at least 500 in the tests. */
const LINTER_RUNS = Number(process.env.TANGO_FUZZ_LINTER_RUNS ?? Math.max(500, Math.ceil(RUNS / 10)));
/** An input this slow means work that grows faster than the input; fixture files are a few kilobytes. */
const SLOW_INPUT_MS = 10_000;

const corpus = fixtureCorpus();

/** Runs `check` on a mutated input, turning a failure into an error that shows the input. */
function withInput(filePath: string, text: string, check: () => void): void {
  const started = performance.now();
  try {
    check();
  } catch (error) {
    const shown = text.length > 3_000 ? `${text.slice(0, 3_000)}\n… (${text.length} characters)` : text;
    throw new Error(`${(error as Error)?.stack ?? String(error)}\n--- input analyzed as ${filePath} ---\n${shown}\n---`, { cause: error });
  }
  const ms = performance.now() - started;
  if (ms > SLOW_INPUT_MS) throw new Error(`analyzing took ${Math.round(ms)} ms\n--- input analyzed as ${filePath} ---\n${text}\n---`);
}

describe('fuzzing with mutated fixture files', () => {
  it('finds a corpus of fixture files to mutate', () => {
    expect(corpus.length).toBeGreaterThan(50);
  });

  it(`never throws out of the analyzer or any fact module (${RUNS} inputs)`, { timeout: Math.max(120_000, RUNS * 100) }, () => {
    let parsedWithErrors = 0;
    let withTangoRequests = 0;
    fc.assert(
      fc.property(mutatedInput(corpus.length), (input) => {
        const filePath = inputPath(corpus, input);
        const text = applyMutations(corpus, input);
        withInput(filePath, text, () => {
          const analysis = analyze({ filePath, text, settings: DEFAULT_SETTINGS });
          if (computeAllFacts(analysis).tangoRequests > 0) withTangoRequests++;
          if ((analysis.sourceFile as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length) parsedWithErrors++;
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    if (process.env.TANGO_FUZZ_SUMMARY) {
      fs.writeFileSync(process.env.TANGO_FUZZ_SUMMARY, JSON.stringify({ runs: RUNS, linterRuns: LINTER_RUNS, seed: SEED, withTangoRequests, parsedWithErrors }));
    }
    // The mutations must keep producing both broken code and code the fact modules have work on.
    expect(withTangoRequests).toBeGreaterThan(RUNS / 10);
    expect(parsedWithErrors).toBeGreaterThan(RUNS / 10);
  });

  it(`never gives an internal error through ESLint with every rule (${LINTER_RUNS} inputs)`, { timeout: Math.max(120_000, LINTER_RUNS * 300) }, () => {
    const linter = new Linter({ configType: 'flat' });
    const config = [plugin.configs.all];
    fc.assert(
      fc.property(mutatedInput(corpus.length), (input) => {
        const filePath = inputPath(corpus, input);
        const text = applyMutations(corpus, input);
        withInput(filePath, text, () => {
          const messages = linter.verify(text, config, filePath);
          const internal = messages.filter((m) => m.message.includes('could not analyse') || (m.fatal && !m.message.startsWith('Parsing error:')));
          expect(internal).toEqual([]);
        });
      }),
      { numRuns: LINTER_RUNS, seed: SEED + 1 },
    );
  });
});
