import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * A parser for tango-lint's built-in configuration. Its rules work from the analyzer's facts
 * and report by location, so ESLint only needs a Program node and the comments that can carry
 * directives; the TypeScript AST goes to the analyzer through parser services. This skips the
 * ESTree conversion, token lists and scope analysis that dominate ESLint's own cost.
 */

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export const meta = { name: 'eslint-plugin-tango/light-parser', version };

interface ParserOptions {
  readonly filePath?: string;
  readonly sourceType?: 'module' | 'script' | 'commonjs';
}

interface Position {
  line: number;
  column: number;
}

interface Comment {
  type: 'Line' | 'Block';
  value: string;
  range: [number, number];
  loc: { start: Position; end: Position };
}

/** Thrown for a syntax error, shaped like typescript-estree's error so ESLint reports it the same way. */
class ParseError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
    readonly column: number,
    readonly index: number,
  ) {
    super(message);
    this.name = 'TSError';
  }
}

const DIRECTIVE_HINT = /eslint|global|exported/;

export function parseForESLint(code: string, options: ParserOptions = {}) {
  const filePath = options.filePath ?? 'file.ts';
  const isModule = options.sourceType === 'module' || /\.m[jt]s$/i.test(filePath);
  const sourceFile = ts.createSourceFile(
    filePath,
    code,
    {
      languageVersion: ts.ScriptTarget.Latest,
      jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
      ...(isModule ? { setExternalModuleIndicator: (file: ts.SourceFile) => markModule(file) } : {}),
    },
    true,
    scriptKind(filePath),
  );
  const diagnostic = (sourceFile as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics[0];
  if (diagnostic) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
    throw new ParseError(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'), line + 1, character, diagnostic.start);
  }
  const position = (offset: number): Position => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
    return { line: line + 1, column: character };
  };
  const ast = {
    type: 'Program',
    body: [],
    sourceType: isModule ? 'module' : 'script',
    comments: DIRECTIVE_HINT.test(code) ? collectComments(sourceFile, position) : [],
    tokens: [],
    range: [0, code.length],
    loc: { start: { line: 1, column: 0 }, end: position(code.length) },
  };
  return { ast, services: { tangoSourceFile: sourceFile }, visitorKeys: { Program: [] } };
}

export function parse(code: string, options?: ParserOptions) {
  return parseForESLint(code, options).ast;
}

function markModule(file: ts.SourceFile): void {
  (file as unknown as { externalModuleIndicator: unknown }).externalModuleIndicator = true;
}

function scriptKind(filePath: string): ts.ScriptKind {
  switch (path.extname(filePath).toLowerCase()) {
    case '.js':
    case '.cjs':
    case '.mjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.tsx':
      return ts.ScriptKind.TSX;
    default:
      return ts.ScriptKind.TS;
  }
}

/**
 * The comments that can hold ESLint directives (`eslint-disable`, `global`, `exported`). A
 * candidate is any `//` or `/*` whose text mentions one; it is kept when the syntax tree puts it
 * in trivia, not inside a string, template, regular expression or JSX text.
 */
function collectComments(sourceFile: ts.SourceFile, position: (offset: number) => Position): Comment[] {
  const text = sourceFile.text;
  const comments: Comment[] = [];
  const opener = /\/[/*]/g;
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const start = match.index;
    const isLine = text[start + 1] === '/';
    const close = isLine ? lineEnd(text, start) : text.indexOf('*/', start + 2);
    const end = close < 0 ? text.length : isLine ? close : close + 2;
    const value = text.slice(start + 2, isLine ? end : Math.max(start + 2, end - 2));
    if (!DIRECTIVE_HINT.test(value) || !isTrivia(sourceFile, start)) continue;
    comments.push({ type: isLine ? 'Line' : 'Block', value, range: [start, end], loc: { start: position(start), end: position(end) } });
    opener.lastIndex = end;
  }
  return comments;
}

function lineEnd(text: string, from: number): number {
  const match = /[\n\r\u2028\u2029]/g;
  match.lastIndex = from;
  const found = match.exec(text);
  return found ? found.index : text.length;
}

const OPAQUE_TOKENS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
]);

/** True when `offset` starts a comment: it lies in trivia, not in a token. */
function isTrivia(sourceFile: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let inside: ts.Node | undefined;
    let previousEnd = node === sourceFile ? 0 : node.getStart(sourceFile);
    ts.forEachChild(node, (child) => {
      if (inside) return;
      if (child.pos <= offset && offset < child.end) inside = child;
      else if (child.end <= offset) previousEnd = Math.max(previousEnd, child.end);
    });
    if (!inside) {
      if (OPAQUE_TOKENS.has(node.kind)) return false;
      return scanIsComment(sourceFile, previousEnd, offset);
    }
    if (offset < inside.getStart(sourceFile)) return true;
    node = inside;
  }
}

/** Scans the tokens between child nodes (punctuation and trivia only) up to `offset`. */
function scanIsComment(sourceFile: ts.SourceFile, from: number, offset: number): boolean {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, sourceFile.text, undefined, from);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    if (start === offset) return kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia;
    if (start > offset) return false;
  }
  return false;
}
