import fs from 'node:fs';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/analyzer/analysis.js';
import { getAnalysis } from '../../src/util/analysis.js';
import { fixture } from './rule-tester.js';

interface Capture {
  analysis: FileAnalysis;
  parserSourceFile: unknown;
}

/** Lints `code` as `filename` with two probe rules that record what `getAnalysis` gives them. */
function lintWithProbes(code: string, filename: string, parser: Linter.Parser | undefined): Capture[] {
  const captures: Capture[] = [];
  const probe: TSESLint.RuleModule<'none'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { none: 'none' }, schema: [] },
    create(context) {
      return {
        'Program:exit'(program: TSESTree.Program) {
          const services = context.sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown } } | undefined;
          captures.push({ analysis: getAnalysis(context), parserSourceFile: services?.esTreeNodeToTSNodeMap?.get(program) });
        },
      };
    },
  };
  const plugin = { rules: { first: probe, second: probe } } as unknown as NonNullable<Linter.Config['plugins']>[string];
  const messages = new Linter().verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        ...(parser ? { languageOptions: { parser } } : {}),
        plugins: { probe: plugin },
        rules: { 'probe/first': 'error', 'probe/second': 'error' },
      },
    ],
    filename,
  );
  expect(messages).toEqual([]);
  return captures;
}

describe('getAnalysis', () => {
  const filename = fixture('cross-file-base-url', 'src/orders.ts');
  const code = "import { http } from './http.js';\nexport const catalogs = () => http.get('/catalogs');\n";

  it("reuses the TypeScript parser's SourceFile: no second parse of the linted file", () => {
    const captures = lintWithProbes(code, filename, tsParser as Linter.Parser);
    const [first, second] = captures;
    expect(captures).toHaveLength(2);
    expect(first?.parserSourceFile).toBeDefined();
    expect(first?.analysis.sourceFile).toBe(first?.parserSourceFile);
    // Both rules share one analysis per lint.
    expect(second?.analysis).toBe(first?.analysis);
    // Resolving a request reads the imported files; a lookup that comes back to the linted file
    // gets the parser's AST too, not a parse of the file on disk.
    expect(first?.analysis.requests.map((request) => request.method)).toEqual(['GET']);
    expect(first?.analysis.project.getSourceFile(filename)).toBe(first?.parserSourceFile);
  });

  it('parses the text itself when the parser gives no TypeScript AST (espree)', () => {
    const jsFile = fixture('shared-insecure-agent', 'src/probe.js');
    const [first, second] = lintWithProbes('export const answer = 42;\n', jsFile, undefined);
    expect(first?.parserSourceFile).toBeUndefined();
    expect(first?.analysis.sourceFile.text).toBe('export const answer = 42;\n');
    expect(first?.analysis.sourceFile.fileName).toBe(jsFile);
    expect(second?.analysis).toBe(first?.analysis);
  });

  it('lets the linted text win over the file on disk', () => {
    expect(fs.readFileSync(filename, 'utf8')).not.toBe(code);
    const [capture] = lintWithProbes(code, filename, tsParser as Linter.Parser);
    const analysis = capture?.analysis as FileAnalysis;
    expect(analysis.sourceFile.text).toBe(code);
    // Cross-file lookups that come back to the linted file see the linted text, not the disk.
    expect(analysis.project.getSourceFile(filename)).toBe(analysis.sourceFile);
    expect(analysis.project.getSourceFile(fixture('cross-file-base-url', 'src/http.ts'))?.text).toBe(
      fs.readFileSync(fixture('cross-file-base-url', 'src/http.ts'), 'utf8'),
    );
  });

  it('reads other files from disk, not from the text an earlier lint gave them', () => {
    const httpFile = fixture('cross-file-base-url', 'src/http.ts');
    lintWithProbes("export const http = 'not an axios instance';\n", httpFile, tsParser as Linter.Parser);
    const [capture] = lintWithProbes(code, filename, tsParser as Linter.Parser);
    expect(capture?.analysis.project.getSourceFile(httpFile)?.text).toBe(fs.readFileSync(httpFile, 'utf8'));
    expect(capture?.analysis.tangoRequests).toHaveLength(1);
  });
});
