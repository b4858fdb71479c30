import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/analyzer/analysis.js';
import { analyze } from '../../src/analyzer/analysis.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';
import { timeoutFindings } from '../../src/analyzer/timeouts.js';
import { tlsFindings } from '../../src/analyzer/tls.js';
import { fixture } from '../rules/rule-tester.js';
import { formsOf, show, variableValue } from './helpers.js';

const DEPTH = 10_000;
const TANGO_URL = 'https://integration-api.tangocard.com/raas/v2/catalogs';
const f = ts.factory;

/** Analyzes generated text as a file of the deep-nesting fixture project. */
function analyzeText(name: string, text: string, sourceFile?: ts.SourceFile): FileAnalysis {
  return analyze({ filePath: fixture('deep-nesting', 'src', name), text, settings: DEFAULT_SETTINGS, sourceFile });
}

/** Every fact the two rules ask for, plus the values of the file's variables. */
function everything(analysis: FileAnalysis): void {
  for (const request of analysis.requests) formsOf(request.url ?? { kind: 'unknown', node: undefined }, analysis.resolver);
  void analysis.tangoRequests;
  tlsFindings(analysis);
  timeoutFindings(analysis, 15_000);
}

/**
 * TypeScript's parser itself overflows on about 10,000 nested parentheses, objects or blocks, so
 * those files are built with the factory: the file is parsed with a placeholder identifier, and
 * the placeholder is replaced by a generated subtree that spans the placeholder's text.
 */
function withDeepTree(name: string, text: string, build: () => ts.Node): FileAnalysis {
  const sourceFile = ts.createSourceFile(fixture('deep-nesting', 'src', name), text, ts.ScriptTarget.Latest, true);
  const placeholder = findPlaceholder(sourceFile);
  const target = ts.isExpressionStatement(placeholder.parent) && !ts.isExpression(build()) ? placeholder.parent : placeholder;
  const tree = build();
  const parent = target.parent as unknown as Record<string, unknown>;
  let replaced = false;
  for (const key of Object.keys(parent)) {
    const slot = parent[key];
    if (slot === target) {
      parent[key] = tree;
      replaced = true;
    } else if (Array.isArray(slot) && slot.includes(target)) {
      slot[slot.indexOf(target)] = tree;
      replaced = true;
    }
  }
  if (!replaced) throw new Error('placeholder slot not found');
  const stack: [ts.Node, ts.Node][] = [[tree, target.parent]];
  while (stack.length > 0) {
    const [node, up] = stack.pop() as [ts.Node, ts.Node];
    ts.setTextRange(node as ts.Node & { pos: number; end: number }, target);
    (node as { parent: ts.Node }).parent = up;
    ts.forEachChild(node, (child) => {
      stack.push([child, node]);
    });
  }
  return analyzeText(name, text, sourceFile);
}

function findPlaceholder(sourceFile: ts.SourceFile): ts.Identifier {
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (ts.isIdentifier(node) && node.text === 'DEEP') return node;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  throw new Error('no DEEP placeholder');
}

function fetchCall(): ts.CallExpression {
  return f.createCallExpression(f.createIdentifier('fetch'), undefined, [f.createStringLiteral(TANGO_URL)]);
}

