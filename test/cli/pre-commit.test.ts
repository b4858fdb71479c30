import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunResult } from './helpers.js';
import { BIN, removeTemporaryFolders, ROOT, run, temporaryFolder, writeFile } from './helpers.js';

// Each commit runs the hook, which starts Node, ESLint and TypeScript.
vi.setConfig({ testTimeout: 120_000 });

const CLEAN = `export async function listCatalogs() {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs', {
    signal: AbortSignal.timeout(20_000),
  });
  return response.json();
}
`;

const VIOLATION = `export async function placeOrder(body: object) {
  return fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(body) });
}
`;

let repo: string;

/** Runs git in the test repository with a fixed identity and no signing or global hooks path. */
function git(...args: string[]): Promise<RunResult> {
  const identity = ['-c', 'user.name=Tango Lint', '-c', 'user.email=tango-lint@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=.git/hooks'];
  return run('git', [...identity, ...args], repo);
}

async function commits(): Promise<number> {
  const { stdout } = await git('rev-list', '--count', '--all');
  return Number(stdout.trim() || '0');
}

/**
 * Commits and returns git's exit code and everything printed (git passes a hook's standard
 * output on to its standard error), and prints it so the test log shows what a developer sees.
 */
async function commit(message: string, ...extra: string[]): Promise<{ code: number | null; output: string }> {
  const result = await git('commit', '--quiet', '-m', message, ...extra);
  const output = result.stdout + result.stderr;
  console.log(`$ git commit ${[...extra, '-m', JSON.stringify(message)].join(' ')}\n${output}[exit status ${result.code}]\n`);
  return { code: result.code, output };
}

/** The hook script of docs/pre-commit.md ("A plain git hook"), so the test runs what the docs say. */
function documentedHook(): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/pre-commit.md'), 'utf8');
  const section = doc.split(/^## A plain git hook$/m)[1]?.split(/^## /m)[0] ?? '';
  const script = /^```sh\n([^]*?)^```$/m.exec(section)?.[1];
  expect(script).toMatch(/^#!\/bin\/sh\n.*tango-lint --staged/);
  return script as string;
}

beforeAll(async () => {
  repo = temporaryFolder('tango-pre-commit-');
  expect((await git('init', '--quiet')).code).toBe(0);
  writeFile(path.join(repo, 'package.json'), '{ "name": "shop", "private": true, "type": "module" }\n');
  writeFile(path.join(repo, '.gitignore'), 'node_modules/\n');
  writeFile(path.join(repo, 'src/catalog.ts'), CLEAN);
  // What `npm install --save-dev eslint-plugin-tango` puts there: the binary under test.
  fs.mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
  fs.symlinkSync(BIN, path.join(repo, 'node_modules/.bin/tango-lint'));
  const hook = path.join(repo, '.git/hooks/pre-commit');
  writeFile(hook, documentedHook());
  fs.chmodSync(hook, 0o755);
});

afterAll(removeTemporaryFolders);

describe('a pre-commit hook running tango-lint --staged in a real git repository', () => {
  it('lets a clean commit through', async () => {
    expect((await git('add', '.')).code).toBe(0);
    const result = await commit('Add the catalog client');
    expect(result.code).toBe(0);
    expect(await commits()).toBe(1);
  });

  it('blocks a commit that adds a violation, showing the finding', async () => {
    writeFile(path.join(repo, 'src/orders.ts'), VIOLATION);
    await git('add', 'src/orders.ts');
    const result = await commit('Add order placement');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(path.join(repo, 'src/orders.ts'));
    expect(result.output).toMatch(/2:10\s+error\s+This Tango request \(fetch\) sets no timeout\..*tango\/require-request-timeout/);
    expect(result.output).toContain('1 problem (1 error, 0 warnings)');
    expect(await commits()).toBe(1);
  });

  it('judges what is staged: fixing the file without staging the fix still blocks', async () => {
    writeFile(path.join(repo, 'src/orders.ts'), VIOLATION.replace("body: JSON.stringify(body) }", 'body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) }'));
    const result = await commit('Add order placement');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('tango/require-request-timeout');
    expect(await commits()).toBe(1);
  });

  it('lets the commit through once the fix is staged', async () => {
    await git('add', 'src/orders.ts');
    const result = await commit('Add order placement with a timeout');
    expect(result).toEqual({ code: 0, output: '' });
    expect(await commits()).toBe(2);
  });

  it('judges what `git commit -a` stages too', async () => {
    writeFile(path.join(repo, 'src/catalog.ts'), CLEAN.replace('    signal: AbortSignal.timeout(20_000),\n', ''));
    const blocked = await commit('Drop the catalog timeout', '-a');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain(path.join(repo, 'src/catalog.ts'));
    expect(await commits()).toBe(2);
  });
});

interface FrameworkHook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  minimum_pre_commit_version?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
}

