import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SettingsError } from '../../src/analyzer/index.js';
import plugin from '../../src/index.js';
import { createRule } from '../../src/util/create-rule.js';
import { at, get } from './helpers.js';

// The analysis of any file whose name contains "explodes" fails, as a bug in the analyzer would.
vi.mock('../../src/analyzer/analysis.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/analyzer/analysis.js')>();
  return {
    ...original,
    analyze: (input: Parameters<typeof original.analyze>[0]) => {
      if (input.filePath.includes('explodes')) throw new TypeError("Cannot read properties of undefined (reading 'kind')\n    at resolve (values.ts:1:1)");
      return original.analyze(input);
    },
  };
});

const TANGO_CALL = "export const list = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');\n";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tango-containment-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"containment","private":true}\n');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src/a-explodes.ts'), TANGO_CALL);
  fs.writeFileSync(path.join(dir, 'src/b-fine.ts'), TANGO_CALL);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function eslintWith(settings?: Linter.Config['settings']): ESLint {
  return new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.all, ...(settings ? [{ settings }] : [])],
  });
}

describe('internal errors in the analysis', () => {
  it('become one message on the failing file, naming the rule and the file, and linting goes on', async () => {
    const results = await eslintWith().lintFiles(['src']);
    const byFile = new Map(results.map((result) => [path.relative(dir, result.filePath), result]));
    expect([...byFile.keys()].sort()).toEqual(['src/a-explodes.ts', 'src/b-fine.ts']);

    const failed = get(byFile, 'src/a-explodes.ts');
    expect(failed.messages).toHaveLength(1);
    const message = at(failed.messages, 0);
    expect(message).toMatchObject({ line: 1, column: 1, severity: 2 });
    expect(message.fatal).toBeUndefined();
    expect(message.ruleId).toMatch(/^tango\//);
    expect(message.message).toBe(
      `${message.ruleId} could not analyse src/a-explodes.ts: TypeError: Cannot read properties of undefined (reading 'kind'). Please report it.`,
    );

    const fine = get(byFile, 'src/b-fine.ts');
    expect(fine.messages.map((m) => m.ruleId)).toContain('tango/require-request-timeout');
    expect(fine.messages.some((m) => m.message.includes('could not analyse'))).toBe(false);
  });

  it('do not hide an invalid settings.tango, which stops the run with one configuration error', async () => {
    await expect(eslintWith({ tango: { hosst: ['x'] } }).lintFiles(['src/b-fine.ts'])).rejects.toThrow(
      /settings\.tango has an unknown key "hosst"/,
    );
  });
});

describe('createRule', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (rules: Record<string, unknown>, code = 'const a = 1;\nconst b = 2;\n', filename = 'src/file.ts') => {
    const testPlugin = { rules } as unknown as ESLint.Plugin;
    const config: Linter.Config = {
      files: ['**/*.ts'],
      plugins: { test: testPlugin },
      languageOptions: { parser: tsParser as Linter.Parser },
      rules: Object.fromEntries(Object.keys(rules).map((name) => [`test/${name}`, 'warn'])),
    };
    return linter.verify(code, [config], { filename });
  };
  const meta = { type: 'problem', docs: { description: 'Disallow nothing', recommended: false }, schema: [], messages: { found: 'Found {{name}}.' } } as const;

  it('turns an exception in any listener into one message at line 1', () => {
    const throwsOnDeclarations = createRule({
      name: 'throws-on-declarations',
      meta,
      defaultOptions: [],
      create: () => ({
        VariableDeclaration() {
          throw new RangeError('Maximum call stack size exceeded');
        },
      }),
    });
    const messages = lint({ 'throws-on-declarations': throwsOnDeclarations });
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: 'test/throws-on-declarations',
        severity: 1,
        line: 1,
        column: 1,
        message: 'tango/throws-on-declarations could not analyse src/file.ts: RangeError: Maximum call stack size exceeded. Please report it.',
      }),
    ]);
  });

  it('contains an exception thrown by create itself, and keeps the reports made before a failure', () => {
    const throwsInCreate = createRule({
      name: 'throws-in-create',
      meta,
      defaultOptions: [],
      create: () => {
        throw new Error('no analysis');
      },
    });
    const reportsThenThrows = createRule({
      name: 'reports-then-throws',
      meta,
      defaultOptions: [],
      create: (context) => ({
        VariableDeclarator(node) {
          context.report({ node, messageId: 'found', data: { name: context.sourceCode.getText(node.id) } });
          if (context.sourceCode.getText(node.id) === 'b') throw 'a thrown string';
        },
      }),
    });
    const messages = lint({ 'reports-then-throws': reportsThenThrows }, undefined, 'src/two.ts');
    expect(messages.map((m) => [m.line, m.message])).toEqual([
      [1, 'tango/reports-then-throws could not analyse src/two.ts: a thrown string. Please report it.'],
      [1, 'Found a.'],
      [2, 'Found b.'],
    ]);
    expect(lint({ 'throws-in-create': throwsInCreate }).map((m) => m.message)).toEqual([
      'tango/throws-in-create could not analyse src/file.ts: Error: no analysis. Please report it.',
    ]);
  });

  it('reports a file once however many rules fail on it, and shortens long error texts to one line', () => {
    const failing = (name: string) =>
      createRule({ name, meta, defaultOptions: [], create: () => ({ 'Program:exit'() { throw new Error(`${'x'.repeat(500)}\nsecond line`); } }) });
    const messages = lint({ first: failing('first'), second: failing('second') });
    expect(messages).toHaveLength(1);
    expect(at(messages, 0).message).toMatch(/^tango\/(first|second) could not analyse src\/file\.ts: Error: x{193}…\. Please report it\.$/);
  });

  it('lets SettingsError through', () => {
    const badSettings = createRule({
      name: 'bad-settings',
      meta,
      defaultOptions: [],
      create: () => ({ Program() { throw new SettingsError('settings.tango.mtls must be a boolean, got "yes".'); } }),
    });
    expect(() => lint({ 'bad-settings': badSettings })).toThrow(/settings\.tango\.mtls must be a boolean/);
  });
});
