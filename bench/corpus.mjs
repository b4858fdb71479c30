import fs from 'node:fs';
import path from 'node:path';

/** Packages whose JavaScript makes the corpus: pinned by package-lock.json, present after `npm ci`. */
export const CORPUS_PACKAGES = [
  '@typescript-eslint', 'eslint', '@eslint', 'typescript-eslint', 'espree', 'eslint-scope', 'esquery',
  'ajv', '@vitest', 'vitest', 'vite', 'chai', 'js-yaml', 'commander', 'cosmiconfig', '@sinclair',
];
const EXTENSIONS = /\.(?:js|cjs|mjs|jsx|ts|cts|mts|tsx)$/;
const MAX_BYTES = 300_000;
const SKIPPED_FOLDERS = new Set(['dist', 'build', 'coverage', '.next', '.nuxt', '.output', '.svelte-kit', '.vercel', '.turbo']);

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && entry.name === 'package.json') out.push(full);
    else if (entry.isFile() && EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts') && fs.statSync(full).size <= MAX_BYTES) {
      out.push(full);
    }
  }
}

/**
 * The corpus files: the JavaScript of the pinned packages, or every source file under `root`,
 * with the packages' package.json files so that project roots are where they really are.
 */
export function corpusFiles(root, packagesDir) {
  const files = [];
  if (root) walk(root, files);
  else for (const name of CORPUS_PACKAGES) walk(path.join(packagesDir, name), files);
  return files;
}

/**
 * Copies the corpus `copies` times into `target` (ESLint skips node_modules, and copies make the
 * scaling runs). Returns the number of files written.
 */
export function materialize(files, base, target, copies) {
  fs.rmSync(target, { recursive: true, force: true });
  let count = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const file of files) {
      // tango-lint skips build-output folders such as dist/; renamed, the same files get linted.
      const relative = path.relative(base, file).split(path.sep).map((part) => (SKIPPED_FOLDERS.has(part) ? `${part}_` : part));
      const destination = path.join(target, `copy${copy}`, ...relative);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.copyFileSync(file, destination);
      count++;
    }
  }
  return count;
}
