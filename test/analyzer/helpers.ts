import fs from 'node:fs';
import ts from 'typescript';
import type { FileAnalysis } from '../../src/analyzer/analysis.js';
import { analyze } from '../../src/analyzer/analysis.js';
import type { HttpRequest } from '../../src/analyzer/requests.js';
import type { TangoSettings } from '../../src/analyzer/settings.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';
import type { StringForm } from '../../src/analyzer/strings.js';
import { joinUrl, stringForms } from '../../src/analyzer/strings.js';
import type { Value, ValueResolver } from '../../src/analyzer/values.js';
import { fixture } from '../rules/rule-tester.js';

/** Analyzes a fixture file as read from disk. */
export function analyzeFixture(segments: readonly string[], settings: TangoSettings = DEFAULT_SETTINGS): FileAnalysis {
  const filePath = fixture(...segments);
  return analyze({ filePath, text: fs.readFileSync(filePath, 'utf8'), settings });
}

/** The value of the initializer of the variable `name` declared anywhere in the analyzed file. */
export function variableValue(analysis: FileAnalysis, name: string): Value {
  const declaration = findNode(analysis.sourceFile, (node): node is ts.VariableDeclaration =>
    ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name,
  );
  if (!declaration?.initializer) throw new Error(`no variable ${name} in ${analysis.filePath}`);
  return analysis.resolver.value(declaration.initializer);
}

/** The value of the identifier `name` where it is used (last occurrence), e.g. a destructured binding. */
export function referenceValue(analysis: FileAnalysis, name: string): Value {
  const matches = findNodes(analysis.sourceFile, (node): node is ts.Identifier => ts.isIdentifier(node) && node.text === name);
  const last = matches[matches.length - 1];
  if (!last) throw new Error(`no identifier ${name} in ${analysis.filePath}`);
  return analysis.resolver.value(last);
}

/** The value of the first `return` of the function declared as `name`, parameters unbound. */
export function returnedValue(analysis: FileAnalysis, name: string): Value {
  const fn = findNode(analysis.sourceFile, (node): node is ts.FunctionDeclaration => ts.isFunctionDeclaration(node) && node.name?.text === name);
  const returned = fn && findNode(fn, (node): node is ts.ReturnStatement => ts.isReturnStatement(node));
  if (!returned?.expression) throw new Error(`no function ${name} returning a value in ${analysis.filePath}`);
  return analysis.resolver.value(returned.expression);
}

/** The first expression in the file whose source text is exactly `text`. */
export function expressionValue(analysis: FileAnalysis, text: string): Value {
  const node = findNode(analysis.sourceFile, (n): n is ts.Expression => isExpressionNode(n) && n.getText() === text);
  if (!node) throw new Error(`no expression ${text} in ${analysis.filePath}`);
  return analysis.resolver.value(node);
}

function isExpressionNode(node: ts.Node): node is ts.Expression {
  return ts.isExpression(node) || ts.isIdentifier(node);
}

function findNodes<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (test(node)) found.push(node);
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    stack.push(...children.reverse());
  }
  return found;
}

function findNode<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T | undefined {
  return findNodes(root, test)[0];
}

/**
 * A compact, readable rendering of a value for assertions: `'text'`, `15000`, `env(NAME ?? 'x')`,
 * `concat('a', env(B))`, `alt(1 | 2)`, `import(axios.create)`, `unknown`.
 */
export function show(value: Value | undefined, resolver?: ValueResolver, depth = 0): string {
  if (!value) return 'absent';
  if (depth > 6) return '…';
  const inner = (v: Value | undefined): string => show(v, resolver, depth + 1);
  switch (value.kind) {
    case 'string':
      return `'${value.value}'`;
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'nullish':
      return 'nullish';
    case 'concat':
      return `concat(${value.parts.map(inner).join(', ')})`;
    case 'object': {
      if (!resolver) return 'object';
      const { entries, open } = resolver.entries(value);
      const shown = entries.map((e) => `${e.name}: ${inner(e.value())}`);
      if (open) shown.push('…');
      return shown.length === 0 ? '{}' : `{ ${shown.join(', ')} }`;
    }
    case 'array':
      return 'array';
    case 'alternatives':
      return `alt(${value.options.map(inner).join(' | ')})`;
    case 'env':
      return value.fallback ? `env(${value.name} ?? ${inner(value.fallback)})` : `env(${value.name})`;
    case 'call':
      return `call(${inner(value.callee)})`;
    case 'function':
      return `function(${value.node.name && ts.isIdentifier(value.node.name) ? value.node.name.text : ''})`;
    case 'class':
      return `class(${value.node.name?.text ?? ''})`;
    case 'import':
      return `import(${[value.module, ...value.path].join('.')})`;
    case 'global':
      return `global(${value.name})`;
    case 'module':
      return `module(${value.file.split(/[\\/]/).slice(-2).join('/')})`;
    case 'member':
      return `member(${inner(value.object)}.${value.name})`;
    case 'unknown':
      return 'unknown';
  }
}

/** Renders string forms: text as is, holes as `${env:NAME}`, `${name}` (a named hole) or `${?}`. */
export function showForms(forms: readonly StringForm[]): string[] {
  return forms.map((form) =>
    form
      .map((part) => {
        if (typeof part === 'string') return part;
        if (part.kind === 'env') return `\${env:${part.name}}`;
        if ((part.kind === 'member' || part.kind === 'unknown' || part.kind === 'global') && part.node) {
          const node = part.node;
          if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return `\${${node.getText()}}`;
          if (ts.isParameter(node)) return `\${${node.name.getText()}}`;
        }
        return '${?}';
      })
      .join(''),
  );
}

/** The string forms of a value, rendered. */
export function formsOf(value: Value, resolver: ValueResolver): string[] {
  return showForms(stringForms(value, resolver));
}

/** The full URL forms of a request (base joined with the URL), rendered. */
export function urlForms(request: HttpRequest, resolver: ValueResolver): string[] {
  return showForms(joinUrl(request.base, request.url, resolver));
}

/** A one-line summary of a request: `client METHOD line`. */
export function requestLine(request: HttpRequest): number {
  const sourceFile = request.node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(request.node.getStart()).line + 1;
}
