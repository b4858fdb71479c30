import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import plugin from '../../src/index.js';
import type { JsonResult, RunResult } from './helpers.js';
import { byPath, copyFixture, eslintCli, removeTemporaryFolders, ROOT, tangoLint, temporaryFolder, writeFile } from './helpers.js';

const FAKE_SECRET = 'tk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const FINGERPRINT = 'tangoLintFingerprint/v1';

// Every test starts Node, ESLint, TypeScript and the rules at least once.
vi.setConfig({ testTimeout: 120_000 });

let project: string;
let broken: string;
/** JSON and SARIF reports of the fixture project's `src`, which several tests compare. */
let json: RunResult;
let sarif: Sarif.Log;
/** SARIF of a project config running a core rule, with an unused eslint-disable comment. */
let mixed: Sarif.Log;

beforeAll(async () => {
  project = copyFixture('cli-project');
  broken = copyFixture('cli-syntax-error');
  json = await tangoLint(['--format', 'json', 'src'], project);
  sarif = await sarifOf(project, ['src']);
  writeFile(path.join(project, 'mixed.config.js'), "import tango from 'eslint-plugin-tango';\nexport default [tango.configs.recommended, { rules: { 'no-console': 'warn' } }];\n");
  writeFile(path.join(project, 'mixed/log.js'), "console.log('ready');\n// eslint-disable-next-line no-alert\nexport const ok = 1;\n");
  mixed = await sarifOf(project, ['--config', 'mixed.config.js', 'mixed']);
}, 120_000);

afterAll(removeTemporaryFolders);

async function sarifOf(cwd: string, args: string[] = []): Promise<Sarif.Log> {
  const { stdout, stderr } = await tangoLint(['--format', 'sarif', ...args], cwd);
  expect(stderr).toBe('');
  return JSON.parse(stdout) as Sarif.Log;
}

function onlyRun(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0] as Sarif.Run;
}

describe('json', () => {
  it("is byte for byte ESLint's own JSON formatter output for the same config, less `source`", async () => {
    const ours = await tangoLint(['--config', 'eslint.config.js', '--format', 'json', 'src'], project);
    const eslint = await eslintCli(['--config', 'eslint.config.js', '--format', 'json', 'src'], project);
    expect(eslint.code).toBe(0);
    expect(ours.code).toBe(0);
    const expected = JSON.parse(eslint.stdout) as JsonResult[];
    // ESLint copies the whole file into `source` whenever it has a problem.
    expect(expected.filter((file) => 'source' in file).map((file) => path.basename(file.filePath))).toEqual(['order-client.ts']);
    for (const file of expected) delete file.source;
    expect(ours.stdout).toBe(`${JSON.stringify(expected)}\n`);
    expect(byPath(ours.stdout, project).get('src/order-client.ts')?.warningCount).toBe(2);
  });

  it('drops `source`, so a file with a fatal parse error does not leak its secret', async () => {
    const config = path.join(broken, 'tango.config.js');
    writeFile(config, "import tango from 'eslint-plugin-tango';\nexport default [tango.configs.recommended];\n");
    const eslint = await eslintCli(['--config', config, '--format', 'json', 'src'], broken);
    // The check is meaningful: ESLint itself copies the file, secret included, into `source`.
    expect(eslint.stdout).toContain(FAKE_SECRET);
    const ours = await tangoLint(['--format', 'json', 'src'], broken);
    expect(ours.code).toBe(1);
    expect(ours.stdout).not.toContain(FAKE_SECRET);
    expect(ours.stdout).not.toContain('tk_live');
    const result = byPath(ours.stdout, broken).get('src/broken.ts') as JsonResult;
    expect(result).not.toHaveProperty('source');
    expect(result.errorCount).toBe(1);
    expect(result.messages).toEqual([
      expect.objectContaining({ ruleId: null, fatal: true, severity: 2, line: 4, column: 9, message: "Parsing error: ':' expected." }),
    ]);
    const expected = JSON.parse(eslint.stdout) as JsonResult[];
    for (const file of expected) delete file.source;
    expect(JSON.parse(ours.stdout)).toEqual(expected);
  });

  it('does not leak the secret in any other format either', async () => {
    for (const format of ['stylish', 'sarif', 'gitlab']) {
      const { code, stdout } = await tangoLint(['--format', format], broken);
      expect(code).toBe(1);
      expect(stdout).toContain('broken.ts');
      // SARIF's rule help quotes the docs, whose examples hold other, made-up keys.
      expect(stdout).not.toContain(FAKE_SECRET.slice('tk_live_'.length));
    }
  });
});

