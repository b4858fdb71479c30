import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitignorePatterns, parseGitignoreLine, toFlatPattern } from '../../src/cli/gitignore.js';
import { removeTemporaryFolders, temporaryFolder, writeFile } from './helpers.js';

afterAll(removeTemporaryFolders);

function convert(line: string, base = '', up: string[] = []): string | undefined {
  const rule = parseGitignoreLine(line);
  return rule && toFlatPattern(rule, base, up);
}

describe('.gitignore lines as flat-config ignores', () => {
  it.each([
    ['generated/', '**/generated/'],
    ['*.log', '**/*.log'],
    ['/build', 'build'],
    ['docs/api', 'docs/api'],
    ['**/tmp', '**/tmp'],
    ['out/**', 'out/**/*'],
    ['!keep.ts', '!**/keep.ts'],
    ['\\#not-a-comment', '**/\\#not-a-comment'],
    ['{a,b}.js', '**/\\{a,b}.js'],
    ['trailing.ts   ', '**/trailing.ts'],
    ['crlf.ts\r', '**/crlf.ts'],
  ])('%j becomes %j', (line, pattern) => {
    expect(convert(line)).toBe(pattern);
  });

  it.each(['', '   ', '# a comment', '/', '!'])('%j is ignored', (line) => {
    expect(parseGitignoreLine(line)).toBeUndefined();
  });

  it('prefixes the patterns of a nested .gitignore with its folder', () => {
    expect(convert('dist/', 'packages/app')).toBe('packages/app/**/dist/');
    expect(convert('/local', 'packages/app')).toBe('packages/app/local');
    expect(convert('!keep.ts', 'packages/app')).toBe('!packages/app/**/keep.ts');
  });

  it("rebases an ancestor's anchored patterns onto the linted folder", () => {
    expect(convert('*.log', '', ['app'])).toBe('**/*.log');
    expect(convert('/app/generated', '', ['app'])).toBe('generated');
    expect(convert('/packages/*/tmp/', '', ['packages', 'web'])).toBe('tmp/');
    expect(convert('/other/generated', '', ['app'])).toBeUndefined();
    expect(convert('/app', '', ['app'])).toBeUndefined();
    expect(convert('**/cache', '', ['app'])).toBe('**/cache');
  });
});

describe('gitignorePatterns', () => {
  it('reads the .gitignore files from the git root down, skipping ignored folders and node_modules', () => {
    const root = temporaryFolder();
    fs.mkdirSync(path.join(root, '.git'));
    writeFile(path.join(root, '.gitignore'), '*.log\n/app/out/\n');
    writeFile(path.join(root, 'app/.gitignore'), 'tmp/\n');
    writeFile(path.join(root, 'app/src/.gitignore'), '/fixtures/*.ts\n');
    writeFile(path.join(root, 'app/tmp/.gitignore'), 'never-read\n');
    writeFile(path.join(root, 'app/node_modules/x/.gitignore'), 'never-read\n');
    expect(gitignorePatterns(path.join(root, 'app'))).toEqual(['**/*.log', 'out/', '**/tmp/', 'src/fixtures/*.ts']);
  });

  it('works outside a git repository with the folder’s own files', () => {
    const dir = temporaryFolder();
    writeFile(path.join(dir, '.gitignore'), 'coverage\n');
    expect(gitignorePatterns(dir)).toEqual(['**/coverage']);
  });
});
