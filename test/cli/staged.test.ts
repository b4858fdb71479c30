import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byPath, cleanEnv, copyFixture, removeTemporaryFolders, run, tangoLint, temporaryFolder, writeFile } from './helpers.js';

const CLEAN = "export async function placeOrder() {\n  return 'queued';\n}\n";

let violation: string;

beforeAll(() => {
  violation = fs.readFileSync(path.join(copyFixture('cli-project'), 'src/order-client.ts'), 'utf8');
});

afterAll(removeTemporaryFolders);

/** A git repository holding a copy of the cli-project fixture, nothing staged yet. */
async function repository(): Promise<string> {
  const dir = copyFixture('cli-project');
  await git(dir, 'init', '--quiet');
  return dir;
}

async function git(cwd: string, ...args: string[]): Promise<void> {
  const { code, stderr } = await run('git', args, cwd);
  expect(stderr).toBe('');
  expect(code).toBe(0);
}

describe('--staged', () => {
  it('lints the staged content even when the work tree is clean (exit 1)', async () => {
    const dir = await repository();
    await git(dir, 'add', 'src/order-client.ts');
    writeFile(path.join(dir, 'src/order-client.ts'), CLEAN);

    const staged = await tangoLint(['--staged', '--format', 'json'], dir);
    expect(staged.code).toBe(1);
    expect(staged.stderr).toBe('');
    const results = byPath(staged.stdout, dir);
    expect([...results.keys()]).toEqual(['src/order-client.ts']);
    const messages = results.get('src/order-client.ts')?.messages ?? [];
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['tango/no-disabled-tls-verification', 4, 33],
      ['tango/require-request-timeout', 7, 10],
    ]);

    expect((await tangoLint(['src/order-client.ts'], dir)).code).toBe(0);
  });

  it('passes when the staged content is clean even though the work tree has a violation (exit 0)', async () => {
    const dir = await repository();
    writeFile(path.join(dir, 'src/order-client.ts'), CLEAN);
    await git(dir, 'add', 'src/order-client.ts');
    writeFile(path.join(dir, 'src/order-client.ts'), violation);

    const staged = await tangoLint(['--staged'], dir);
    expect(staged).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await tangoLint(['src/order-client.ts'], dir)).code).toBe(1);
  });

  it('lints only staged files, skips ignored ones, and honours eslint-disable and pathspecs', async () => {
    const dir = await repository();
    writeFile(path.join(dir, 'generated/client.ts'), violation);
    await git(dir, 'add', 'src/catalog.js', 'src/legacy-status.cjs', 'package.json');
    await git(dir, 'add', '--force', 'generated/client.ts');

    const staged = await tangoLint(['--staged', '--format', 'json'], dir);
    expect(staged.code).toBe(0);
    expect([...byPath(staged.stdout, dir).keys()]).toEqual(['src/catalog.js', 'src/legacy-status.cjs']);
    expect(byPath(staged.stdout, dir).get('src/legacy-status.cjs')?.suppressedMessages).toHaveLength(1);

    await git(dir, 'add', 'src/order-client.ts');
    expect((await tangoLint(['--staged'], dir)).code).toBe(1);
    const limited = await tangoLint(['--staged', '--format', 'json', 'src/catalog.js'], dir);
    expect(limited.code).toBe(0);
    expect([...byPath(limited.stdout, dir).keys()]).toEqual(['src/catalog.js']);
  });

  it('lints only what is staged under the current folder of a bigger repository', async () => {
    const dir = await repository();
    writeFile(path.join(dir, 'other/orders.ts'), violation);
    await git(dir, 'add', 'src/catalog.js', 'other/orders.ts');
    const staged = await tangoLint(['--staged', '--format', 'json'], path.join(dir, 'src'));
    expect(staged.code).toBe(0);
    expect([...byPath(staged.stdout, path.join(dir, 'src')).keys()]).toEqual(['catalog.js']);
  });

  it('says when nothing is staged (exit 0)', async () => {
    const dir = await repository();
    const { code, stdout, stderr } = await tangoLint(['--staged'], dir);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^tango-lint: nothing to lint: no JavaScript or TypeScript files are staged in the current directory/);
  });

  it('is a clear error outside a git repository (exit 2)', async () => {
    const dir = temporaryFolder();
    writeFile(path.join(dir, 'index.ts'), violation);
    const env = cleanEnv({ GIT_CEILING_DIRECTORIES: path.dirname(dir) });
    const { code, stdout, stderr } = await tangoLint(['--staged'], dir, env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`tango-lint: --staged needs a git repository, and ${dir} is not inside one.\n`);
  });
});
