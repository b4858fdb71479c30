import path from 'node:path';
import picomatch from 'picomatch';
import type { TangoSettings } from './settings.js';

const matchers = new WeakMap<readonly string[], (relative: string) => boolean>();

/**
 * True when a file matches `settings.tango.testFiles` (picomatch globs relative to the project
 * root; the defaults cover `*.test.*`, `*.spec.*`, `test/`, `__tests__/`, `fixtures/`, ...).
 */
export function isTestFile(filePath: string, root: string, settings: TangoSettings): boolean {
  let matches = matchers.get(settings.testFiles);
  if (!matches) {
    matches = picomatch([...settings.testFiles], { dot: true });
    matchers.set(settings.testFiles, matches);
  }
  const relative = path.relative(root, filePath).split(path.sep).join('/');
  return matches(relative.startsWith('..') ? filePath.split(path.sep).join('/') : relative);
}
