import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inShard } from '../../src/cli/shard.js';
import type { JsonResult, RunResult } from './helpers.js';
import { ROOT, removeTemporaryFolders, run, tangoLint, temporaryFolder, writeFile } from './helpers.js';

// Twelve runs of tango-lint, each starting Node, ESLint and TypeScript.
vi.setConfig({ testTimeout: 120_000 });

const SHARDS = 3;
const TLS = 'export const options = { rejectUnauthorized: false };\n';
const ORDERS = "export const placeOrder = (body: object) => fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(body) });\n";

let dir: string;
interface Reports {
  json: RunResult;
  sarif: RunResult;
  gitlab: RunResult;
}

let single: Reports;
let shards: Reports[];

/** A monorepo-like project: findings in several packages, clean files, ignored files, a parse error and a core rule. */
function monorepo(): string {
  const root = temporaryFolder();
  writeFile(path.join(root, 'package.json'), '{ "name": "monorepo", "private": true, "type": "module" }\n');
  writeFile(path.join(root, '.gitignore'), 'generated/\n');
  writeFile(path.join(root, 'eslint.config.js'), "import tango from 'eslint-plugin-tango';\nexport default [tango.configs.recommended, { rules: { 'no-console': 'warn' } }];\n");
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(root, 'node_modules/eslint-plugin-tango'), 'dir');
  for (const pkg of ['billing', 'catalog', 'orders', 'rewards']) {
    writeFile(path.join(root, `packages/${pkg}/src/tls.ts`), TLS);
    writeFile(path.join(root, `packages/${pkg}/src/orders.mts`), ORDERS);
    writeFile(path.join(root, `packages/${pkg}/src/log.js`), "console.log('ready');\n");
    writeFile(path.join(root, `packages/${pkg}/src/clean.cjs`), 'module.exports = { answer: 42 };\n');
    writeFile(path.join(root, `packages/${pkg}/generated/tls.ts`), TLS);
    writeFile(path.join(root, `packages/${pkg}/README.md`), TLS);
  }
  writeFile(path.join(root, 'packages/orders/src/broken.ts'), 'export const = ;\n');
  writeFile(path.join(root, 'packages/with space/a file.ts'), TLS);
  return root;
}

async function lintAll(args: string[]): Promise<Reports> {
  const lint = (format: string) => tangoLint(['--config', 'eslint.config.js', '--format', format, ...args], dir);
  return { json: await lint('json'), sarif: await lint('sarif'), gitlab: await lint('gitlab') };
}

beforeAll(async () => {
  dir = monorepo();
  single = await lintAll([]);
  shards = [];
  for (let i = 1; i <= SHARDS; i++) shards.push(await lintAll(['--shard', `${i}/${SHARDS}`]));
}, 600_000);

afterAll(removeTemporaryFolders);

