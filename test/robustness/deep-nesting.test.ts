import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, DEFAULT_SETTINGS } from '../../src/analyzer/index.js';
import { computeAllFacts, eslintAll, get, internalErrors, tempProject } from './helpers.js';

const DEPTH = 10_000;
const TANGO = "'https://integration-api.tangocard.com/raas/v2'";
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Shapes nested or chained `n` levels deep, each ending in a Tango request so the fact modules
 * follow the values all the way down.
 */
const SHAPES: Record<string, (n: number) => string> = {
  parentheses: (n) => `const url = ${'('.repeat(n)}${TANGO}${')'.repeat(n)};\nfetch(url);`,
  arrays: (n) => `const urls = ${'['.repeat(n)}${TANGO}${']'.repeat(n)};\nfetch(urls${'[0]'.repeat(n)});`,
  objects: (n) => `const config = ${'{ a: '.repeat(n)}${TANGO}${' }'.repeat(n)};\nfetch(config${'.a'.repeat(n)});`,
  'nested functions': (n) => `const f = ${'function () { return '.repeat(n)}fetch(${TANGO}, { method: 'POST' })${'; }'.repeat(n)};\nf();`,
  'nested arrow functions': (n) => `const f = ${'() => '.repeat(n)}fetch(${TANGO});`,
  'nested calls': (n) => `fetch(${'wrap('.repeat(n)}${TANGO}${')'.repeat(n)});`,
  'nested blocks': (n) => `${'{ '.repeat(n)}fetch(${TANGO});${' }'.repeat(n)}`,
  'nested ifs': (n) => `${'if (ready) '.repeat(n)}fetch(${TANGO});`,
  'nested conditionals': (n) => `const url = ${`ok ? ${TANGO} : `.repeat(n)}'';\nfetch(url);`,
  'nested templates': (n) => `const url = ${'`${'.repeat(n)}${TANGO}${'}`'.repeat(n)};\nfetch(url);`,
  'string concatenation': (n) => `const url = ${TANGO}${range(n).map((i) => ` + '/p${i}'`).join('')};\nfetch(url, { timeout: 1 });`,
  'identifier concatenation': (n) =>
    `${range(n).map((i) => `const p${i} = '/p${i}';`).join('\n')}\nconst url = ${TANGO}${range(n).map((i) => ` + p${i}`).join('')};\nfetch(url);`,
  'fallback chain': (n) => `const key = ${range(n).map((i) => `process.env.K${i}`).join(' || ')} || 'tk_live_9fQ2xW7LmZ4RtV1BnC6YdE';\nfetch(${TANGO}, { headers: { Authorization: key } });`,
  'constant chain': (n) =>
    `const c0 = ${TANGO};\n${range(n).map((i) => `const c${i + 1} = c${i};`).join('\n')}\nfetch(c${n} + '/orders', { method: 'POST' });`,
  'concatenated constant chain': (n) =>
    `const c0 = ${TANGO};\n${range(n).map((i) => `const c${i + 1} = c${i} + '/x';`).join('\n')}\nfetch(c${n});`,
  'member chain': (n) => `const url = config${'.next'.repeat(n)};\nfetch(url);`,
  'method call chain': (n) => `import axios from 'axios';\nconst client = axios.create({ baseURL: ${TANGO} });\nclient.get('/orders')${'.get(1)'.repeat(n)};`,
  'promise chain': (n) => `fetch(${TANGO})${'.then((r) => r)'.repeat(n)};`,
  'comma sequence': (n) => `const url = (${range(n).map((i) => `'${i}'`).join(', ')}, ${TANGO});\nfetch(url);`,
  'function call chain': (n) =>
    `${range(n).map((i) => `function f${i}(u) { return f${i + 1}(u); }`).join('\n')}\nfunction f${n}(u) { return fetch(u); }\nf0(${TANGO});`,
  'parameter chain': (n) =>
    `${range(n).map((i) => `const g${i} = (u) => g${i + 1}(u + '/x');`).join('\n')}\nconst g${n} = (u) => fetch(u, { timeout: 1 });\ng0(${TANGO});`,
  'class chain': (n) => `${range(n).map((i) => `class C${i + 1} extends C${i} {}`).join('\n')}\nclass C0 { url = ${TANGO}; go() { return fetch(this.url); } }\nnew C${n}().go();`,
};

