import fs from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { byPath, copyFixture, removeTemporaryFolders, run, tangoLint, temporaryFolder, writeFile } from './helpers.js';

// Every test starts Node, ESLint, TypeScript and the rules at least twice.
vi.setConfig({ testTimeout: 180_000 });

afterAll(removeTemporaryFolders);

const FINGERPRINT = 'tangoLintFingerprint/v1';
const INSECURE = 'agents.push({ rejectUnauthorized: false });\n';
const AGENTS = `export const agents: object[] = [];\n${INSECURE}`;
const ORDERS = `export async function placeOrder(body: object) {
  return fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(body) });
}
`;

/** A project with two findings in two files and a clean one. */
function project(): string {
  const dir = temporaryFolder();
  writeFile(path.join(dir, 'package.json'), '{ "name": "shop", "private": true, "type": "module" }\n');
  writeFile(path.join(dir, 'src/agents.ts'), AGENTS);
  writeFile(path.join(dir, 'src/orders.ts'), ORDERS);
  writeFile(path.join(dir, 'src/clean.js'), 'export const answer = 42;\n');
  return dir;
}

interface Baseline {
  tool: string;
  version: number;
  fingerprint: string;
  findings: Record<string, Record<string, string[]>>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Rule ids and lines of the messages of a JSON report, per file. */
function findings(stdout: string, cwd: string): Record<string, string[]> {
  return Object.fromEntries([...byPath(stdout, cwd)].filter(([, r]) => r.messages.length > 0).map(([file, r]) => [file, r.messages.map((m) => `${m.line} ${m.ruleId}`)]));
}

describe('--write-baseline', () => {
  it('records every finding by file, rule and SARIF fingerprint, accepts them (exit 0) and says so', async () => {
    const dir = project();
    const sarif = await tangoLint(['--format', 'sarif'], dir);
    const written = await tangoLint(['--write-baseline', 'tango-lint-baseline.json', '--format', 'json'], dir);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe('tango-lint: the baseline tango-lint-baseline.json now accepts 2 findings in 2 files.\n');
    expect(findings(written.stdout, dir)).toEqual({});
    const baseline = readJson<Baseline>(path.join(dir, 'tango-lint-baseline.json'));
    const results = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0]?.results ?? [];
    expect(baseline).toEqual({
      tool: 'tango-lint',
      version: 1,
      fingerprint: FINGERPRINT,
      findings: {
        'src/agents.ts': { 'tango/no-disabled-tls-verification': [results[0]?.partialFingerprints?.[FINGERPRINT]] },
        'src/orders.ts': { 'tango/require-request-timeout': [results[1]?.partialFingerprints?.[FINGERPRINT]] },
      },
    });
    // The accepted findings stay visible in the JSON report, as suppressed messages.
    const agents = byPath(written.stdout, dir).get('src/agents.ts') as unknown as { errorCount: number; suppressedMessages: { suppressions: unknown }[] };
    expect(agents.errorCount).toBe(0);
    expect(agents.suppressedMessages.map((m) => m.suppressions)).toEqual([[{ kind: 'baseline', justification: 'Accepted in tango-lint-baseline.json.' }]]);
  });

  it('writes the same bytes on a rerun, and creates the folder', async () => {
    const dir = project();
    await tangoLint(['--write-baseline', 'ci/baseline.json'], dir);
    const first = fs.readFileSync(path.join(dir, 'ci/baseline.json'), 'utf8');
    await tangoLint(['--write-baseline', 'ci/baseline.json'], dir);
    expect(fs.readFileSync(path.join(dir, 'ci/baseline.json'), 'utf8')).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
  });

  it('never accepts a file that cannot be parsed', async () => {
    const dir = project();
    writeFile(path.join(dir, 'src/broken.ts'), 'export const = ;\n');
    const { code, stdout, stderr } = await tangoLint(['--write-baseline', 'baseline.json', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(stderr).toBe('tango-lint: the baseline baseline.json now accepts 2 findings in 2 files.\n');
    expect(findings(stdout, dir)).toEqual({ 'src/broken.ts': ['1 null'] });
    expect(Object.keys(readJson<Baseline>(path.join(dir, 'baseline.json')).findings)).toEqual(['src/agents.ts', 'src/orders.ts']);
  });
});

describe('--baseline', () => {
  it('passes while the findings are those accepted, even after unrelated lines move', async () => {
    const dir = project();
    await tangoLint(['--write-baseline', 'baseline.json'], dir);
    expect(await tangoLint(['--baseline', 'baseline.json'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    writeFile(path.join(dir, 'src/agents.ts'), `// Agents for the order client\n\n${AGENTS.replace(INSECURE, `  ${INSECURE}`)}`);
    expect(await tangoLint(['--baseline', 'baseline.json'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fails on a new finding and reports only it, with the fingerprint a run without the baseline gives', async () => {
    const dir = project();
    await tangoLint(['--write-baseline', 'baseline.json'], dir);
    writeFile(path.join(dir, 'src/payments.ts'), ORDERS);
    const json = await tangoLint(['--baseline', 'baseline.json', '--format', 'json'], dir);
    expect(json.code).toBe(1);
    expect(findings(json.stdout, dir)).toEqual({ 'src/payments.ts': ['2 tango/require-request-timeout'] });

    const sarif = JSON.parse((await tangoLint(['--baseline', 'baseline.json', '--format', 'sarif'], dir)).stdout) as Sarif.Log;
    const all = JSON.parse((await tangoLint(['--format', 'sarif'], dir)).stdout) as Sarif.Log;
    const newOnes = sarif.runs[0]?.results ?? [];
    expect(newOnes.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual(['src/payments.ts']);
    expect(all.runs[0]?.results?.find((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'src/payments.ts')?.partialFingerprints).toEqual(newOnes[0]?.partialFingerprints);
    const gitlab = JSON.parse((await tangoLint(['--baseline', 'baseline.json', '--format', 'gitlab'], dir)).stdout) as { location: { path: string } }[];
    expect(gitlab.map((issue) => issue.location.path)).toEqual(['src/payments.ts']);
  });

  it('counts: a copy of an accepted line is new, and removing one of two copies is fine', async () => {
    const dir = project();
    writeFile(path.join(dir, 'src/agents.ts'), `${AGENTS}${INSECURE}`);
    await tangoLint(['--write-baseline', 'baseline.json'], dir);
    expect(readJson<Baseline>(path.join(dir, 'baseline.json')).findings['src/agents.ts']?.['tango/no-disabled-tls-verification']).toHaveLength(2);

    writeFile(path.join(dir, 'src/agents.ts'), `${AGENTS}${INSECURE}${INSECURE}`);
    const more = await tangoLint(['--baseline', 'baseline.json', '--format', 'json'], dir);
    expect(more.code).toBe(1);
    expect(findings(more.stdout, dir)).toEqual({ 'src/agents.ts': ['4 tango/no-disabled-tls-verification'] });

    writeFile(path.join(dir, 'src/agents.ts'), AGENTS);
    expect((await tangoLint(['--baseline', 'baseline.json'], dir)).code).toBe(0);
  });

  it('counts warnings after the baseline for --max-warnings', async () => {
    const dir = copyFixture('cli-project');
    await tangoLint(['--config', 'eslint.config.js', '--write-baseline', 'baseline.json', 'src'], dir);
    const { code, stderr } = await tangoLint(['--config', 'eslint.config.js', '--baseline', 'baseline.json', '--max-warnings', '0', 'src'], dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    writeFile(path.join(dir, 'src/more.ts'), 'export const options = { rejectUnauthorized: false };\n');
    const over = await tangoLint(['--config', 'eslint.config.js', '--baseline', 'baseline.json', '--max-warnings', '0', 'src'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('tango-lint: too many warnings: 1 found, --max-warnings allows 0.\n');
  });

  it('works with --staged, so a hook can adopt the linter too', async () => {
    const dir = project();
    await tangoLint(['--write-baseline', 'baseline.json'], dir);
    await run('git', ['init', '--quiet'], dir);
    await run('git', ['add', 'src'], dir);
    expect((await tangoLint(['--staged', '--baseline', 'baseline.json'], dir)).code).toBe(0);
    writeFile(path.join(dir, 'src/payments.ts'), ORDERS);
    await run('git', ['add', 'src/payments.ts'], dir);
    const staged = await tangoLint(['--staged', '--baseline', 'baseline.json', '--format', 'json'], dir);
    expect(staged.code).toBe(1);
    expect(findings(staged.stdout, dir)).toEqual({ 'src/payments.ts': ['2 tango/require-request-timeout'] });
  });

  it.each([
    [['--baseline', 'missing.json'], /^tango-lint: The baseline file "missing\.json" does not exist; create it with --write-baseline\. Run tango-lint --help for usage\.\n$/],
    [['--baseline', 'not-json.json'], /^tango-lint: The baseline .*not-json\.json is not valid JSON: /],
    [['--baseline', 'eslint-suppressions.json'], /^tango-lint: The baseline .*eslint-suppressions\.json is not a tango-lint baseline: "tool" is not "tango-lint"\. Write a new one with --write-baseline\.\n$/],
    [['--baseline', 'wrong-list.json'], /is not a tango-lint baseline: src\/a\.ts tango\/require-https is not a list of fingerprints\./],
    [['--baseline', 'a.json', '--write-baseline', 'b.json'], /^tango-lint: --baseline and --write-baseline cannot be used together/],
    [['--write-baseline', 'b.json', '--staged'], /^tango-lint: --write-baseline records the findings of a whole run; it cannot be used with --staged\./],
    [['--write-baseline', 'b.json', '--shard', '1/2'], /it cannot be used with --shard\./],
    [['--baseline', ''], /^tango-lint: --baseline needs a file name\./],
  ])('%j is one line on stderr, exit 2, before any lint', async (args, pattern) => {
    const dir = temporaryFolder();
    writeFile(path.join(dir, 'not-json.json'), '{ "tool": ');
    writeFile(path.join(dir, 'eslint-suppressions.json'), '{ "src/a.ts": { "no-console": { "count": 1 } } }\n');
    writeFile(path.join(dir, 'wrong-list.json'), JSON.stringify({ tool: 'tango-lint', version: 1, fingerprint: FINGERPRINT, findings: { 'src/a.ts': { 'tango/require-https': 'abc' } } }));
    const { code, stdout, stderr } = await tangoLint(args, dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(pattern);
  });
});
