import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as users get it: `npm pack`, installed with ESLint into a fresh project, used
// through that project's own `eslint`, `tango-lint` and `tsc`. Packages come from the local npm
// cache (`--offline`), or from the registry only when the cache lacks one.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ESLINT_VERSION = '10.15.0';
const STEP_TIMEOUT_MS = 90_000;

let work: string;
let project: string;

interface StepResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with a time limit; never throws, so each test can say what went wrong. */
function step(command: string, args: readonly string[], cwd: string, timeoutMs = STEP_TIMEOUT_MS): Promise<StepResult> {
  return new Promise((resolve) => {
    // npm sets these for the scripts it runs (`npm test`); its prefix and the like must not
    // leak into the fresh project's npm, though the cache and registry are worth keeping.
    const keep = /^npm_config_(?:cache|registry|userconfig)$/i;
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => keep.test(name) || !/^npm_(?:config|package|lifecycle)_/i.test(name)));
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs / 1000}s]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A failure message with the command and the end of its output. */
function explain(what: string, result: StepResult): string {
  const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
  return `${what} exited with ${result.code}.\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function npm(args: readonly string[], cwd: string): Promise<StepResult> {
  return step(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/index.js')) || !fs.existsSync(path.join(ROOT, 'dist/cli/bin.js'))) {
    throw new Error('dist/ is missing: the packaging test packs the built package, so run `npm run build` first (`npm test` does).');
  }
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tango-pack-')));
  project = path.join(work, 'project');

  // The build is already there; `--ignore-scripts` packs it as it is.
  const pack = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  if (pack.code !== 0) throw new Error(explain('npm pack', pack));
  const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
  const tarball = path.join(work, filename);

  write(path.join(project, 'package.json'), '{ "name": "tango-pack-test", "private": true, "type": "module" }\n');
  const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', tarball, `eslint@${ESLINT_VERSION}`];
  let installed = await npm([...install, '--offline'], project);
  if (installed.code !== 0 && /ENOTCACHED/.test(installed.stderr)) {
    console.log('npm install --offline: a package is not in the npm cache; installing with --prefer-offline.');
    installed = await npm([...install, '--prefer-offline'], project);
  }
  if (installed.code !== 0) throw new Error(explain(`npm install ${path.basename(tarball)} eslint@${ESLINT_VERSION}`, installed));

  write(path.join(project, 'eslint.config.js'), "import tango from 'eslint-plugin-tango'; export default [tango.configs.recommended];\n");
  write(
    path.join(project, 'src/order-client.ts'),
    `import https from 'node:https';
import axios from 'axios';

const agent = new https.Agent({ rejectUnauthorized: false });

export async function placeOrder(body: Record<string, unknown>) {
  return axios.post('https://integration-api.tangocard.com/raas/v2/orders', body, { httpsAgent: agent });
}
`,
  );
  write(
    path.join(project, 'src/catalog.js'),
    `const TANGO_BASE_URL = process.env.TANGO_BASE_URL;

async function listCatalogs() {
  const response = await fetch(\`\${TANGO_BASE_URL}/catalogs\`);
  return response.json();
}

module.exports = { listCatalogs };
`,
  );
  write(path.join(project, 'src/flash-cards.js'), "export const tango = { word: 'tango', meaning: 'a dance' };\n");
}, 240_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

interface Finding {
  file: string;
  rule: string | null;
  line: number;
  column: number;
}

function findingsOf(stdout: string): Finding[] {
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number }[] }[];
  return results
    .flatMap((result) => result.messages.map((m) => ({ file: path.relative(project, result.filePath), rule: m.ruleId, line: m.line, column: m.column })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

const EXPECTED: Finding[] = [
  { file: 'src/catalog.js', rule: 'tango/require-request-timeout', line: 4, column: 26 },
  { file: 'src/order-client.ts', rule: 'tango/no-disabled-tls-verification', line: 4, column: 33 },
  { file: 'src/order-client.ts', rule: 'tango/require-request-timeout', line: 7, column: 10 },
];

describe('the packed package in a fresh project', () => {
  it('holds the build, the docs and the README, and no sources or tests', () => {
    const installed = path.join(project, 'node_modules/eslint-plugin-tango');
    for (const file of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'docs/rules/require-request-timeout.md']) {
      expect(fs.existsSync(path.join(installed, file)), file).toBe(true);
    }
    for (const folder of ['src', 'test', 'bench']) expect(fs.existsSync(path.join(installed, folder)), folder).toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules/.bin/tango-lint'))).toBe(true);
  });

  it("gives every rule a docs url whose page ships in the package (the editor's link)", async () => {
    const script = "const { default: tango } = await import('eslint-plugin-tango'); console.log(JSON.stringify(Object.entries(tango.rules).map(([id, rule]) => [id, rule.meta.docs.url])));";
    const listed = await step(process.execPath, ['--input-type=module', '-e', script], project);
    expect(listed.code, explain('node -e import("eslint-plugin-tango")', listed)).toBe(0);
    const urls = JSON.parse(listed.stdout) as [string, string][];
    expect(urls.length).toBeGreaterThan(0);
    for (const [id, url] of urls) {
      expect(url).toBe(`https://github.com/eslint-plugin-tango/eslint-plugin-tango/blob/main/docs/rules/${id}.md`);
      expect(fs.existsSync(path.join(project, 'node_modules/eslint-plugin-tango/docs/rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
    }
  });

  it("is used by the project's own eslint with a one-line eslint.config.js, on .ts and .js files", async () => {
    const eslint = await step(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', 'src'], project);
    expect(eslint.code, explain('eslint', eslint)).toBe(1);
    expect(findingsOf(eslint.stdout)).toEqual(EXPECTED);
    const version = await step(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--version'], project);
    expect(version.stdout.trim()).toBe(`v${ESLINT_VERSION}`);
  });

  it('gives the same findings through its tango-lint command', async () => {
    const tangoLint = await step(path.join(project, 'node_modules/.bin/tango-lint'), ['--format', 'json', 'src'], project);
    expect(tangoLint.code, explain('tango-lint', tangoLint)).toBe(1);
    expect(tangoLint.stderr).toBe('');
    expect(findingsOf(tangoLint.stdout)).toEqual(EXPECTED);
  });

  it('has types that resolve: tsc --noEmit on a typed eslint.config.mts', async () => {
    write(
      path.join(project, 'eslint.config.mts'),
      `import type { Linter } from 'eslint';
import tango, { type RuleId } from 'eslint-plugin-tango';

const timeout: RuleId = 'require-request-timeout';
// @ts-expect-error: with real types, a rule the plugin does not have is an error.
const missing: RuleId = 'no-such-rule';

const config: Linter.Config[] = [
  tango.configs.recommended,
  { rules: { [\`tango/\${timeout}\`]: ['error', { minimumMs: 30_000 }] } },
  { settings: { tango: { hosts: ['gift-api.internal.example'], mtls: false } } },
];

export default config;
export { missing };
`,
    );
    write(
      path.join(project, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['eslint.config.mts'] }, null, 2)}\n`,
    );
    const tsc = await step(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--listFiles', '--pretty', 'false'], project);
    expect(tsc.code, explain('tsc --noEmit', tsc)).toBe(0);
    // The plugin's declarations and what they import were found, not replaced by `any`.
    const files = tsc.stdout.split('\n').map((line) => path.relative(project, line.trim()).split(path.sep).join('/'));
    for (const file of ['node_modules/eslint-plugin-tango/dist/index.d.ts', 'node_modules/eslint-plugin-tango/dist/rules/index.d.ts', 'node_modules/eslint/lib/types/index.d.ts']) {
      expect(files, file).toContain(file);
    }
    expect(files.some((file) => file.startsWith('node_modules/@typescript-eslint/utils/'))).toBe(true);
  });
});