describe('stylish', () => {
  it('shows a fatal parse error as ESLint does', async () => {
    const { code, stdout } = await tangoLint(['src'], broken);
    expect(code).toBe(1);
    expect(stdout).toMatch(/broken\.ts\n\s+4:9\s+error\s+Parsing error: ':' expected\n/);
    expect(stdout).toContain('1 problem (1 error, 0 warnings)');
  });
});

describe('sarif', () => {
  it('describes the tool and every plugin rule', () => {
    const run = onlyRun(sarif);
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'tango-lint', version: plugin.meta?.version, informationUri: expect.stringMatching(/^https:\/\//) });
    const pluginRules = Object.entries(plugin.rules ?? {});
    expect(driver.rules?.map((r) => r.id).sort()).toEqual(pluginRules.map(([id]) => `tango/${id}`).sort());
    for (const [id, rule] of pluginRules) {
      const meta = (rule as { meta: { docs: { description: string; url: string; recommended: string | false } } }).meta;
      const descriptor = driver.rules?.find((r) => r.id === `tango/${id}`);
      expect(descriptor?.helpUri).toBe(meta.docs.url);
      expect(descriptor?.shortDescription?.text).toBe(`${meta.docs.description}.`);
      expect(descriptor?.fullDescription?.text.length).toBeGreaterThan(0);
      expect(descriptor?.help?.text).toContain(meta.docs.url);
      expect(descriptor?.defaultConfiguration?.level).toBe(meta.docs.recommended === 'warn' ? 'warning' : 'error');
    }
  });

  it("gives each plugin rule its whole docs page as help, links made absolute", () => {
    const driver = onlyRun(sarif).tool.driver;
    for (const id of Object.keys(plugin.rules ?? {})) {
      const descriptor = driver.rules?.find((r) => r.id === `tango/${id}`);
      const page = fs.readFileSync(path.join(ROOT, 'docs/rules', `${id}.md`), 'utf8').split('<!-- end auto-generated rule header -->')[1] ?? '';
      const markdown = descriptor?.help?.markdown ?? '';
      const text = descriptor?.help?.text ?? '';
      for (const heading of ['## Examples', '### Incorrect', '### Correct', '## Options', '## When not to use it']) {
        expect(markdown, `${id}: ${heading}`).toContain(heading);
        expect(text, `${id}: ${heading}`).toContain(heading.replace(/^#+ /, ''));
      }
      const firstCodeLine = /```ts\n(.+)/.exec(page)?.[1] ?? '';
      expect(firstCodeLine.length).toBeGreaterThan(0);
      expect(markdown).toContain(firstCodeLine);
      expect(markdown).not.toMatch(/\]\((?!https?:)/);
      expect(text).not.toMatch(/```|<!--|\]\(/);
      expect(text).toContain(firstCodeLine.replace(/`/g, ''));
    }
  });

  it('orders the rules by id and the results by file, so that shard logs merge simply', () => {
    const run = onlyRun(mixed);
    const ids = run.tool.driver.rules?.map((r) => r.id) ?? [];
    expect(ids).toEqual([...ids].sort());
    expect(ids.slice(0, 2)).toEqual(['eslint', 'no-console']);
    const uris = onlyRun(sarif).results?.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '') ?? [];
    expect(uris).toEqual([...uris].sort());
  });

  it('places results as ESLint does, relative to %SRCROOT%', () => {
    const run = onlyRun(sarif);
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`file://${project}/`);
    expect(run.columnKind).toBe('utf16CodeUnits');
    const messages = [...byPath(json.stdout, project)].flatMap(([file, result]) => result.messages.map((message) => ({ file, message })));
    expect(messages.map((m) => m.file)).toEqual(expect.arrayContaining(['src/order-client.ts', 'src/order-client.ts']));
    expect(run.results).toHaveLength(messages.length);
    run.results?.forEach((result, i) => {
      const { file, message } = messages[i] ?? {};
      expect(result.ruleId).toBe(message?.ruleId);
      expect(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
      expect(result.level).toBe(message?.severity === 2 ? 'error' : 'warning');
      expect(result.message.text).toBe(message?.message);
      expect(result.locations?.[0]?.physicalLocation).toEqual({
        artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' },
        region: { startLine: message?.line, startColumn: message?.column, endLine: message?.endLine, endColumn: message?.endColumn },
      });
      expect(result.partialFingerprints?.[FINGERPRINT]).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it("turns suggestions into fixes whose replacement gives the suggestion's output", () => {
    const run = onlyRun(sarif);
    const messages = [...byPath(json.stdout, project)].flatMap(([file, result]) => result.messages.map((message) => ({ file, message })));
    let checked = 0;
    run.results?.forEach((result, i) => {
      const { file = '', message } = messages[i] ?? {};
      const text = fs.readFileSync(path.join(project, file), 'utf8');
      expect(result.fixes?.length ?? 0).toBe(message?.suggestions?.length ?? 0);
      result.fixes?.forEach((fix, j) => {
        const suggestion = message?.suggestions?.[j];
        const replacement = fix.artifactChanges[0]?.replacements[0];
        expect(fix.description?.text).toBe(suggestion?.desc);
        expect(fix.artifactChanges[0]?.artifactLocation).toEqual({ uri: file, uriBaseId: '%SRCROOT%' });
        const { charOffset = 0, charLength = 0 } = replacement?.deletedRegion ?? {};
        const applied = text.slice(0, charOffset) + (replacement?.insertedContent?.text ?? '') + text.slice(charOffset + charLength);
        const [start, end] = suggestion?.fix.range ?? [0, 0];
        expect(applied).toBe(text.slice(0, start) + (suggestion?.fix.text ?? '') + text.slice(end));
        checked++;
      });
    });
    expect(checked).toBeGreaterThanOrEqual(2);
    const text = fs.readFileSync(path.join(project, 'src/order-client.ts'), 'utf8');
    const removal = run.results?.find((r) => r.ruleId === 'tango/no-disabled-tls-verification')?.fixes?.[0]?.artifactChanges[0]?.replacements[0];
    const { charOffset = 0, charLength = 0 } = removal?.deletedRegion ?? {};
    expect(text.slice(charOffset, charOffset + charLength)).toContain('rejectUnauthorized: false');
    expect(removal?.insertedContent?.text).not.toContain('rejectUnauthorized');
  });

  it('keeps fingerprints when unrelated lines move or indentation changes, and tells identical lines apart', async () => {
    const dir = copyFixture('cli-project');
    const file = path.join(dir, 'src/order-client.ts');
    const before = onlyRun(await sarifOf(dir, ['src/order-client.ts'])).results ?? [];
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `// Orders\n// (moved down by two lines)\n${original.replace('return axios.post', '    return axios.post')}`);
    const after = onlyRun(await sarifOf(dir, ['src/order-client.ts'])).results ?? [];
    expect(after.map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine)).toEqual([6, 9]);
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));

    writeFile(path.join(dir, 'src/twice.ts'), 'export const a = { rejectUnauthorized: false };\nexport const a2 = 1;\nexport const b = { rejectUnauthorized: false };\n');
    const twice = onlyRun(await sarifOf(dir, ['src/twice.ts'])).results ?? [];
    expect(twice).toHaveLength(2);
    expect(twice[0]?.partialFingerprints?.[FINGERPRINT]).not.toBe(twice[1]?.partialFingerprints?.[FINGERPRINT]);
  });

  it("describes a project config's other rules and ESLint's own messages too", () => {
    const run = onlyRun(mixed);
    const ruleOf = (result: Sarif.Result) => run.tool.driver.rules?.[result.ruleIndex ?? -1];
    expect(run.results?.map((r) => [r.ruleId, ruleOf(r)?.id, r.level, r.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
      ['no-console', 'no-console', 'warning', 1],
      ['eslint', 'eslint', 'warning', 2],
    ]);
    expect(ruleOf(run.results?.[0] as Sarif.Result)).toMatchObject({ helpUri: 'https://eslint.org/docs/latest/rules/no-console', shortDescription: { text: expect.any(String) } });
    expect(run.results?.[1]?.message.text).toMatch(/^Unused eslint-disable directive/);
    // Code scanning asks every rule for a full description and help, not only the plugin's.
    for (const rule of run.tool.driver.rules ?? []) {
      expect(rule.fullDescription?.text, rule.id).toMatch(/\S/);
      expect(rule.help?.text, rule.id).toMatch(/\S/);
      expect(rule.help?.markdown, rule.id).toMatch(/\S/);
    }
    expect(ruleOf(run.results?.[0] as Sarif.Result)?.help?.text).toContain('https://eslint.org/docs/latest/rules/no-console');
  });

  it('reports a file that cannot be parsed as a tango/parse-error result', async () => {
    const run = onlyRun(await sarifOf(broken, ['src']));
    const rule = run.tool.driver.rules?.find((r) => r.id === 'tango/parse-error');
    expect(rule?.defaultConfiguration?.level).toBe('error');
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: 'tango/parse-error',
        ruleIndex: run.tool.driver.rules?.indexOf(rule as Sarif.ReportingDescriptor),
        level: 'error',
        message: { text: "Parsing error: ':' expected." },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 9 } } }],
      }),
    ]);
  });

  describe('validated by the SARIF multitool', () => {
    const multitool = multitoolBinary();

    async function validate(log: unknown): Promise<Sarif.Result[]> {
      const dir = temporaryFolder('tango-sarif-');
      const input = path.join(dir, 'report.sarif');
      const output = path.join(dir, 'validation.sarif');
      fs.writeFileSync(input, JSON.stringify(log));
      // .NET needs ICU for culture data unless told to run culture-invariant.
      const env = { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
      // `Gh` adds the rules of GitHub code scanning's ingestion to the SARIF specification's.
      await promisify(execFile)(multitool, ['validate', input, '--output', output, '--level', 'Error;Warning', '--rule-kind', 'Sarif;Gh'], { env, cwd: dir });
      const validation = JSON.parse(fs.readFileSync(output, 'utf8')) as Sarif.Log;
      expect(validation.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(true);
      return validation.runs[0]?.results ?? [];
    }

    it('finds no errors or warnings in our SARIF, findings, fixes and parse errors included', async () => {
      for (const log of [sarif, mixed, await sarifOf(project), await sarifOf(broken)]) {
        expect((await validate(log)).map((r) => `${r.ruleId}: ${JSON.stringify(r.message)}`)).toEqual([]);
      }
    });

    it('does find errors in a broken log (so a clean result means something)', async () => {
      const log = structuredClone(sarif);
      const result = onlyRun(log).results?.[0] as Sarif.Result;
      result.ruleIndex = 99;
      const problems = await validate(log);
      expect(problems.map((r) => r.ruleId)).toContain('SARIF1009');
    });

    it('does find a result GitHub code scanning would reject (so its rules run too)', async () => {
      const log = structuredClone(sarif);
      delete (onlyRun(log).results?.[0] as Sarif.Result).locations;
      const problems = await validate(log);
      expect(problems.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['GH1015', 'GH1017']));
    });
  });
});

