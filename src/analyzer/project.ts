import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';
import type { Project } from 'ts-morph';

const requireHere = createRequire(import.meta.url);
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Files above this size are not read for cross-file values: generated bundles hold no configuration. */
const MAX_DEPENDENCY_BYTES = 2_000_000;
const STAT_INTERVAL_MS = 1_000;
const MAX_OVERLAYS = 32;

interface Entry {
  readonly sourceFile: ts.SourceFile | undefined;
  readonly mtimeMs: number;
  checkedAt: number;
}

/**
 * The files of one project root, read lazily for cross-file values. Files being linted register
 * their text here, so an editor buffer always wins over the file on disk.
 */
export class ProjectFiles {
  readonly root: string;
  private readonly overlays = new Map<string, ts.SourceFile>();
  private readonly disk = new Map<string, Entry>();
  private readonly resolutions = new Map<string, string | undefined>();
  private readonly unresolved = new Set<string>();
  private tsProject: Project | undefined;

  constructor(root: string) {
    this.root = root;
  }

  /** Registers the text being linted for `filePath`. */
  setOverlay(sourceFile: ts.SourceFile): void {
    const key = normalize(sourceFile.fileName);
    if (this.overlays.get(key) === sourceFile) return;
    const isNew = !this.overlays.has(key);
    this.overlays.delete(key);
    this.overlays.set(key, sourceFile);
    // Only the most recently linted files are kept: a whole-repository run must not hold every AST.
    if (this.overlays.size > MAX_OVERLAYS) {
      const oldest = this.overlays.keys().next().value;
      if (oldest !== undefined) this.overlays.delete(oldest);
    }
    // A new buffer may be what an earlier failed resolution looked for.
    if (isNew && this.unresolved.size > 0) {
      for (const failed of this.unresolved) this.resolutions.delete(failed);
      this.unresolved.clear();
    }
  }

  /** The parsed source of `filePath`: the linted text if there is one, else the file on disk. */
  getSourceFile(filePath: string): ts.SourceFile | undefined {
    const key = normalize(filePath);
    const overlay = this.overlays.get(key);
    if (overlay) return overlay;
    const now = Date.now();
    const entry = this.disk.get(key);
    if (entry && now - entry.checkedAt < STAT_INTERVAL_MS) return entry.sourceFile;
    const stat = safeStat(key);
    if (entry && stat && stat.mtimeMs === entry.mtimeMs) {
      entry.checkedAt = now;
      return entry.sourceFile;
    }
    const sourceFile = stat && stat.isFile() && stat.size <= MAX_DEPENDENCY_BYTES ? parseFile(key) : undefined;
    this.disk.set(key, { sourceFile, mtimeMs: stat?.mtimeMs ?? -1, checkedAt: now });
    return sourceFile;
  }

  /** Resolves a relative or tsconfig `paths` module specifier to a source file path in this project. */
  resolveModule(specifier: string, fromFile: string): string | undefined {
    const key = `${fromFile}\0${specifier}`;
    if (this.resolutions.has(key)) return this.resolutions.get(key);
    const resolved = this.resolveUncached(specifier, fromFile);
    this.resolutions.set(key, resolved);
    if (resolved === undefined) this.unresolved.add(key);
    return resolved;
  }

  private resolveUncached(specifier: string, fromFile: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      return this.probe(path.resolve(path.dirname(fromFile), specifier));
    }
    if (isBareBuiltinOrPackage(specifier) && !this.hasPathMapping()) return undefined;
    const project = this.project();
    const result = project
      ? ts.resolveModuleName(specifier, fromFile, project.getCompilerOptions() as ts.CompilerOptions, ts.sys)
      : undefined;
    const resolved = result?.resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    return this.probe(resolved.resolvedFileName.replace(/\.d\.[cm]?ts$/, '')) ?? undefined;
  }

  private probe(base: string): string | undefined {
    const candidates = [base];
    const ext = path.extname(base);
    // ESM TypeScript imports name the emitted file: './client.js' is './client.ts' on disk.
    if (ext === '.js' || ext === '.mjs' || ext === '.cjs' || ext === '.jsx') {
      const stem = base.slice(0, -ext.length);
      const tsExt = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] }[ext] ?? [];
      candidates.push(...tsExt.map((e) => stem + e));
    }
    candidates.push(...SOURCE_EXTENSIONS.map((e) => base + e));
    candidates.push(...SOURCE_EXTENSIONS.map((e) => path.join(base, `index${e}`)));
    for (const candidate of candidates) {
      const key = normalize(candidate);
      if (this.overlays.has(key)) return key;
      const stat = safeStat(key);
      if (stat?.isFile()) return key;
    }
    return undefined;
  }

  private hasPathMapping(): boolean {
    const options = this.project()?.getCompilerOptions();
    return Boolean(options?.paths ?? options?.baseUrl);
  }

  private project(): Project | undefined {
    if (this.tsProject) return this.tsProject;
    const tsconfig = path.join(this.root, 'tsconfig.json');
    const jsconfig = path.join(this.root, 'jsconfig.json');
    const configPath = fs.existsSync(tsconfig) ? tsconfig : fs.existsSync(jsconfig) ? jsconfig : undefined;
    try {
      this.tsProject = createProject(configPath);
    } catch {
      this.tsProject = createProject(undefined);
    }
    return this.tsProject;
  }
}

let ProjectClass: typeof Project | undefined;

function createProject(tsConfigFilePath: string | undefined): Project {
  ProjectClass ??= (loadTsMorph() as { Project: typeof Project }).Project;
  return new ProjectClass({
    ...(tsConfigFilePath ? { tsConfigFilePath } : { compilerOptions: { allowJs: true } }),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
}

function loadTsMorph(): unknown {
  // ts-morph bundles its own TypeScript; it is only needed for tsconfig `paths`, so load it on demand.
  return requireHere('ts-morph');
}

function isBareBuiltinOrPackage(specifier: string): boolean {
  return !specifier.startsWith('~') && !specifier.startsWith('@/') && !specifier.startsWith('#');
}

function safeStat(filePath: string): fs.Stats | undefined {
  try {
    return fs.statSync(filePath);
  } catch {
    return undefined;
  }
}

function parseFile(filePath: string): ts.SourceFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
  return ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindOf(filePath));
}

/** The TypeScript script kind for a file name. */
export function scriptKindOf(filePath: string): ts.ScriptKind {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function normalize(filePath: string): string {
  return path.resolve(filePath);
}

const projects = new Map<string, ProjectFiles>();
const rootCache = new Map<string, string>();

/** The project root of a file: the nearest folder with a package.json or tsconfig.json. */
export function projectRootOf(filePath: string): string {
  const start = path.dirname(path.resolve(filePath));
  const cached = rootCache.get(start);
  if (cached) return cached;
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, 'tsconfig.json'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) {
      dir = start;
      break;
    }
    dir = parent;
  }
  rootCache.set(start, dir);
  return dir;
}

/** One `ProjectFiles` per project root, shared by every file linted under it. */
export function projectFor(filePath: string): ProjectFiles {
  const root = projectRootOf(filePath);
  let project = projects.get(root);
  if (!project) {
    project = new ProjectFiles(root);
    projects.set(root, project);
  }
  return project;
}