/** The keys pre-commit accepts in a hook of a `.pre-commit-hooks.yaml` (its `MANIFEST_HOOK_DICT`). */
const MANIFEST_KEYS = [
  'id', 'name', 'entry', 'language', 'alias', 'files', 'exclude', 'types', 'types_or', 'exclude_types',
  'additional_dependencies', 'args', 'always_run', 'fail_fast', 'pass_filenames', 'description',
  'language_version', 'log_file', 'minimum_pre_commit_version', 'require_serial', 'stages', 'verbose',
];

describe('the hook of .pre-commit-hooks.yaml, run as the pre-commit framework runs it', () => {
  const hooks = yaml.load(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as FrameworkHook[];
  const hook = hooks.find((h) => h.id === 'tango-lint') as FrameworkHook;

  it('is a valid manifest: a list of hooks with the required keys and no unknown ones', () => {
    expect(Array.isArray(hooks)).toBe(true);
    expect(hooks.map((h) => h.id)).toEqual(['tango-lint']);
    for (const key of ['id', 'name', 'entry', 'language']) expect(typeof hook[key as keyof FrameworkHook], key).toBe('string');
    expect(Object.keys(hook).filter((key) => !MANIFEST_KEYS.includes(key))).toEqual([]);
    // `unsupported` is pre-commit 4.4's name for `system`; older versions must refuse the hook
    // with a clear message rather than fail on the language.
    expect(hook.minimum_pre_commit_version).toBe('4.4.0');
  });

  it('runs the project’s own tango-lint on the staged source files, one run at a time', () => {
    expect(hook).toMatchObject({ entry: 'npx --no -- tango-lint', language: 'unsupported', require_serial: true });
    expect(hook.pass_filenames).not.toBe(false);
    // pre-commit's `files` is a Python regex; this one means the same in JavaScript.
    const files = new RegExp(hook.files);
    for (const name of ['a.js', 'a.cjs', 'a.mjs', 'a.jsx', 'a.ts', 'a.cts', 'a.mts', 'a.tsx', 'src/deep/a.d.ts']) expect(files.test(name), name).toBe(true);
    for (const name of ['a.json', 'a.md', 'a.vue', 'a.tsx.snap', 'a.jsonc', 'a.css']) expect(files.test(name), name).toBe(false);
  });

  it('blocks on a violation in the files it is given and passes clean ones', async () => {
    const dir = temporaryFolder('tango-pre-commit-framework-');
    writeFile(path.join(dir, 'package.json'), '{ "name": "shop", "private": true, "type": "module" }\n');
    writeFile(path.join(dir, 'src/catalog.ts'), CLEAN);
    writeFile(path.join(dir, 'src/orders.ts'), VIOLATION);
    // What `npm install --save-dev eslint-plugin-tango` puts there.
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(BIN, path.join(dir, 'node_modules/.bin/tango-lint'));
    const [command = '', ...args] = hook.entry.split(' ');
    const blocked = await run(command, [...args, 'src/catalog.ts', 'src/orders.ts'], dir);
    console.log(`$ ${hook.entry} src/catalog.ts src/orders.ts\n${blocked.stdout}${blocked.stderr}[exit status ${blocked.code}]\n`);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/orders\.ts\n\s+2:10\s+error\s+This Tango request \(fetch\) sets no timeout/);
    expect(blocked.stdout).not.toContain('catalog.ts');
    expect(await run(command, [...args, 'src/catalog.ts'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('passes the options of a config’s `args` on to tango-lint, before the files', async () => {
    const dir = temporaryFolder('tango-pre-commit-args-');
    writeFile(path.join(dir, 'package.json'), '{ "name": "shop", "private": true, "type": "module" }\n');
    writeFile(path.join(dir, 'src/orders.ts'), VIOLATION);
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(BIN, path.join(dir, 'node_modules/.bin/tango-lint'));
    const [command = '', ...entryArgs] = hook.entry.split(' ');
    // pre-commit runs `entry`, then the hook's `args`, then the file names.
    const result = await run(command, [...entryArgs, '--format', 'json', 'src/orders.ts'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const [report] = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(report?.filePath).toBe(path.join(dir, 'src/orders.ts'));
    expect(report?.messages.map((m) => m.ruleId)).toEqual(['tango/require-request-timeout']);
  });
});