const FULL_DEPTH = new Set([
  'string concatenation',
  'identifier concatenation',
  'fallback chain',
  'constant chain',
  'concatenated constant chain',
  'member chain',
  'method call chain',
  'promise chain',
  'comma sequence',
  'function call chain',
  'parameter chain',
  'class chain',
]);

/**
 * The TypeScript parser itself recurses, and overflows the default stack on some shapes well
 * before 10,000 levels: the analyzer then gets the deepest version TypeScript can parse. How deep
 * that is depends on the JIT state of the parser (3,000 levels cold, 8,000 warm for conditionals),
 * so the text is parsed here once and the tree handed to the analyzer, as ESLint's parser does:
 * parsing it again inside the analyzer could overflow in the parser at the limit, which is not
 * what this test is about. Any stack overflow left is the analyzer's own.
 */
function deepestParseable(shape: (n: number) => string, filePath: string): { depth: number; text: string; sourceFile: ts.SourceFile } {
  for (let depth = DEPTH; ; depth = Math.floor(depth * 0.75)) {
    const text = shape(depth);
    try {
      return { depth, text, sourceFile: ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) };
    } catch (error) {
      if (!(error instanceof RangeError) || depth < 100) throw error;
    }
  }
}

describe('the analyzer on 10,000-deep nesting', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('deep-analyzer');
  });
  afterAll(() => project.remove());

  it.each(Object.keys(SHAPES))('computes every fact for %s without overflowing the stack', (name) => {
    const filePath = path.join(project.dir, `${name.replace(/ /g, '-')}.ts`);
    const { depth, text, sourceFile } = deepestParseable(get(new Map(Object.entries(SHAPES)), name), filePath);
    // Chains TypeScript parses iteratively are analyzed at the full depth; nested shapes as deep as it can parse.
    expect(depth).toBeGreaterThanOrEqual(FULL_DEPTH.has(name) ? DEPTH : 250);
    const analysis = analyze({ filePath, text, settings: DEFAULT_SETTINGS, sourceFile });
    expect(analysis.sourceFile).toBe(sourceFile);
    const facts = computeAllFacts(analysis);
    expect(facts.requests).toBeGreaterThanOrEqual(1);
  });
});

describe('ESLint with every tango rule on 10,000-deep nesting', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    const files = Object.fromEntries(Object.entries(SHAPES).map(([name, shape]) => [`src/${name.replace(/ /g, '-')}.ts`, shape(DEPTH)]));
    project = tempProject('deep-eslint', {
      ...files,
      // A file that imports a value from a file too deep for TypeScript to parse.
      'src/imports-deep.ts': "import { base } from './deep-dependency';\nexport const go = () => fetch(base + '/raas/v2/orders');\n",
      'src/deep-dependency.ts': `export const base = ${'('.repeat(DEPTH)}'https://api.tangocard.com'${')'.repeat(DEPTH)};\n`,
    });
  });
  afterAll(() => project.remove());

  // Flat files with 10,000 statements parse, and every rule runs on them: slow on a busy machine.
  it('finishes every file, with a parsing error where the parser cannot go that deep and no internal error', { timeout: 180_000 }, async () => {
    const results = await eslintAll(project.dir).lintFiles(['src']);
    expect(results).toHaveLength(Object.keys(SHAPES).length + 2);
    expect(internalErrors(results)).toEqual([]);
    for (const result of results) {
      for (const message of result.messages.filter((m) => m.fatal)) expect(message.message).toMatch(/^Parsing error: /);
    }
    const importer = results.find((result) => result.filePath.endsWith('imports-deep.ts'));
    expect(importer?.messages.filter((m) => m.fatal)).toEqual([]);
  });
});
