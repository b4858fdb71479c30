import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { builtInConfig } from '../../src/cli/eslint-options.js';
import { parseForESLint } from '../../src/cli/light-parser.js';
import { FIXTURES } from '../rules/rule-tester.js';

async function lint(cwd: string, light: boolean): Promise<unknown[]> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: builtInConfig({ light }), errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles(['.']);
  return results
    .map((result) => ({
      file: path.relative(cwd, result.filePath),
      messages: result.messages.map(({ ruleId, message, line, column, endLine, endColumn, severity, fatal, suggestions }) => ({
        ruleId,
        message,
        line,
        column,
        endLine,
        endColumn,
        severity,
        fatal,
        suggestions: suggestions?.map((s) => ({ desc: s.desc, fix: s.fix })),
      })),
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

const projects = [
  ...fs.readdirSync(FIXTURES).map((name) => path.join(FIXTURES, name)),
  path.resolve(FIXTURES, '../../examples/express-basic-auth'),
].filter((dir) => fs.statSync(dir).isDirectory());

describe('the light parser gives the findings of the TypeScript parser', () => {
  it.each(projects.map((dir) => [path.basename(dir), dir]))('%s', async (_name, dir) => {
    const [withTypescriptParser, withLightParser] = await Promise.all([lint(dir, false), lint(dir, true)]);
    expect(withLightParser).toEqual(withTypescriptParser);
  });

  it('finds findings at all in the fixtures, so the comparison means something', async () => {
    const results = (await lint(path.join(FIXTURES, 'cli-project'), true)) as { messages: unknown[] }[];
    expect(results.flatMap((r) => r.messages).length).toBeGreaterThan(0);
  });
});

describe('light parser', () => {
  it('keeps directive comments and only those, wherever they sit', () => {
    const code = [
      '// eslint-disable-next-line tango/require-https',
      'const s = "// eslint-disable-line in a string";',
      'const r = /\\/\\* eslint-disable */;',
      'const t = `${1 /* eslint-disable-line */} // eslint not a comment`;',
      'f(a /* global x */, b);',
      '/* plain comment */',
      'const j = <div>{/* eslint-disable-line */}// eslint jsx text</div>;',
    ].join('\n');
    const { ast } = parseForESLint(code, { filePath: 'x.tsx' });
    expect(ast.comments.map((c) => [c.type, c.value, c.loc.start.line])).toEqual([
      ['Line', ' eslint-disable-next-line tango/require-https', 1],
      ['Block', ' eslint-disable-line ', 4],
      ['Block', ' global x ', 5],
      ['Block', ' eslint-disable-line ', 7],
    ]);
  });

  it('throws syntax errors the way typescript-estree does', () => {
    expect(() => parseForESLint('const x = ;', { filePath: 'x.ts' })).toThrow(
      expect.objectContaining({ message: 'Expression expected.', lineNumber: 1, column: 10 }),
    );
  });

  it('hands the TypeScript AST to the analyzer', () => {
    const { services } = parseForESLint('fetch(url);', { filePath: 'x.js' });
    expect(services.tangoSourceFile.statements).toHaveLength(1);
  });
});