describe('10,000-deep code TypeScript can parse', () => {
  it('folds a 10,000-term concatenation without losing its head', () => {
    const terms = Array.from({ length: DEPTH }, (_, i) => `'/p${i}'`).join(' + ');
    const analysis = analyzeText('concat.ts', `export const r = fetch('https://api.tangocard.com' + ${terms});\n`);
    everything(analysis);
    expect(analysis.tangoRequests.map((t) => t.evidence)).toEqual([{ kind: 'host', host: 'api.tangocard.com' }]);
    expect(timeoutFindings(analysis, 15_000).map((finding) => finding.problem)).toEqual(['missing']);
  });

  it('resolves a 10,000-long ?? chain of env vars', () => {
    const chain = Array.from({ length: DEPTH }, (_, i) => `process.env.TANGO_URL_${i}`).join(' ?? ');
    const analysis = analyzeText('nullish.ts', `export const base = ${chain} ?? 'https://api.tangocard.com';\n`);
    everything(analysis);
    expect(show(variableValue(analysis, 'base'), analysis.resolver)).toMatch(/^alt\(env\(TANGO_URL_0 \?\? env\(TANGO_URL_1\)\) \| /);
  });

  it('stops 10,000-long member chains, call chains and curried calls', () => {
    const members = `config${'.next'.repeat(DEPTH)}`;
    const thens = `fetch('${TANGO_URL}')${'.then((r) => r)'.repeat(DEPTH)}`;
    const curried = `make${'()'.repeat(DEPTH)}`;
    const analysis = analyzeText(
      'chains.ts',
      [`const config = { next: {} };`, `export const a = ${members};`, `export const b = ${thens};`, `const make = () => make;`, `export const c = ${curried};`].join('\n'),
    );
    everything(analysis);
    // The depth limit stops the chain: what is left is a member of an unknown value.
    expect(show(variableValue(analysis, 'a'), analysis.resolver)).toMatch(/^member\(member\(/);
    expect(analysis.requests).toHaveLength(1);
    // `make` returns itself, so every call of the chain is `make` again.
    expect(show(variableValue(analysis, 'c'), analysis.resolver)).toBe('function()');
  });

  it('reads a superagent chain 10,000 calls long', () => {
    const chain = `superagent.get('${TANGO_URL}')${".set('X-Trace', 'a')".repeat(DEPTH)}.timeout(20_000)`;
    const analysis = analyzeText('superagent.ts', `import superagent from 'superagent';\nexport const r = ${chain};\n`);
    everything(analysis);
    expect(timeoutFindings(analysis, 15_000)).toEqual([]);
  });
});

describe('10,000-deep trees built with the factory', () => {
  it('sees through 10,000 parentheses', () => {
    // The comment names the host: the generated URL is not in the text, which the Tango pre-check reads.
    const analysis = withDeepTree('parens.ts', '// integration-api.tangocard.com\nexport const r = fetch(DEEP);\n', () => {
      let node: ts.Expression = f.createStringLiteral(TANGO_URL);
      for (let i = 0; i < DEPTH; i++) node = f.createParenthesizedExpression(node);
      return node;
    });
    everything(analysis);
    expect(analysis.tangoRequests).toHaveLength(1);
  });

  it('finds rejectUnauthorized: false 10,000 objects deep', () => {
    // The comment names the option: the generated object is not in the text, which the TLS pre-check reads.
    const analysis = withDeepTree('objects.ts', "import https from 'node:https';\n// rejectUnauthorized\nexport const r = https.request(DEEP);\n", () => {
      let node: ts.Expression = f.createObjectLiteralExpression([f.createPropertyAssignment('rejectUnauthorized', f.createFalse())]);
      for (let i = 0; i < DEPTH; i++) node = f.createObjectLiteralExpression([f.createPropertyAssignment('https', node)]);
      return node;
    });
    everything(analysis);
    expect(tlsFindings(analysis).map((finding) => finding.problem)).toEqual(['reject-unauthorized']);
  });

  it('finds a request, a return and a hoisted var 10,000 blocks deep', () => {
    const text = '// integration-api.tangocard.com\nfunction load() {\n  DEEP;\n}\nexport const r = load();\nexport const v = hoisted;\n';
    const analysis = withDeepTree('blocks.ts', text, () => {
      let node: ts.Statement = f.createBlock([
        f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration('hoisted', undefined, undefined, f.createStringLiteral('deep'))], ts.NodeFlags.None)),
        f.createReturnStatement(fetchCall()),
      ]);
      for (let i = 0; i < DEPTH; i++) node = f.createBlock([node]);
      return node;
    });
    everything(analysis);
    expect(analysis.requests).toHaveLength(1);
    expect(timeoutFindings(analysis, 15_000).map((finding) => finding.problem)).toEqual(['missing']);
    expect(show(variableValue(analysis, 'r'), analysis.resolver)).toBe('call(global(fetch))');
  });

  it('stops 10,000 nested conditionals, calls and arrow functions', () => {
    const conditionals = withDeepTree('conditionals.ts', 'declare const c: boolean;\nexport const url = DEEP;\nexport const r = fetch(url);\n', () => {
      let node: ts.Expression = f.createStringLiteral(TANGO_URL);
      for (let i = 0; i < DEPTH; i++) node = f.createConditionalExpression(f.createIdentifier('c'), undefined, f.createStringLiteral(`https://example.com/${i}`), undefined, node);
      return node;
    });
    everything(conditionals);
    expect(show(variableValue(conditionals, 'url'), conditionals.resolver)).toMatch(/^alt\('https:\/\/example\.com\/9999' \| /);

    const calls = withDeepTree('calls.ts', 'const wrap = (x: string) => x;\nexport const url = DEEP;\n', () => {
      let node: ts.Expression = f.createStringLiteral(TANGO_URL);
      for (let i = 0; i < DEPTH; i++) node = f.createCallExpression(f.createIdentifier('wrap'), undefined, [node]);
      return node;
    });
    everything(calls);
    // The budget runs out before the literal: unknown, or a call whose result is unknown.
    expect(show(variableValue(calls, 'url'), calls.resolver)).toMatch(/^(?:unknown|call\(unknown\))$/);

    const arrows = withDeepTree('arrows.ts', '// The request is generated: the comment stands for its fetch call in real text.\nexport const handler = DEEP;\n', () => {
      let node: ts.Expression = f.createArrowFunction(undefined, undefined, [], undefined, undefined, fetchCall());
      for (let i = 0; i < DEPTH; i++) node = f.createArrowFunction(undefined, undefined, [], undefined, undefined, node);
      return node;
    });
    everything(arrows);
    expect(arrows.requests).toHaveLength(1);
    expect(arrows.requests[0]?.enclosingFunction).toBeDefined();
  });

  it('stops a destructuring pattern 10,000 levels deep', () => {
    const analysis = withDeepTree('destructuring.ts', 'const source = {};\nexport const DEEP = source;\nexport const v = leaf;\n', () => {
      let pattern: ts.BindingName = f.createObjectBindingPattern([f.createBindingElement(undefined, 'a', 'leaf')]);
      for (let i = 0; i < DEPTH; i++) pattern = f.createObjectBindingPattern([f.createBindingElement(undefined, 'a', pattern)]);
      return pattern;
    });
    everything(analysis);
    expect(show(variableValue(analysis, 'v'), analysis.resolver)).toMatch(/^member\(member\(/);
  });

  it('judges a checkServerIdentity whose body nests 10,000 blocks', () => {
    const analysis = withDeepTree('identity.ts', 'export const options = { checkServerIdentity: () => DEEP };\n', () => {
      let node: ts.Block = f.createBlock([f.createReturnStatement(undefined)]);
      for (let i = 0; i < DEPTH; i++) node = f.createBlock([node]);
      return node;
    });
    everything(analysis);
    expect(tlsFindings(analysis).map((finding) => finding.problem)).toEqual(['check-server-identity']);
  });
});