/** The JSON merge of docs/ci.md: all results, ordered by file path as ESLint's formatter orders them. */
function mergeJson(outputs: string[]): JsonResult[] {
  return outputs.flatMap((output) => JSON.parse(output) as JsonResult[]).sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/** The SARIF merge of docs/ci.md: the union of the rules by id, all results by file, rule indexes recomputed. */
function mergeSarif(outputs: string[]): Sarif.Log {
  const logs = outputs.map((output) => JSON.parse(output) as Sarif.Log);
  const byId = new Map<string, Sarif.ReportingDescriptor>();
  for (const log of logs) for (const rule of log.runs[0]?.tool.driver.rules ?? []) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  const rules = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = rules.map((rule) => rule.id);
  const uri = (result: Sarif.Result): string => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  const results = logs
    .flatMap((log) => log.runs[0]?.results ?? [])
    .map((result) => ({ ...result, ruleIndex: ids.indexOf(result.ruleId ?? '') }))
    .sort((a, b) => (uri(a) < uri(b) ? -1 : uri(a) > uri(b) ? 1 : 0));
  const [first] = logs as [Sarif.Log];
  const run = first.runs[0] as Sarif.Run;
  return { ...first, runs: [{ ...run, tool: { ...run.tool, driver: { ...run.tool.driver, rules } }, results }] };
}

function filesIn(output: string, cwd: string): string[] {
  return (JSON.parse(output) as JsonResult[]).map((result) => path.relative(cwd, result.filePath).split(path.sep).join('/'));
}

function filesOf(output: string): string[] {
  return (JSON.parse(output) as JsonResult[]).map((result) => path.relative(dir, result.filePath).split(path.sep).join('/'));
}

describe('--shard i/n', () => {
  it('splits the files of one run into disjoint shards by the hash of their relative path', () => {
    const all = filesOf(single.json.stdout);
    expect(all).toHaveLength(19);
    expect(all).toContain('packages/with space/a file.ts');
    expect(all).not.toContain('packages/billing/generated/tls.ts');
    const parts = shards.map((shard) => filesOf(shard.json.stdout));
    expect(parts.flat().sort()).toEqual([...all].sort());
    parts.forEach((files, i) => {
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(inShard(dir, path.join(dir, file), { index: i + 1, count: SHARDS })).toBe(true);
    });
  });

  it('gives exit codes that together are the exit code of one run', () => {
    expect(single.json.code).toBe(1);
    expect(Math.max(...shards.map((shard) => shard.json.code ?? 2))).toBe(1);
    for (const shard of [single, ...shards]) expect(shard.json.stderr + shard.sarif.stderr + shard.gitlab.stderr).toBe('');
  });

  it('gives JSON reports that merge into the report of one run', () => {
    expect(mergeJson(shards.map((shard) => shard.json.stdout))).toEqual(JSON.parse(single.json.stdout));
  });

  it('gives SARIF logs that merge into the log of one run, parse errors and core rules included', () => {
    const merged = mergeSarif(shards.map((shard) => shard.sarif.stdout));
    const one = JSON.parse(single.sarif.stdout) as Sarif.Log;
    expect(merged).toEqual(one);
    const ruleIds = new Set(one.runs[0]?.results?.map((result) => result.ruleId));
    expect([...ruleIds].sort()).toEqual(['no-console', 'tango/no-disabled-tls-verification', 'tango/parse-error', 'tango/require-request-timeout']);
  });

  it('merges with the jq commands of docs/ci.md', async () => {
    const commands = jqCommands();
    const reportOf: Record<string, keyof Reports> = { 'merged.json': 'json', 'gl-code-quality.json': 'gitlab', 'merged.sarif': 'sarif' };
    expect(commands.map((c) => c.output).sort()).toEqual(Object.keys(reportOf).sort());
    for (const { filter, extension, output } of commands) {
      const format = reportOf[output] as keyof Reports;
      const reports = temporaryFolder('tango-reports-');
      const files = shards.map((shard, i) => {
        const file = path.join(reports, `tango-lint-${i + 1}${extension}`);
        writeFile(file, shard[format].stdout);
        return file;
      });
      const { stdout } = await promisify(execFile)('jq', ['-s', filter, ...files], { maxBuffer: 64 * 1024 * 1024 });
      expect(JSON.parse(stdout), `${output} from ${format} reports`).toEqual(JSON.parse(single[format].stdout));
    }
  });

  it('gives GitLab reports whose issues merge into those of one run', () => {
    const issues = shards.flatMap((shard) => JSON.parse(shard.gitlab.stdout) as { location: { path: string } }[]);
    const byPath = (a: { location: { path: string } }, b: { location: { path: string } }) => (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0);
    expect(issues.sort(byPath)).toEqual(JSON.parse(single.gitlab.stdout));
  });

  it('is stable: the same paths fall in the same shards on every machine', () => {
    const paths = ['src/index.ts', 'src/orders/client.ts', 'packages/web/app/page.tsx', 'a file.js', 'ünïcödé/x.mjs'];
    expect(paths.map((p) => [1, 2, 3, 4].find((index) => inShard('/repo', `/repo/${p}`, { index, count: 4 })))).toEqual(GOLDEN_SHARDS);
    expect(paths.map((p) => [1, 2, 3, 4].find((index) => inShard('/elsewhere', `/elsewhere/${p}`, { index, count: 4 })))).toEqual(GOLDEN_SHARDS);
  });

  it('spreads many files evenly', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const index = counts.findIndex((_, n) => inShard('/repo', `/repo/src/module-${i}.ts`, { index: n + 1, count: 4 }));
      counts[index] = (counts[index] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(900);
  });

  it('says when a shard has no files (exit 0)', async () => {
    const small = temporaryFolder();
    writeFile(path.join(small, 'src/a.ts'), TLS);
    const file = path.join(small, 'src/a.ts');
    const empty = [1, 2].find((index) => !inShard(small, file, { index, count: 2 }));
    const { code, stdout, stderr } = await tangoLint(['--shard', `${empty}/2`], small);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).toBe(`tango-lint: nothing to lint: no JavaScript or TypeScript files of the current directory fall in shard ${empty}/2, or all of them are ignored.\n`);
  });

  it('splits the staged files the same way with --staged, and the parts merge into one --staged run', async () => {
    const repo = temporaryFolder('tango-shard-staged-');
    writeFile(path.join(repo, 'package.json'), '{ "name": "shop", "private": true, "type": "module" }\n');
    for (let i = 0; i < 6; i++) writeFile(path.join(repo, `src/tls-${i}.ts`), TLS);
    await run('git', ['init', '--quiet'], repo);
    await run('git', ['add', '.'], repo);
    // The work tree is fixed but not staged: only staged content may count.
    for (let i = 0; i < 6; i++) writeFile(path.join(repo, `src/tls-${i}.ts`), 'export const options = {};\n');
    const whole = await tangoLint(['--staged', '--format', 'json'], repo);
    expect(whole.code).toBe(1);
    expect(filesIn(whole.stdout, repo)).toHaveLength(6);
    const parts = [await tangoLint(['--staged', '--shard', '1/2', '--format', 'json'], repo), await tangoLint(['--staged', '--shard', '2/2', '--format', 'json'], repo)];
    parts.forEach((part, i) => {
      for (const file of filesIn(part.stdout, repo)) expect(inShard(repo, path.join(repo, file), { index: i + 1, count: 2 }), file).toBe(true);
    });
    expect(mergeJson(parts.map((part) => part.stdout))).toEqual(JSON.parse(whole.stdout));
  });

  it.each(['0/3', '4/3', '1/0', 'a/b', '1', '1/2/3', ' 1/2'])('rejects --shard %j (exit 2)', async (value) => {
    const { code, stderr } = await tangoLint(['--shard', value], dir);
    expect(code).toBe(2);
    expect(stderr).toBe(`tango-lint: --shard must be i/n with 1 <= i <= n, such as 1/4; got "${value}". Run tango-lint --help for usage.\n`);
  });
});

/** The shard each of the paths of the stability test falls in, as first computed; never to change. */
const GOLDEN_SHARDS = [1, 3, 2, 4, 2];

/**
 * The `jq` merge commands of docs/ci.md (`jq -s '<filter>' <folder>/<glob><extension> > <output>`),
 * one per output; a command repeated in a workflow must be the same as in the list.
 */
function jqCommands(): { filter: string; extension: string; output: string }[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
  const byOutput = new Map<string, { filter: string; extension: string; output: string }>();
  for (const [, filter = '', extension = '', output = ''] of doc.matchAll(/^[ \t]*(?:- )?jq -s '([^']+)' \S+?(\.json|\.sarif) > (\S+)$/gm)) {
    const known = byOutput.get(output);
    if (known) expect(filter, `the two commands writing ${output}`).toBe(known.filter);
    byOutput.set(output, { filter, extension, output });
  }
  return [...byOutput.values()];
}
