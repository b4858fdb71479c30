import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { projectFor, projectRootOf } from '../../src/analyzer/project.js';

const made: string[] = [];

function tree(files: readonly string[]): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tango-roots-')));
  made.push(root);
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), file.endsWith('.json') ? '{}\n' : 'export {};\n');
  }
  return root;
}

function markerAbove(start: string): boolean {
  for (let dir = fs.realpathSync(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, 'tsconfig.json'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

afterAll(() => {
  for (const root of made) fs.rmSync(root, { recursive: true, force: true });
});

describe('project roots', () => {
  it('give every folder of a package its nearest package.json or tsconfig.json, asked in any order', () => {
    const root = tree([
      'package.json',
      'src/a/one.ts',
      'src/b/two.ts',
      'packages/web/tsconfig.json',
      'packages/web/src/deep/three.ts',
      'packages/web/src/four.ts',
    ]);
    const web = path.join(root, 'packages/web');
    // Deep first, then a folder passed on the way up, then siblings.
    expect(projectRootOf(path.join(web, 'src/deep/three.ts'))).toBe(web);
    expect(projectRootOf(path.join(web, 'src/four.ts'))).toBe(web);
    expect(projectRootOf(path.join(root, 'src/a/one.ts'))).toBe(root);
    expect(projectRootOf(path.join(root, 'src/b/two.ts'))).toBe(root);
    expect(projectRootOf(path.join(root, 'packages/loose.ts'))).toBe(root);
    expect(projectRootOf(path.join(web, 'tsconfig.json'))).toBe(web);
  });

  // Only meaningful where no folder above the temporary folder has a package.json or tsconfig.json.
  it.skipIf(markerAbove(os.tmpdir()))('fall back to the file’s own folder where no folder above has one', () => {
    const root = tree(['x/y/five.ts']);
    expect(projectRootOf(path.join(root, 'x/y/five.ts'))).toBe(path.join(root, 'x/y'));
    expect(projectRootOf(path.join(root, 'x/six.ts'))).toBe(path.join(root, 'x'));
  });
});

describe('module resolution', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const listingsOf = (readdir: { mock: { calls: unknown[][] } }, folder: string): number =>
    readdir.mock.calls.filter(([dir]) => String(dir) === folder).length;

  it('list a settled folder again only once its modification time changes', () => {
    const root = tree(['package.json', 'src/a.ts']);
    const src = path.join(root, 'src');
    const from = path.join(src, 'a.ts');
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(src, hourAgo, hourAgo);
    const project = projectFor(from);
    const readdir = vi.spyOn(fs, 'readdirSync');
    vi.useFakeTimers({ toFake: ['Date'] });

    expect(project.resolveModule('./b', from)).toBeUndefined();
    expect(listingsOf(readdir, src)).toBe(1);
    // Long past the refresh interval, but the folder has not changed: its listing still holds.
    vi.setSystemTime(Date.now() + 10_000);
    expect(project.resolveModule('./c', from)).toBeUndefined();
    expect(listingsOf(readdir, src)).toBe(1);
    // A file added changes the folder's modification time: the folder is listed again.
    fs.writeFileSync(path.join(src, 'd.ts'), 'export {};\n');
    vi.setSystemTime(Date.now() + 10_000);
    expect(project.resolveModule('./d', from)).toBe(path.join(src, 'd.ts'));
    expect(listingsOf(readdir, src)).toBe(2);
  });

  it('list a folder again after the refresh interval while its last change is too recent to trust', () => {
    const root = tree(['package.json', 'src/a.ts']);
    const src = path.join(root, 'src');
    const from = path.join(src, 'a.ts');
    const project = projectFor(from);
    const readdir = vi.spyOn(fs, 'readdirSync');
    vi.useFakeTimers({ toFake: ['Date'] });

    expect(project.resolveModule('./b', from)).toBeUndefined();
    expect(listingsOf(readdir, src)).toBe(1);
    vi.setSystemTime(Date.now() + 1_500);
    expect(project.resolveModule('./c', from)).toBeUndefined();
    expect(listingsOf(readdir, src)).toBe(2);
  });
});