describe('gitlab', () => {
  it('lists Code Quality issues with the SARIF fingerprints', async () => {
    const { code, stdout } = await tangoLint(['--format', 'gitlab', 'src'], project);
    expect(code).toBe(1);
    const issues = JSON.parse(stdout) as unknown[];
    expect(issues).toEqual(
      onlyRun(sarif).results?.map((result) => ({
        description: result.message.text,
        check_name: result.ruleId,
        fingerprint: result.partialFingerprints?.[FINGERPRINT],
        severity: result.level === 'error' ? 'major' : 'minor',
        location: {
          path: result.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
          lines: { begin: result.locations?.[0]?.physicalLocation?.region?.startLine },
        },
      })),
    );
    expect(issues).toContainEqual(expect.objectContaining({ check_name: 'tango/require-request-timeout', severity: 'major', location: { path: 'src/order-client.ts', lines: { begin: 7 } } }));
  });

  it('marks warnings minor', async () => {
    const { stdout } = await tangoLint(['--format', 'gitlab', '--config', 'eslint.config.js', 'src/order-client.ts'], project);
    expect((JSON.parse(stdout) as { severity: string }[]).map((issue) => issue.severity)).toEqual(['minor', 'minor']);
  });
});

/** The multitool's native binary, made executable (npm 11 skips the postinstall that would). */
function multitoolBinary(): string {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));
  const binary = path.join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    fs.chmodSync(binary, 0o755);
  }
  return binary;
}
