import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import plugin from '../../src/index.js';
import type { RunResult } from './helpers.js';
import { byPath, copyFixture, removeTemporaryFolders, tangoLint, temporaryFolder, writeFile } from './helpers.js';

// Every test starts Node, ESLint, TypeScript and the rules at least once.
vi.setConfig({ testTimeout: 120_000 });

let project: string;
/** `tango-lint --format json` in the project, the reference several tests compare with. */
let defaultJson: RunResult;

beforeAll(async () => {
  project = copyFixture('cli-project');
  // Git would not commit these from the fixture (they are ignored), so they are made here.
  const violation = fs.readFileSync(path.join(project, 'src/order-client.ts'), 'utf8');
  writeFile(path.join(project, 'generated/order-client.ts'), violation);
  writeFile(path.join(project, 'node_modules/tango-sdk/index.js'), 'export const agentOptions = { rejectUnauthorized: false };\n');
  writeFile(path.join(project, 'dist/client.js'), 'export const agentOptions = { rejectUnauthorized: false };\n');
  defaultJson = await tangoLint(['--format', 'json'], project);
}, 120_000);

afterAll(removeTemporaryFolders);

/** A single line on standard error, from tango-lint, without a stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^tango-lint: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toMatch(pattern);
}

describe('exit codes and the default run', () => {
  it('exits 1 and reports both rules in stylish format', async () => {
    const { code, stdout, stderr } = await tangoLint(['src'], project);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain(path.join(project, 'src/order-client.ts'));
    expect(stdout).toMatch(/4:33\s+error\s+`rejectUnauthorized` set to false.*tango\/no-disabled-tls-verification/);
    expect(stdout).toMatch(/7:10\s+error\s+This Tango request \(axios\) sets no timeout.*tango\/require-request-timeout/);
    expect(stdout).toContain('2 problems (2 errors, 0 warnings)');
  });

  it('exits 0 with no output for a clean file', async () => {
    const { code, stdout, stderr } = await tangoLint(['src/catalog.js'], project);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('honours eslint-disable comments, as the editor does', async () => {
    const { code, stdout } = await tangoLint(['--format', 'json', 'src/legacy-status.cjs'], project);
    expect(code).toBe(0);
    const result = byPath(stdout, project).get('src/legacy-status.cjs');
    expect(result?.messages).toEqual([]);
    expect(result?.suppressedMessages.map((m) => m.ruleId)).toEqual(['tango/require-request-timeout']);
  });

  it('lints the current directory by default, skipping .gitignore paths, node_modules and build output', () => {
    const { code, stdout, stderr } = defaultJson;
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const results = byPath(stdout, project);
    expect(results.get('src/order-client.ts')?.messages.map((m) => m.ruleId)).toEqual(['tango/no-disabled-tls-verification', 'tango/require-request-timeout']);
    expect([...results.keys()].sort()).toEqual([
      'configs/bad-rule-options.config.js',
      'configs/bad-settings.config.js',
      'eslint.config.js',
      'src/catalog.js',
      'src/legacy-status.cjs',
      'src/order-client.ts',
    ]);
  });

  it('lints every JavaScript and TypeScript flavour with zero set-up', async () => {
    const dir = temporaryFolder();
    const tls = 'export const options = { rejectUnauthorized: false };\n';
    const jsx = `${tls}export const View = () => <p>{String(options.rejectUnauthorized)}</p>;\n`;
    const files: Record<string, string> = {
      'a.js': tls,
      'b.mjs': tls,
      'c.cjs': 'module.exports = { options: { rejectUnauthorized: false } };\n',
      'd.jsx': jsx,
      'e.ts': tls,
      'f.mts': tls,
      'g.cts': tls,
      'h.tsx': jsx,
      'notes.md': tls,
      'data.json': '{ "rejectUnauthorized": false }\n',
    };
    for (const [name, text] of Object.entries(files)) writeFile(path.join(dir, 'src', name), text);
    const { code, stdout } = await tangoLint(['--format', 'json'], dir);
    expect(code).toBe(1);
    const results = byPath(stdout, dir);
    expect([...results.keys()].sort()).toEqual(['a.js', 'b.mjs', 'c.cjs', 'd.jsx', 'e.ts', 'f.mts', 'g.cts', 'h.tsx'].map((name) => `src/${name}`));
    for (const result of results.values()) {
      expect(result.messages.map((m) => m.ruleId)).toEqual(['tango/no-disabled-tls-verification']);
    }
  });

  it('applies nested .gitignore files relative to their folder, with negations', async () => {
    const dir = copyFixture('cli-project');
    const tls = 'export const options = { rejectUnauthorized: false };\n';
    writeFile(path.join(dir, 'packages/app/.gitignore'), '# local builds\n/local/\n*.gen.ts\n!keep.gen.ts\n');
    writeFile(path.join(dir, 'packages/app/local/a.ts'), tls);
    writeFile(path.join(dir, 'packages/app/src/b.gen.ts'), tls);
    writeFile(path.join(dir, 'packages/app/src/keep.gen.ts'), tls);
    writeFile(path.join(dir, 'packages/other/local/c.ts'), tls);
    writeFile(path.join(dir, 'packages/other/src/d.gen.ts'), tls);
    const { code, stdout } = await tangoLint(['--format', 'json', 'packages'], dir);
    expect(code).toBe(1);
    expect([...byPath(stdout, dir).keys()].sort()).toEqual(['packages/app/src/keep.gen.ts', 'packages/other/local/c.ts', 'packages/other/src/d.gen.ts']);
  });

  it('says there is nothing to lint and exits 0 for a folder without JS or TS files', async () => {
    const dir = temporaryFolder();
    writeFile(path.join(dir, 'docs/readme.md'), '# Notes\n');
    const { code, stdout, stderr } = await tangoLint([], dir);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('tango-lint: nothing to lint: the current directory holds no JavaScript or TypeScript files, or all of them are ignored.\n');
  });

  it('treats an explicitly named ignored file as nothing to lint', async () => {
    const { code, stderr } = await tangoLint(['generated/order-client.ts'], project);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^tango-lint: nothing to lint: generated\/order-client.ts holds no JavaScript or TypeScript files, or all of them are ignored/);
  });
});

describe('--max-warnings and --config', () => {
  it('uses the project config (rules at warn level): exit 0 with warnings', async () => {
    const { code, stdout, stderr } = await tangoLint(['--config', 'eslint.config.js', 'src'], project);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('2 problems (0 errors, 2 warnings)');
  });

  it('exits 1 when warnings exceed --max-warnings, and 0 at the limit', async () => {
    const over = await tangoLint(['--config', 'eslint.config.js', '--max-warnings', '1', 'src'], project);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('tango-lint: too many warnings: 2 found, --max-warnings allows 1.\n');
    const at = await tangoLint(['--config', 'eslint.config.js', '--max-warnings', '2', 'src'], project);
    expect(at.code).toBe(0);
    expect(at.stderr).toBe('');
  });

  it('reports a config file with invalid rule options in one line, exit 2', async () => {
    const { code, stdout, stderr } = await tangoLint(['--config', 'configs/bad-rule-options.config.js'], project);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr, /Cannot use the ESLint config .*bad-rule-options\.config\.js: .*tango\/require-request-timeout.*should be integer/);
  });

  it('reports invalid settings.tango in one line naming the key, exit 2', async () => {
    const { code, stderr } = await tangoLint(['--config', 'configs/bad-settings.config.js'], project);
    expect(code).toBe(2);
    expectOneLineError(stderr, /Invalid settings in .*bad-settings\.config\.js: settings\.tango\.dpop must be "auto", "always" or "never", got "sometimes"\./);
  });

  it('reports a config file with a syntax error and where it is, exit 2', async () => {
    const dir = copyFixture('cli-syntax-error');
    const { code, stderr } = await tangoLint(['--config', 'syntax-error.config.js', 'src/fine.ts'], dir);
    expect(code).toBe(2);
    expectOneLineError(stderr, /Cannot use the ESLint config .*syntax-error\.config\.js: SyntaxError: Unexpected token '\]' \(line 6, column 1\)/);
  });

  it('reports a missing config file as a usage error', async () => {
    const { code, stderr } = await tangoLint(['--config', 'missing.config.js'], project);
    expect(code).toBe(2);
    expectOneLineError(stderr, /The config file "missing\.config\.js" does not exist\. Run tango-lint --help for usage\./);
  });

  it('reports a crash inside a rule as an internal error with its context, no stack, exit 2', async () => {
    const dir = copyFixture('cli-project');
    writeFile(
      path.join(dir, 'crash.config.js'),
      "export default [{ plugins: { local: { rules: { crash: { create: () => ({ Program() { throw new Error('boom'); } }) } } } }, rules: { 'local/crash': 'error' } }];\n",
    );
    const { code, stderr } = await tangoLint(['--config', 'crash.config.js', 'src/catalog.js'], dir);
    expect(code).toBe(2);
    expectOneLineError(stderr, /^tango-lint: internal error: boom; Occurred while linting .*catalog\.js:1; Rule: "local\/crash" \(set TANGO_LINT_DEBUG=1 to see the stack\)$/m);
  });
});

describe('bad arguments', () => {
  it.each([
    [['--format', 'xml'], /--format must be one of stylish, json, sarif, gitlab; got "xml"\./],
    [['--bogus'], /Unknown option '--bogus'\./],
    [['--max-warnings', 'many'], /--max-warnings must be a whole number of 0 or more; got "many"\./],
    [['--max-warnings'], /Option '--max-warnings <value>' argument missing\./],
    [['--concurrency', '0'], /--concurrency must be a positive whole number, "auto" or "off"; got "0"\./],
    [['--output-file', ''], /--output-file needs a file name\./],
    [['no-such-dir'], /"no-such-dir" does not exist\./],
    [['..'], /"\.\." is outside the current directory; run tango-lint from a directory that contains it\./],
    [['--shard', '2/1'], /--shard must be i\/n with 1 <= i <= n, such as 1\/4; got "2\/1"\./],
    [['--write-baseline', ''], /--write-baseline needs a file name\./],
  ])('%j: one line on stderr, exit 2', async (args, pattern) => {
    const { code, stdout, stderr } = await tangoLint(args, project);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr, pattern);
    expect(stderr).toMatch(/Run tango-lint --help for usage\.\n$/);
  });

  it('prints help and the version', async () => {
    const help = await tangoLint(['--help'], project);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tango-lint \[options\] \[paths\.\.\.\]/);
    for (const option of ['--format', '--output-file', '--staged', '--max-warnings', '--config', '--concurrency', '--baseline', '--write-baseline', '--shard']) expect(help.stdout).toContain(option);
    const version = await tangoLint(['--version'], project);
    expect(version).toEqual({ code: 0, stdout: `${plugin.meta?.version}\n`, stderr: '' });
  });
});

describe('--output-file and --concurrency', () => {
  it('writes the report to the file, nothing to stdout, same exit code', async () => {
    const { code, stdout, stderr } = await tangoLint(['--format', 'json', '--output-file', 'reports/lint.json'], project);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: '' });
    const written = fs.readFileSync(path.join(project, 'reports/lint.json'), 'utf8');
    expect(`${written}\n`).toBe(defaultJson.stdout);
  });

  it('reports an unwritable output file as an error, exit 2', async () => {
    const { code, stderr } = await tangoLint(['--output-file', 'src/catalog.js/report.txt'], project);
    expect(code).toBe(2);
    expectOneLineError(stderr, /Cannot write the report to .*report\.txt: /);
  });

  it('gives the same JSON with two worker threads as in one thread', async () => {
    const parallel = await tangoLint(['--format', 'json', '--concurrency', '2'], project);
    expect(parallel.code).toBe(1);
    expect(parallel.stderr).toBe('');
    expect(parallel.stdout).toBe(defaultJson.stdout);
  });

  it('reports settings that are invalid only for some files, from worker threads too', async () => {
    const dir = copyFixture('cli-project');
    writeFile(
      path.join(dir, 'scoped.config.js'),
      "import tango from 'eslint-plugin-tango';\nexport default [tango.configs.recommended, { files: ['src/**'], settings: { tango: { mtls: 'yes' } } }];\n",
    );
    for (const extra of [[], ['--concurrency', '2']]) {
      const { code, stderr } = await tangoLint(['--config', 'scoped.config.js', ...extra], dir);
      expect(code).toBe(2);
      expectOneLineError(stderr, /^tango-lint: Invalid settings in .*scoped\.config\.js: settings\.tango\.mtls must be a boolean, got "yes"\.$/m);
    }
  });
});
