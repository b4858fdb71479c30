import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';
import type { Shard } from './args.js';
import { relativePath } from './report.js';

/** Never entered while listing files: ESLint never lints inside them either. */
const UNSEARCHED = new Set(['.git', 'node_modules']);

/**
 * Whether a file belongs to a shard. The split depends only on the file's path relative to the
 * lint's folder (with forward slashes), so every machine of a CI matrix computes the same one.
 */
export function inShard(cwd: string, filePath: string, shard: Shard): boolean {
  const digest = createHash('sha256').update(relativePath(cwd, filePath)).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}

/**
 * The files a lint of `paths` covers, sorted, found as ESLint finds them: every file under the
 * folders (symbolic links to folders are not followed) and the files named, for which the
 * config has an entry and no ignore pattern applies.
 */
export async function lintableFiles(eslint: ESLint, cwd: string, paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const start = path.resolve(cwd, given);
    const candidates = fs.statSync(start).isDirectory() ? filesUnder(start) : [start];
    for (const file of candidates) {
      if (!found.has(file) && !(await eslint.isPathIgnored(file))) found.add(file);
    }
  }
  return [...found].sort();
}

/** Every file below a folder, with an explicit stack: a deep tree must not overflow the call stack. */
function filesUnder(root: string): string[] {
  const files: string[] = [];
  const stack = [root];
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!UNSEARCHED.has(entry.name)) stack.push(full);
      } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(full))) {
        files.push(full);
      }
    }
  }
  return files;
}

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}
