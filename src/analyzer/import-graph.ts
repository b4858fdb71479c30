import fs from 'node:fs';
import path from 'node:path';
import { appendTo } from './collections.js';
import type { ProjectFiles } from './project.js';
import { readText, safeStat } from './project.js';
import { preProcessFile } from './syntax.js';

/** What a quick scan of a module's text says about it, without parsing it. */
export interface ModuleScan {
  /** `use client` or `use server` when the file's directive prologue has it. */
  readonly directive: 'use client' | 'use server' | undefined;
  /** Value imports: static imports, re-exports, `require`, `import()`. Type-only imports are left out. */
  readonly specifiers: readonly string[];
}

/** A project file as the import graph knows it. */
export interface GraphFile {
  /** Absolute path. */
  readonly file: string;
  /** Path relative to the project root, with forward slashes. */
  readonly relative: string;
  readonly scan: ModuleScan;
}

const SCANNED_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte']);
/** Build output, dependencies and tool caches: never source that a bundle is built from. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.output', '.svelte-kit', '.vercel', '.turbo', '.git',
]);
const STRIPPED_EXTENSIONS = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 1_000_000;
/** How old the file list may get before it is checked again (files added, changed or removed). */
const REFRESH_MS = 5_000;

/**
 * The value imports of a module's text. Uses TypeScript's pre-processor (a token scan, not a
 * parse) and drops `import type` / `export type` declarations, which never reach a bundle.
 */
export function scanModule(text: string): ModuleScan {
  const imported = preProcessFile(text, true, true).importedFiles;
  const specifiers: string[] = [];
  for (const reference of imported) {
    if (!isTypeOnlyImport(text, reference.pos)) specifiers.push(reference.fileName);
  }
  return { directive: prologueDirective(text), specifiers };
}

/** The `<script>` blocks of a Vue or Svelte component, joined: the only part that imports modules. */
export function componentScript(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('<script', from);
    if (open < 0) break;
    const bodyStart = text.indexOf('>', open);
    if (bodyStart < 0) break;
    const close = text.indexOf('</script>', bodyStart);
    if (close < 0) break;
    parts.push(text.slice(bodyStart + 1, close));
    from = close + 9;
  }
  return parts.join('\n;\n');
}

