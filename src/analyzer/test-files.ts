import path from 'node:path';
import picomatch from 'picomatch';
import type { TangoSettings } from './settings.js';

interface Matcher {
  readonly matches: (relative: string) => boolean;
  /** Answers by root and file: several rules ask for each linted file. */
  readonly answers: Map<string, boolean>;
}

const matchers = new WeakMap<readonly string[], Matcher>();
const MAX_ANSWERS = 50_000;

/**
 * True when a file matches `settings.tango.testFiles` (picomatch globs relative to the project
 * root; the defaults cover `*.test.*`, `*.spec.*`, `test/`, `__tests__/`, `fixtures/`, ...).
 */
export function isTestFile(filePath: string, root: string, settings: TangoSettings): boolean {
  let matcher = matchers.get(settings.testFiles);
  if (!matcher) {
    matcher = { matches: picomatch([...settings.testFiles], { dot: true }), answers: new Map() };
    matchers.set(settings.testFiles, matcher);
  }
  const key = `${root}\0${filePath}`;
  let answer = matcher.answers.get(key);
  if (answer === undefined) {
    const relative = path.relative(root, filePath).split(path.sep).join('/');
    answer = matcher.matches(relative.startsWith('..') ? filePath.split(path.sep).join('/') : relative);
    if (matcher.answers.size >= MAX_ANSWERS) matcher.answers.clear();
    matcher.answers.set(key, answer);
  }
  return answer;
}
