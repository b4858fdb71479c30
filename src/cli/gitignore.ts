import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** One meaningful `.gitignore` line. */
export interface GitignoreRule {
  readonly negated: boolean;
  /** Relative to the `.gitignore`'s folder (it has a slash before its end), instead of matching at any depth. */
  readonly anchored: boolean;
  readonly dirOnly: boolean;
  /** The pattern without `!`, leading or trailing slashes, escaped for minimatch. */
  readonly glob: string;
}

/** Folders never searched for `.gitignore` files (ESLint never lints inside them either). */
const UNSEARCHED = new Set(['.git', 'node_modules']);

/** Parses one `.gitignore` line; undefined for blank lines and comments. */
export function parseGitignoreLine(line: string): GitignoreRule | undefined {
  let text = trimTrailingSpaces(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (text === '' || text.startsWith('#')) return undefined;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  const dirOnly = text.endsWith('/');
  while (text.endsWith('/')) text = text.slice(0, -1);
  const anchored = text.includes('/');
  while (text.startsWith('/')) text = text.slice(1);
  if (text === '') return undefined;
  return { negated, anchored, dirOnly, glob: escapeForMinimatch(text) };
}

/**
 * The flat-config ignore pattern (relative to the lint's cwd) for a rule of the `.gitignore` in
 * `base`, a folder relative to cwd ('' for cwd itself). `up` lists the folders from an ancestor
 * `.gitignore` down to cwd; anchored patterns that cannot reach inside cwd give undefined.
 */
export function toFlatPattern(rule: GitignoreRule, base: string, up: readonly string[] = []): string | undefined {
  let glob = rule.anchored ? rule.glob : `**/${rule.glob}`;
  if (up.length > 0 && rule.anchored) {
    const rest = stripLeadingFolders(glob.split('/'), up);
    if (rest === undefined) return undefined;
    glob = rest;
  }
  // git's `dir/**` matches what is inside dir, not dir itself; in ESLint `dir/**` would also match dir.
  if (glob.endsWith('/**')) glob += '/*';
  const prefix = base === '' ? '' : `${base}/`;
  return `${rule.negated ? '!' : ''}${prefix}${glob}${rule.dirOnly ? '/' : ''}`;
}

/**
 * Flat-config ignore patterns for the `.gitignore` files that apply under `cwd`: those of its
 * ancestors up to the git work tree's root, its own, and nested ones (skipping folders they
 * ignore, as git does). `.git/info/exclude` and the global excludes file are not read.
 */
export function gitignorePatterns(cwd: string): string[] {
  const patterns: string[] = [];
  const up = ancestorFolders(cwd);
  up.forEach(({ dir }, i) => {
    for (const rule of readRules(dir)) {
      const pattern = toFlatPattern(rule, '', up.slice(i).map((a) => a.name));
      if (pattern) patterns.push(pattern);
    }
  });
  const matchers: { negated: boolean; test: (p: string) => boolean }[] = [];
  const compile = (from: number): void => {
    for (const pattern of patterns.slice(from)) {
      const negated = pattern.startsWith('!');
      const glob = pattern.slice(negated ? 1 : 0).replace(/\/$/, '');
      matchers.push({ negated, test: picomatch(glob, { dot: true }) });
    }
  };
  compile(0);
  const stack = [''];
  for (let rel = stack.pop(); rel !== undefined; rel = stack.pop()) {
    const dir = path.join(cwd, rel);
    const before = patterns.length;
    for (const rule of readRules(dir)) {
      const pattern = toFlatPattern(rule, rel);
      if (pattern) patterns.push(pattern);
    }
    compile(before);
    for (const entry of readDirs(dir)) {
      const child = rel === '' ? entry : `${rel}/${entry}`;
      if (!isIgnored(child, matchers)) stack.push(child);
    }
  }
  return patterns;
}

function isIgnored(rel: string, matchers: readonly { negated: boolean; test: (p: string) => boolean }[]): boolean {
  let ignored = false;
  for (const matcher of matchers) if (matcher.test(rel)) ignored = !matcher.negated;
  return ignored;
}

/** The folders between the git work tree's root and cwd, root first, each with the name of its child toward cwd. */
function ancestorFolders(cwd: string): { dir: string; name: string }[] {
  const chain: { dir: string; name: string }[] = [];
  let dir = path.resolve(cwd);
  while (!fs.existsSync(path.join(dir, '.git'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    chain.unshift({ dir: parent, name: path.basename(dir) });
    dir = parent;
  }
  return chain;
}

function readRules(dir: string): GitignoreRule[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => parseGitignoreLine(line) ?? []);
}

function readDirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !UNSEARCHED.has(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** Drops the folders of `up` from the start of an anchored pattern; undefined when the pattern cannot match under them. */
function stripLeadingFolders(segments: string[], up: readonly string[]): string | undefined {
  for (const [i, folder] of up.entries()) {
    const segment = segments[i];
    if (segment === undefined) return undefined;
    // A `**` can stand for the remaining folders, so what follows may match anywhere below.
    if (segment === '**') return segments.slice(i).join('/');
    if (!picomatch.isMatch(folder, segment, { dot: true })) return undefined;
  }
  const rest = segments.slice(up.length);
  return rest.length > 0 ? rest.join('/') : undefined;
}

/** In gitignore, `{` and `(` are plain characters; in minimatch they start braces and extglobs. */
function escapeForMinimatch(glob: string): string {
  let out = '';
  let escaped = false;
  for (const char of glob) {
    out += !escaped && (char === '{' || char === '(') ? `\\${char}` : char;
    escaped = !escaped && char === '\\';
  }
  return out;
}

/** Trailing spaces are dropped unless escaped with a backslash. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}
