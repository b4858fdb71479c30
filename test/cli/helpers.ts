import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built tango-lint binary the tests run, as users do. */
export const BIN = path.join(ROOT, 'dist/cli/bin.js');
const FIXTURES = path.join(ROOT, 'test/fixtures');

if (!fs.existsSync(BIN)) {
  throw new Error(`${path.relative(ROOT, BIN)} is missing: the CLI tests run the built binary, so run \`npm run build\` first (\`npm test\` does).`);
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without git variables a surrounding hook may set, so git finds the repository by cwd. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'));
  return { ...Object.fromEntries(inherited), ...extra };
}

/** Runs a command to completion. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `node dist/cli/bin.js ...args` in `cwd`. */
export function tangoLint(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], cwd, env);
}

/** Runs ESLint's own CLI, to compare with. */
export function eslintCli(args: readonly string[], cwd: string): Promise<RunResult> {
  return run(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), ...args], cwd);
}

const temporary: string[] = [];

/** A fresh, empty folder under the system's temporary folder; removed by `removeTemporaryFolders`. */
export function temporaryFolder(prefix = 'tango-lint-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temporary.push(dir);
  return dir;
}

/**
 * A copy of a fixture project in a temporary folder, with `eslint-plugin-tango` linked into its
 * `node_modules` (so its own ESLint configs can import the plugin, as a real project would).
 * Copies keep the tests from writing into the repository and from seeing its `.gitignore`.
 */
export function copyFixture(name: string, into = temporaryFolder()): string {
  fs.cpSync(path.join(FIXTURES, name), into, { recursive: true });
  fs.mkdirSync(path.join(into, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(into, 'node_modules/eslint-plugin-tango'), 'dir');
  return into;
}

/** Writes a file, creating its folders. */
export function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export function removeTemporaryFolders(): void {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The ESLint JSON report of a run. */
export interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; message: string; line: number; column: number; endLine?: number; endColumn?: number; fatal?: boolean; suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[] }[];
  suppressedMessages: { ruleId: string | null }[];
  errorCount: number;
  warningCount: number;
  source?: string;
}

/** The results of a JSON run by path relative to `cwd`. */
export function byPath(stdout: string, cwd: string): Map<string, JsonResult> {
  const results = JSON.parse(stdout) as JsonResult[];
  return new Map(results.map((result) => [path.relative(cwd, result.filePath).split(path.sep).join('/'), result]));
}

/**
 * The distinctive made-up secrets written in test/fixtures/credentials-masking: every form the
 * credential rules know (names, fallbacks, Basic tokens and their base64, Bearer tokens, JWTs,
 * auth options, OAuth form bodies, signing keys, a JWK, a URL password, the lines of a PEM key,
 * a value used in another file, CommonJS exports).
 */
export const MASKING_SECRETS: readonly string[] = [
  'IGPXOsLVeYDHl6pF7vm91ENzMQBd',
  'ompWWrGsXEJUN9pBGx1zEabAW9dujZjE',
  'PpCxiO0nL7t9jSeFrmPGbmcD',
  'ww28sBAfYchGOvJJAtS7',
  'cEL62dK3x4j88wtGx8TGOsa36CWUhWtI',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJNVEdOdnlZSGxHdmcifQ.I9NVkXf1SBeSY9grOLnXAiCfK24Vmr1bPK18Ba8FX6Q',
  '6DB3XehNGVZaTml8hgqeifrpdxrf',
  'fPGzlDIfhnADYdqgFSWKparZU8p4Xei8',
  'WLUnOlAUocVblXWdIn02VVHS',
  'zy6nCsRuGBkY2ODdxlFwskZqNdpc',
  'N7ZzMVZYWRdw3PA2SkvHr5qs2AFOJNM1sUHJiu2Cw1c',
  'IJqDpl0G4hPbk4VfI6Zo7rGE',
  'pREfkckFNYGU5E8eu1hmX3vQnZyb',
  'wPUJ0bpUa46hgTgklbQMTrFwfy5ETNNH',
  'YWNtZTp3dzI4c0JBZlljaEdPdkpKQXRTNw==',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg4zttpXzcIxCu4DdQ',
  'qmsnU/LU4cWaSuGopNx/JqM5jwmhRANCAAQaZnCl9vH/+C8Hg+2i79sM6BG/xpMU',
  'IMogD9NyetAb5uWn9+Uq8pSTFlLiSdMlp6Jd2KEeWVSqgr5NNUZg6Vaq',
];
