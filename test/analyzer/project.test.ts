import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../src/analyzer/analysis.js';
import { projectFor, projectRootOf } from '../../src/analyzer/project.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';

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

  /** A package whose `src/a.ts` resolves specifiers; a settled `src` was last changed an hour ago. */
  function fromSource(files: readonly string[], settled = false) {
    const root = tree(['package.json', 'src/a.ts', ...files]);
    const src = path.join(root, 'src');
    if (settled) {
      const hourAgo = new Date(Date.now() - 3_600_000);
      fs.utimesSync(src, hourAgo, hourAgo);
    }
    const from = path.join(src, 'a.ts');
    const project = projectFor(from);
    return { src, resolve: (specifier: string) => project.resolveModule(specifier, from) };
  }

  /** Counts folder listings from now on, with a clock the test moves. */
  function watchListings(): (folder: string) => number {
    const readdir = vi.spyOn(fs, 'readdirSync');
    vi.useFakeTimers({ toFake: ['Date'] });
    return (folder) => readdir.mock.calls.filter(([dir]) => String(dir) === folder).length;
  }

  it('list a settled folder again only once its modification time changes', () => {
    const { src, resolve } = fromSource([], true);
    const listingsOf = watchListings();
    expect(resolve('./b')).toBeUndefined();
    expect(listingsOf(src)).toBe(1);
    // Long past the refresh interval, but the folder has not changed: its listing still holds.
    vi.setSystemTime(Date.now() + 10_000);
    expect(resolve('./c')).toBeUndefined();
    expect(listingsOf(src)).toBe(1);
    // A file added changes the folder's modification time: the folder is listed again.
    fs.writeFileSync(path.join(src, 'd.ts'), 'export {};\n');
    vi.setSystemTime(Date.now() + 10_000);
    expect(resolve('./d')).toBe(path.join(src, 'd.ts'));
    expect(listingsOf(src)).toBe(2);
  });

  it('list a folder again after the refresh interval while its last change is too recent to trust', () => {
    const { src, resolve } = fromSource([]);
    const listingsOf = watchListings();
    expect(resolve('./b')).toBeUndefined();
    expect(listingsOf(src)).toBe(1);
    vi.setSystemTime(Date.now() + 1_500);
    expect(resolve('./c')).toBeUndefined();
    expect(listingsOf(src)).toBe(2);
  });

  it('complete a specifier with extensions and index files, and look inside no folder that is missing', () => {
    const { src, resolve } = fromSource(['src/client.ts', 'src/util.js', 'src/rules/index.ts']);
    expect(resolve('./client.js')).toBe(path.join(src, 'client.ts'));
    expect(resolve('./util')).toBe(path.join(src, 'util.js'));
    expect(resolve('./rules')).toBe(path.join(src, 'rules/index.ts'));

    const readdir = vi.spyOn(fs, 'readdirSync');
    const stat = vi.spyOn(fs, 'statSync');
    expect(resolve('./missing')).toBeUndefined();
    const missing = path.join(src, 'missing');
    const touched = [...readdir.mock.calls, ...stat.mock.calls].map(([file]) => String(file));
    expect(touched.filter((file) => file === missing || file.startsWith(missing + path.sep))).toEqual([]);
  });

  it('share an answer among the files of one folder, and not with another folder', () => {
    const root = tree(['package.json', 'src/a.ts', 'src/b.ts', 'src/util.ts', 'src/lib/c.ts', 'src/lib/util.ts']);
    const src = path.join(root, 'src');
    const project = projectFor(path.join(src, 'a.ts'));
    expect(project.resolveModule('./util', path.join(src, 'a.ts'))).toBe(path.join(src, 'util.ts'));

    // Past the refresh interval, resolving again would look at the folder on disk; the shared answer does not.
    const readdir = vi.spyOn(fs, 'readdirSync');
    const stat = vi.spyOn(fs, 'statSync');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    expect(project.resolveModule('./util', path.join(src, 'b.ts'))).toBe(path.join(src, 'util.ts'));
    expect(readdir.mock.calls.length + stat.mock.calls.length).toBe(0);
    expect(project.resolveModule('./util', path.join(src, 'lib/c.ts'))).toBe(path.join(src, 'lib/util.ts'));
  });

  it('resolve to the linted buffer of an index file whose folder is not on disk', () => {
    const { src, resolve } = fromSource([]);
    const index = path.join(src, 'fresh/index.ts');
    // The buffer being linted registers itself (the overlay); the folder holding it was never saved.
    analyze({ filePath: index, text: 'export const fresh = 1;\n', settings: DEFAULT_SETTINGS });
    expect(resolve('./fresh')).toBe(index);
  });
});
