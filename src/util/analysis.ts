import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import type { FileAnalysis, TextEdit } from '../analyzer/index.js';
import { analyze, readSettings } from '../analyzer/index.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const analyses = new WeakMap<object, FileAnalysis>();

/**
 * The analyzer's view of the file being linted, computed once per lint of a file and shared by
 * every rule. The TypeScript parser's AST is reused when there is one.
 */
export function getAnalysis(context: AnyContext): FileAnalysis {
  const { sourceCode } = context;
  const cached = analyses.get(sourceCode.ast);
  if (cached) return cached;
  const settings = readSettings((context.settings as { tango?: unknown }).tango);
  const analysis = analyze({
    filePath: filePathOf(context),
    text: sourceCode.text,
    settings,
    sourceFile: parserSourceFile(sourceCode),
  });
  analyses.set(sourceCode.ast, analysis);
  return analysis;
}

function filePathOf(context: AnyContext): string {
  const name = context.filename;
  if (!name || name.startsWith('<')) return path.join(context.cwd, name === '<text>' ? 'file.ts' : 'file.js');
  return path.resolve(context.cwd, name);
}

function parserSourceFile(sourceCode: AnyContext['sourceCode']): ts.SourceFile | undefined {
  const services = sourceCode.parserServices as
    | { esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown }; tangoSourceFile?: ts.SourceFile }
    | undefined;
  if (services?.tangoSourceFile) return services.tangoSourceFile;
  const node = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast as TSESTree.Node) as ts.Node | undefined;
  return node && 'statements' in node ? (node as ts.SourceFile) : undefined;
}

/** The ESLint location of an analyzer `[start, end]` range. */
export function locOf(context: AnyContext, range: readonly [number, number]): TSESTree.SourceLocation {
  const { sourceCode } = context;
  return { start: sourceCode.getLocFromIndex(range[0]), end: sourceCode.getLocFromIndex(range[1]) };
}

/** An ESLint fix function applying an analyzer edit. */
export function applyEdit(edit: TextEdit): TSESLint.ReportFixFunction {
  return (fixer) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text);
}
