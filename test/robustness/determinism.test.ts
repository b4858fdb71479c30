import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eslintAll, FIXTURES, internalErrors, tempProject } from './helpers.js';

const DIST = path.resolve(FIXTURES, '../../dist/index.js');

/** ESLint's JSON report of every fixture project, the format CI consumers diff and parse. */
async function jsonReport(eslint: ESLint): Promise<string> {
  const results = await eslint.lintFiles(['.']);
  expect(internalErrors(results)).toEqual([]);
  const formatter = await eslint.loadFormatter('json');
  return formatter.format(results, { cwd: FIXTURES, rulesMeta: eslint.getRulesMetaForResults(results) } as Parameters<typeof formatter.format>[1]) as string;
}

describe('the output on the fixture projects', () => {
  it('is byte-identical across runs, in a fresh ESLint and in one that has already linted them', { timeout: 300_000 }, async () => {
    const first = await jsonReport(eslintAll(FIXTURES));
    const reused = eslintAll(FIXTURES);
    const second = await jsonReport(reused);
    const third = await jsonReport(reused);
    expect(JSON.parse(first).length).toBeGreaterThan(50);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  describe.skipIf(!fs.existsSync(DIST))('with ESLint running rules in worker threads', () => {
    let options: ReturnType<typeof tempProject>;
    beforeAll(() => {
      // Worker threads cannot receive a plugin object: ESLint loads the options from a module.
      options = tempProject('concurrency', {
        'options.mjs': [
          `import plugin from ${JSON.stringify(pathToFileURL(DIST).href)};`,
          `export default { cwd: ${JSON.stringify(FIXTURES)}, overrideConfigFile: true, overrideConfig: [plugin.configs.all] };`,
          '',
        ].join('\n'),
        'options-concurrent.mjs': "import options from './options.mjs';\nexport default { ...options, concurrency: 2 };\n",
      });
    });
    afterAll(() => options.remove());

    it('is byte-identical with concurrency 2 and without', { timeout: 300_000 }, async () => {
      const single = await jsonReport(await ESLint.fromOptionsModule(pathToFileURL(path.join(options.dir, 'options.mjs'))));
      const concurrent = await jsonReport(await ESLint.fromOptionsModule(pathToFileURL(path.join(options.dir, 'options-concurrent.mjs'))));
      expect(concurrent).toBe(single);
    });
  });
});
