import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it, vi } from 'vitest';
import plugin from '../../src/index.js';
import { FIXTURES } from '../rules/rule-tester.js';

// An editor's ESLint integration (such as VS Code's) keeps one ESLint instance and lints the
// buffer with `lintText` on each change, under the file's path; these tests do the same.
vi.setConfig({ testTimeout: 60_000 });

const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture project, so that saving a file does not touch the repository. */
function copy(fixture: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tango-editor-')));
  temporary.push(dir);
  fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

/** ESLint as an editor runs it: the project's config, here the plugin's recommended config. */
function editorESLint(cwd: string): ESLint {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
}

/** The findings of linting `text` as the buffer of `file`: rule, start and end. */
async function lintBuffer(eslint: ESLint, file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
}

async function lintDisk(eslint: ESLint, file: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).map((m) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
}

describe('the buffer, not the file on disk, is what gets linted', () => {
  it('reports a violation typed into a buffer whose file on disk is clean', async () => {
    const dir = copy('cli-project');
    const eslint = editorESLint(dir);
    const file = path.join(dir, 'src/catalog.js');
    const disk = fs.readFileSync(file, 'utf8');
    expect(await lintDisk(eslint, file)).toEqual([]);
    const buffer = disk.replace('    signal: AbortSignal.timeout(20_000),\n', '');
    expect(await lintBuffer(eslint, file, buffer)).toEqual(['tango/require-request-timeout 2:26-2:31']);
    expect(fs.readFileSync(file, 'utf8')).toBe(disk);
  });

  it('is silent on a fixed buffer whose file on disk still has the violations', async () => {
    const dir = copy('cli-project');
    const eslint = editorESLint(dir);
    const file = path.join(dir, 'src/order-client.ts');
    const disk = fs.readFileSync(file, 'utf8');
    expect(await lintDisk(eslint, file)).toEqual(['tango/no-disabled-tls-verification 4:33-4:58', 'tango/require-request-timeout 7:10-7:20']);
    const buffer = disk.replace('{ rejectUnauthorized: false }', '{}').replace('{ httpsAgent: agent }', '{ httpsAgent: agent, timeout: 20_000 }');
    expect(await lintBuffer(eslint, file, buffer)).toEqual([]);
  });

  it('follows each keystroke with one ESLint instance: findings never come from an earlier buffer', async () => {
    const dir = copy('cli-project');
    const eslint = editorESLint(dir);
    const file = path.join(dir, 'src/order-client.ts');
    const disk = fs.readFileSync(file, 'utf8');
    const fixed = disk.replace('{ httpsAgent: agent }', '{ httpsAgent: agent, timeout: 20_000 }');
    const tooShort = disk.replace('{ httpsAgent: agent }', '{ httpsAgent: agent, timeout: 2_000 }');
    const tls = 'tango/no-disabled-tls-verification 4:33-4:58';
    expect(await lintBuffer(eslint, file, disk)).toEqual([tls, 'tango/require-request-timeout 7:10-7:20']);
    expect(await lintBuffer(eslint, file, fixed)).toEqual([tls]);
    expect(await lintBuffer(eslint, file, tooShort)).toEqual([tls, 'tango/require-request-timeout 7:113-7:118']);
    expect(await lintBuffer(eslint, file, disk)).toEqual([tls, 'tango/require-request-timeout 7:10-7:20']);
  });
});

describe('across files: the buffer of the linted file, the saved versions of the files it imports', () => {
  const HASTY = "import { hasty } from './http.js';\n\nexport async function createOrder(order: object) {\n  return hasty.post('/orders', order);\n}\n";
  const PATIENT = HASTY.replace(/hasty/g, 'patient');

  it('is silent on a buffer that switches to a client with a long enough timeout, though the file on disk is reported', async () => {
    const dir = copy('cross-file-base-url');
    const eslint = editorESLint(dir);
    const file = path.join(dir, 'src/orders.ts');
    expect(await lintDisk(eslint, file)).toEqual(['tango/require-request-timeout 4:10-4:19']);
    expect(await lintBuffer(eslint, file, PATIENT)).toEqual([]);
  });

  it('reports a buffer that switches to a client whose timeout, set in another file, is too short', async () => {
    const dir = copy('cross-file-base-url');
    const eslint = editorESLint(dir);
    const file = path.join(dir, 'src/orders.ts');
    fs.writeFileSync(file, PATIENT);
    expect(await lintDisk(eslint, file)).toEqual([]);
    expect(await lintBuffer(eslint, file, HASTY)).toEqual(['tango/require-request-timeout 4:10-4:20']);
  });

  it('uses the buffer of the linted file where a file it imports imports it back', async () => {
    const dir = copy('cross-file-base-url');
    const eslint = editorESLint(dir);
    // timeouts.ts -> http.ts -> config.ts -> timeouts.ts: the client's timeout comes back from the linted file.
    fs.writeFileSync(path.join(dir, 'src/config.ts'), "import { orderTimeoutMs } from './timeouts.js';\n\nexport const tangoConfig = {\n  baseUrl: 'https://integration-api.tangocard.com/raas/v2',\n  timeoutMs: orderTimeoutMs,\n};\n");
    const file = path.join(dir, 'src/timeouts.ts');
    const disk = "import { hasty } from './http.js';\n\nexport const orderTimeoutMs = 5_000;\nexport const status = () => hasty.get('/status');\n";
    fs.writeFileSync(file, disk);
    expect(await lintDisk(eslint, file)).toEqual(['tango/require-request-timeout 3:31-3:36']);
    expect(await lintBuffer(eslint, file, disk.replace('5_000', '30_000'))).toEqual([]);
    expect(await lintBuffer(eslint, file, disk)).toEqual(['tango/require-request-timeout 3:31-3:36']);
  });

  it('sees an imported file once it is saved, even one imported through another', async () => {
    const dir = copy('cross-file-base-url');
    const eslint = editorESLint(dir);
    const file = path.join(dir, 'src/orders.ts');
    expect(await lintBuffer(eslint, file, HASTY)).toEqual(['tango/require-request-timeout 4:10-4:20']);
    // orders.ts imports http.ts, which takes its timeout from config.ts; config.ts is saved.
    const config = path.join(dir, 'src/config.ts');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('timeoutMs: 5_000', 'timeoutMs: 20_000'));
    // Files on disk are checked for changes at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await lintBuffer(eslint, file, HASTY)).toEqual([]);
  });
});
