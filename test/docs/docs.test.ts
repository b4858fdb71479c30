import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/index.js';
import { ROOT } from './markdown.js';

const run = promisify(execFile);
const GENERATOR = path.join(ROOT, 'node_modules', 'eslint-doc-generator', 'dist', 'bin', 'eslint-doc-generator.js');
const BUILT_PLUGIN = path.join(ROOT, 'dist', 'index.js');

// eslint-doc-generator loads the plugin the way a user would, from package.json `exports`, which
// is the build in dist/; `npm test` builds first.
describe('generated documentation (eslint-doc-generator --check)', () => {
  beforeAll(async () => {
    if (!fs.existsSync(BUILT_PLUGIN)) throw new Error('dist/index.js is missing: run `npm run build` first.');
    const built = (await import(pathToFileURL(BUILT_PLUGIN).href)) as { default: { rules: Record<string, unknown> } };
    const stale = Object.keys(built.default.rules).sort().join(', ') !== Object.keys(rules).sort().join(', ');
    if (stale) throw new Error('dist/ has a different set of rules than src/: run `npm run build` first.');
  });

  it('README rule table and rule doc headers match the rules', async () => {
    const result = await run(process.execPath, [GENERATOR, '--check'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.code, `Write any missing docs/rules/<id>.md, then run \`npm run docs\` and review the changes.\n${result.output}`).toBe(0);
  });
});