function isTypeOnlyImport(text: string, specifierPos: number): boolean {
  const window = text.slice(Math.max(0, specifierPos - 400), specifierPos);
  const at = Math.max(window.lastIndexOf('import'), window.lastIndexOf('export'));
  if (at < 0) return false;
  const head = window.slice(at);
  // A quote or semicolon in between: the keyword belongs to an earlier statement (`require(...)` follows it).
  if (/['"`;]/.test(head)) return false;
  // `import type from './x'` imports a default binding named `type`: a value import.
  return /^(?:import|export)\s+type\b/.test(head) && !/^import\s+type\s+from\s*$/.test(head);
}

/** The first `use client` / `use server` directive of a file's prologue, read without parsing. */
export function prologueDirective(text: string): ModuleScan['directive'] {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('#!', i)) i = lineEnd(text, i);
  for (;;) {
    i = skipTrivia(text, i);
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return undefined;
    const end = text.indexOf(quote, i + 1);
    if (end < 0) return undefined;
    const value = text.slice(i + 1, end);
    if (value.includes('\n')) return undefined;
    if (value === 'use client' || value === 'use server') return value;
    i = skipTrivia(text, end + 1);
    if (text[i] === ';') i++;
  }
}

function skipTrivia(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else break;
  }
  return i;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

interface Entry extends GraphFile {
  readonly mtimeMs: number;
}

/**
 * The import graph of one project root, read from disk: every source file's value imports,
 * found by a pre-scan (no parse). It is built at most once per project root and checked for
 * changed, added or removed files every few seconds, rescanning only what changed. Importers
 * are found on demand: a module's candidate importers are the imports whose last path segment
 * names it, and only those are resolved.
 */
export class ImportGraph {
  /** Increases whenever a file is added, changed or removed. */
  version = 0;
  private entries = new Map<string, Entry>();
  private byStem = new Map<string, string[]>();
  private importers = new Map<string, readonly string[]>();
  private checkedAt = 0;

  constructor(readonly project: ProjectFiles) {}

  get root(): string {
    return this.project.root;
  }

  /** The current version, after checking the file list when it is due. */
  revision(): number {
    this.refresh();
    return this.version;
  }

  /** The scan of a project file, or undefined when the graph does not hold it. */
  fileAt(file: string): GraphFile | undefined {
    this.refresh();
    return this.entries.get(path.resolve(file));
  }

  /** The files that import `file` for its values (type-only imports excluded). */
  importersOf(file: string): readonly string[] {
    this.refresh();
    const target = path.resolve(file);
    const cached = this.importers.get(target);
    if (cached) return cached;
    const found = new Set<string>();
    for (const stem of moduleStems(target)) {
      for (const from of this.byStem.get(stem) ?? []) {
        if (found.has(from) || from === target) continue;
        const entry = this.entries.get(from);
        if (!entry) continue;
        for (const specifier of entry.scan.specifiers) {
          if (specifierStem(specifier, from) !== stem) continue;
          if (this.project.resolveModule(specifier, from) === target) {
            found.add(from);
            break;
          }
        }
      }
    }
    const result = [...found].sort();
    this.importers.set(target, result);
    return result;
  }

  /** Relists the project when the list is older than a few seconds; rescans changed files only. */
  private refresh(): void {
    const now = Date.now();
    if (now - this.checkedAt < REFRESH_MS) return;
    this.checkedAt = now;
    const next = new Map<string, Entry>();
    let changed = false;
    for (const file of listSourceFiles(this.root)) {
      const stat = safeStat(file);
      if (!stat || stat.size > MAX_FILE_BYTES) continue;
      const previous = this.entries.get(file);
      if (previous && previous.mtimeMs === stat.mtimeMs) {
        next.set(file, previous);
        continue;
      }
      const text = readText(file);
      if (text === undefined) continue;
      const script = /\.(?:vue|svelte)$/.test(file) ? componentScript(text) : text;
      next.set(file, { file, relative: toRelative(this.root, file), scan: scanModule(script), mtimeMs: stat.mtimeMs });
      changed = true;
    }
    if (!changed && next.size === this.entries.size) return;
    this.entries = next;
    this.version++;
    this.importers.clear();
    this.byStem.clear();
    for (const entry of next.values()) {
      const stems = new Set<string>();
      for (const specifier of entry.scan.specifiers) {
        const stem = specifierStem(specifier, entry.file);
        if (stem) stems.add(stem);
      }
      for (const stem of stems) appendTo(this.byStem, stem, entry.file);
    }
  }
}

const graphs = new Map<string, ImportGraph>();

/**
 * The import graph of a project, or undefined when the root is not a real project (no
 * package.json, tsconfig.json or jsconfig.json there): a stray file must not make us list a
 * whole disk.
 */
export function importGraphOf(project: ProjectFiles): ImportGraph | undefined {
  const existing = graphs.get(project.root);
  if (existing && existing.project === project) return existing;
  const isProject = ['package.json', 'tsconfig.json', 'jsconfig.json'].some((name) => fs.existsSync(path.join(project.root, name)));
  if (!isProject) return undefined;
  const graph = new ImportGraph(project);
  graphs.set(project.root, graph);
  return graph;
}

/** Source files under a root, skipping dependencies, build output, hidden folders and nested projects. */
function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const stack = [root];
  while (stack.length > 0 && files.length < MAX_FILES) {
    const dir = stack.pop() as string;
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    // A folder with its own package.json is another project (a workspace package): its own root.
    if (dir !== root && dirents.some((d) => d.name === 'package.json' && d.isFile())) continue;
    for (const dirent of dirents) {
      const name = dirent.name;
      if (dirent.isDirectory()) {
        if (!name.startsWith('.') && !SKIPPED_DIRECTORIES.has(name)) stack.push(path.join(dir, name));
      } else if (dirent.isFile() && SCANNED_EXTENSIONS.has(path.extname(name)) && !name.endsWith('.d.ts')) {
        files.push(path.join(dir, name));
        if (files.length >= MAX_FILES) break;
      }
    }
  }
  return files;
}

/** The names an import of `file` can end with: its stem, and its folder's name for an index file. */
function moduleStems(file: string): string[] {
  const stem = path.basename(file).replace(STRIPPED_EXTENSIONS, '');
  return stem === 'index' ? [stem, path.basename(path.dirname(file))] : [stem];
}

/** The last path segment of an import specifier without its extension: `tango` for `@/lib/tango.js`. */
function specifierStem(specifier: string, from: string): string | undefined {
  // A loop, not /\/+$/: that regex is quadratic on a long run of slashes not at the end.
  let end = specifier.length;
  while (end > 0 && specifier[end - 1] === '/') end--;
  const trimmed = specifier.slice(0, end);
  const last = specifier.startsWith('.')
    ? path.basename(path.resolve(path.dirname(from), trimmed || '.'))
    : trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const stem = last.replace(STRIPPED_EXTENSIONS, '');
  return stem === '' ? undefined : stem;
}

/** A path relative to the project root with forward slashes, as globs and messages use it. */
export function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
