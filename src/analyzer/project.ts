import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { createSourceFile, parseJsonConfigFileContent, readConfigFile } from './syntax.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** The TypeScript sources an emitted file name can stand for. */
const EMITTED_FROM: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
/** Files above this size are not read for cross-file values: generated bundles hold no configuration. */
const MAX_DEPENDENCY_BYTES = 2_000_000;
const STAT_INTERVAL_MS = 1_000;
const MAX_LISTINGS = 5_000;
/** Longer than the coarsest file-time granularity in common use (FAT's two seconds). */
const SETTLED_MS = 2_000;

/** What a folder listing says of a name; `unknown` needs a `stat`. */
type EntryKind = 'file' | 'other' | 'missing' | 'unknown';

interface Overlay {
  readonly key: string;
  readonly text: string;
  sourceFile: ts.SourceFile | undefined;
  /** Whether another file's values read it (so they are stale once it changes). */
  shared: boolean;
}

interface Entry {
  readonly sourceFile: ts.SourceFile | undefined;
  readonly mtimeMs: number;
  checkedAt: number;
}

/** A folder's entries as last listed (undefined when it cannot be listed), and its modification time then. */
interface Listing {
  readonly entries: ReadonlyMap<string, EntryKind> | undefined;
  readonly mtimeMs: number;
  /** When it was listed: a listing taken within `SETTLED_MS` of the folder's last change is not trusted to be final. */
  readonly listedAt: number;
  checkedAt: number;
}

/** The module resolution settings of a tsconfig.json or jsconfig.json: `baseUrl` and `paths`. */
interface PathSettings {
  readonly baseUrl: string | undefined;
  readonly pathsBase: string;
  readonly paths: readonly { readonly prefix: string; readonly suffix: string; readonly wildcard: boolean; readonly targets: readonly string[] }[];
}

/**
 * The files of one project root, read lazily for cross-file values. The file being linted
 * registers its text here, so its editor buffer (or test code) wins over the file on disk.
 *
 * Only that one file is overlaid: other files are read from disk. An older buffer of another file
 * may be stale (closed unsaved, replaced by a checkout), and ESLint lints a suggestion's output
 * under the file's name, so keeping every buffer would let one lint change the next one's answers.
 */
export class ProjectFiles {
  readonly root: string;
  /** The linted text; its AST is let go once a file of another project is linted (see `setOverlay`). */
  private overlay: Overlay | undefined;
  private readonly disk = new Map<string, Entry>();
  private readonly resolutions = new Map<string, string | undefined>();
  private readonly unresolved = new Set<string>();
  private pathSettings: PathSettings | null | undefined;
  /**
   * Counts changes to the text of the project's files (an edited buffer, a file changed on disk),
   * so values computed from the old text can be dropped.
   */
  generation = 0;

  constructor(root: string) {
    this.root = root;
  }

  /** Registers the text being linted for `filePath`. */
  setOverlay(sourceFile: ts.SourceFile): void {
    const key = normalize(sourceFile.fileName);
    const current = this.overlay;
    if (current?.sourceFile === sourceFile) return;
    // Files are analysed one at a time: the last project's linted AST is no longer needed, and a
    // batch run over many projects would otherwise keep one whole AST alive per project.
    if (lastOverlay && lastOverlay !== current) lastOverlay.sourceFile = undefined;
    // Values computed from another text of a file are stale: from this file's previous buffer,
    // or from the previous overlay where other files' values read it instead of its disk text.
    const previousText = current?.key === key ? current.text : this.disk.get(key)?.sourceFile?.text;
    if (previousText !== undefined && previousText !== sourceFile.text) this.generation++;
    else if (current && current.key !== key && current.shared && current.text !== readText(current.key)) this.generation++;
    // A new buffer may be what an earlier failed resolution looked for.
    if (current?.key !== key && this.unresolved.size > 0) {
      for (const failed of this.unresolved) this.resolutions.delete(failed);
      this.unresolved.clear();
    }
    this.overlay = { key, text: sourceFile.text, sourceFile, shared: false };
    lastOverlay = this.overlay;
    this.noticeDiskChanges();
  }

  private sweptAt = -Infinity;

  /**
   * Drops files changed on disk since they were read, at most once a second. A cached value can
   * hold what an import of an import said (orders.ts -> http.ts -> config.ts), and answering from
   * that cache never asks for config.ts again, so a saved config.ts would otherwise go unseen.
   */
  private noticeDiskChanges(): void {
    const now = Date.now();
    if (now - this.sweptAt < STAT_INTERVAL_MS) return;
    this.sweptAt = now;
    for (const [key, entry] of this.disk) {
      if ((safeStat(key)?.mtimeMs ?? -1) === entry.mtimeMs) continue;
      this.disk.delete(key);
      this.generation++;
    }
  }

  /** The parsed source of `filePath`: the linted text if it is the file being linted, else the file on disk. */
  getSourceFile(filePath: string): ts.SourceFile | undefined {
    const key = normalize(filePath);
    const overlay = this.overlay;
    if (overlay?.key === key) {
      overlay.shared = true;
      // Let go (see `setOverlay`): a late reader gets the same text parsed again.
      overlay.sourceFile ??= parseText(key, overlay.text);
      return overlay.sourceFile;
    }
    const now = Date.now();
    const entry = this.disk.get(key);
    if (entry && now - entry.checkedAt < STAT_INTERVAL_MS) return entry.sourceFile;
    const stat = safeStat(key);
    if (entry && stat && stat.mtimeMs === entry.mtimeMs) {
      entry.checkedAt = now;
      return entry.sourceFile;
    }
    const sourceFile = stat && stat.isFile() && stat.size <= MAX_DEPENDENCY_BYTES ? parseFile(key) : undefined;
    if (entry) this.generation++;
    this.disk.set(key, { sourceFile, mtimeMs: stat?.mtimeMs ?? -1, checkedAt: now });
    return sourceFile;
  }

  /** Resolves a relative or tsconfig `paths` module specifier to a source file path in this project. */
  resolveModule(specifier: string, fromFile: string): string | undefined {
    // A package name resolves only through tsconfig `paths` or `baseUrl`: without them, nothing to remember.
    if (!specifier.startsWith('.') && !specifier.startsWith('/') && this.settings() === null) return undefined;
    // Only the importing file's folder matters, so the files of one folder share their answers.
    const folder = path.dirname(fromFile);
    const key = `${folder}\0${specifier}`;
    if (this.resolutions.has(key)) return this.resolutions.get(key);
    const resolved = this.resolveUncached(specifier, folder);
    this.resolutions.set(key, resolved);
    if (resolved === undefined) this.unresolved.add(key);
    return resolved;
  }

  private resolveUncached(specifier: string, folder: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      return this.probe(path.resolve(folder, specifier));
    }
    if (specifier.startsWith('node:')) return undefined;
    const settings = this.settings();
    if (!settings) return undefined;
    // TypeScript's rule: the pattern with the longest prefix wins; its targets are tried in order.
    let best: PathSettings['paths'][number] | undefined;
    for (const pattern of settings.paths) {
      const matches = pattern.wildcard
        ? specifier.length >= pattern.prefix.length + pattern.suffix.length && specifier.startsWith(pattern.prefix) && specifier.endsWith(pattern.suffix)
        : specifier === pattern.prefix;
      if (matches && (!best || pattern.prefix.length > best.prefix.length)) best = pattern;
    }
    if (best) {
      const star = best.wildcard ? specifier.slice(best.prefix.length, specifier.length - best.suffix.length) : '';
      for (const target of best.targets) {
        const found = this.probe(path.resolve(settings.pathsBase, target.replace('*', star)));
        if (found) return found;
      }
    }
    return settings.baseUrl ? this.probe(path.resolve(settings.baseUrl, specifier)) : undefined;
  }

  /** The first file among `base` and its completions (extensions, `index` files); `base` is absolute and normalized. */
  private probe(base: string): string | undefined {
    const now = Date.now();
    // Every candidate but the `index` files sits beside `base`, named in one folder listing.
    const folder = path.dirname(base);
    const name = path.basename(base);
    const beside = base.slice(0, base.length - name.length);
    const baseKind = this.kindIn(folder, name, now);
    if (this.isFile(base, baseKind)) return base;
    // ESM TypeScript imports name the emitted file: './client.js' is './client.ts' on disk.
    const ext = path.extname(name);
    for (const tsExt of EMITTED_FROM[ext] ?? []) {
      const candidate = name.slice(0, -ext.length) + tsExt;
      if (this.isFile(beside + candidate, this.kindIn(folder, candidate, now))) return beside + candidate;
    }
    for (const sourceExt of SOURCE_EXTENSIONS) {
      if (this.isFile(base + sourceExt, this.kindIn(folder, name + sourceExt, now))) return base + sourceExt;
    }
    // `index` files: only in a folder, so not where the listing says `base` is missing.
    const inside = base.endsWith(path.sep) ? base : base + path.sep;
    const isFolder = baseKind !== 'missing';
    for (const sourceExt of SOURCE_EXTENSIONS) {
      const candidate = `${inside}index${sourceExt}`;
      if (isFolder ? this.isFile(candidate, this.kindIn(base, `index${sourceExt}`, now)) : this.overlay?.key === candidate) return candidate;
    }
    return undefined;
  }

  /** Whether a candidate of `kind` (see `kindIn`) is a file: the linted buffer, or a file on disk. */
  private isFile(candidate: string, kind: EntryKind): boolean {
    if (this.overlay?.key === candidate) return true;
    return kind === 'file' || (kind === 'unknown' && safeStat(candidate)?.isFile() === true);
  }

  private readonly listings = new Map<string, Listing>();

  /**
   * What a folder says of one of its names. Most probes miss, and one listing per folder costs
   * less than a failed `stat` per candidate. A listing older than a second is read again only
   * when the folder's modification time has changed (a name added, removed or renamed), or when
   * it was taken so soon after that time that a coarse clock could hide a later change. A
   * symbolic link, or a name in a folder that cannot be listed, is left to `stat` to judge.
   */
  private kindIn(folder: string, name: string, now: number): EntryKind {
    let listing = this.listings.get(folder);
    if (!listing || now - listing.checkedAt >= STAT_INTERVAL_MS) {
      const mtimeMs = safeStat(folder)?.mtimeMs ?? -1;
      if (listing && listing.entries !== undefined && mtimeMs === listing.mtimeMs && listing.listedAt - mtimeMs > SETTLED_MS) {
        listing.checkedAt = now;
      } else {
        if (this.listings.size >= MAX_LISTINGS) this.listings.clear();
        listing = { entries: listFolder(folder), mtimeMs, listedAt: Date.now(), checkedAt: now };
        this.listings.set(folder, listing);
      }
    }
    if (listing.entries === undefined) return 'unknown';
    return listing.entries.get(name) ?? 'missing';
  }

  /** `baseUrl` and `paths` of the project's tsconfig.json (or jsconfig.json), `extends` followed; null without any. */
  private settings(): PathSettings | null {
    if (this.pathSettings !== undefined) return this.pathSettings;
    const tsconfig = path.join(this.root, 'tsconfig.json');
    const jsconfig = path.join(this.root, 'jsconfig.json');
    const configPath = fs.existsSync(tsconfig) ? tsconfig : fs.existsSync(jsconfig) ? jsconfig : undefined;
    this.pathSettings = configPath ? readPathSettings(configPath) : null;
    return this.pathSettings;
  }
}

/**
 * Reads only what module resolution needs from a config file. The host lists no directories, so
 * TypeScript does not expand `include` globs over the whole project.
 */
function readPathSettings(configPath: string): PathSettings | null {
  try {
    const read = readConfigFile(configPath, ts.sys.readFile);
    if (read.error || !read.config) return null;
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      readDirectory: () => [],
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
    };
    const parsed = parseJsonConfigFileContent(read.config, host, path.dirname(configPath), undefined, configPath);
    const options = parsed.options as ts.CompilerOptions & { pathsBasePath?: string };
    const baseUrl = options.baseUrl;
    const paths = Object.entries(options.paths ?? {}).map(([key, targets]) => {
      const star = key.indexOf('*');
      return {
        prefix: star < 0 ? key : key.slice(0, star),
        suffix: star < 0 ? '' : key.slice(star + 1),
        wildcard: star >= 0,
        targets,
      };
    });
    if (!baseUrl && paths.length === 0) return null;
    return { baseUrl, pathsBase: baseUrl ?? options.pathsBasePath ?? path.dirname(configPath), paths };
  } catch {
    return null;
  }
}

function listFolder(folder: string): ReadonlyMap<string, EntryKind> | undefined {
  try {
    const entries = new Map<string, EntryKind>();
    for (const dirent of fs.readdirSync(folder, { withFileTypes: true })) {
      entries.set(dirent.name, dirent.isFile() ? 'file' : dirent.isSymbolicLink() ? 'unknown' : 'other');
    }
    return entries;
  } catch {
    return undefined;
  }
}

/** The file's `stat`, or undefined when it is missing or cannot be read. */
export function safeStat(filePath: string): fs.Stats | undefined {
  try {
    // Most probes miss: answering `undefined` spares building an exception for each.
    return fs.statSync(filePath, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The text of a regular file of at most `maxBytes`; undefined when it is missing, unreadable, not a file or larger. */
export function readText(filePath: string, maxBytes = Number.POSITIVE_INFINITY): string | undefined {
  return readVersion(filePath, maxBytes).text;
}

/**
 * `readText`, with the version of what was read: its modification time and size, or `missing`.
 * A cache of what the text says compares it with `fileVersion` to tell whether the file changed.
 */
export function readVersion(filePath: string, maxBytes = Number.POSITIVE_INFINITY): { readonly text: string | undefined; readonly version: string } {
  const stat = safeStat(filePath);
  const version = versionOf(stat);
  if (!stat?.isFile() || stat.size > maxBytes) return { text: undefined, version };
  try {
    return { text: fs.readFileSync(filePath, 'utf8'), version };
  } catch {
    return { text: undefined, version };
  }
}

/**
 * A fingerprint of a text, to tell whether a file's text is the one an answer was computed from:
 * its length and two 32-bit multiplicative hashes of its UTF-16 code units (lone surrogates
 * included). Texts that differ by accident share it with a chance of about one in 2^64; nothing
 * here needs it to resist a crafted collision. Every linted text is fingerprinted, so it must cost
 * little: Node's hashes first copy the string into a new buffer and build a hash object, which
 * over a whole lint measured about twice the time of this loop.
 */
export function textDigest(text: string): string {
  let first = 0x811c9dc5;
  let second = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
    second ^= second >>> 15;
  }
  return `${text.length.toString(36)}:${(first >>> 0).toString(36)}:${(second >>> 0).toString(36)}`;
}

/** The version of a file on disk now (see `readVersion`). */
export function fileVersion(filePath: string): string {
  return versionOf(safeStat(filePath));
}

function versionOf(stat: fs.Stats | undefined): string {
  return stat ? `${stat.mtimeMs}/${stat.size}` : 'missing';
}

function parseFile(filePath: string): ts.SourceFile | undefined {
  const text = readText(filePath);
  return text === undefined ? undefined : parseText(filePath, text);
}

function parseText(filePath: string, text: string): ts.SourceFile | undefined {
  try {
    return createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindOf(filePath));
  } catch {
    // TypeScript's parser recurses: a dependency nested thousands of levels deep overflows the
    // stack. It is then as unreadable as a missing file, and its values are unknown.
    return undefined;
  }
}

/** The TypeScript script kind for a file name. */
export function scriptKindOf(filePath: string): ts.ScriptKind {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  if (ext === '.json') return ts.ScriptKind.JSON;
  return ts.ScriptKind.TS;
}

const normalized = new Map<string, string>();

/**
 * `path.resolve`, remembered for absolute paths (a relative one depends on the working
 * directory): the same few hundred module paths are asked for again and again.
 */
function normalize(filePath: string): string {
  if (!path.isAbsolute(filePath)) return path.resolve(filePath);
  let key = normalized.get(filePath);
  if (key === undefined) {
    key = path.resolve(filePath);
    if (normalized.size >= 50_000) normalized.clear();
    normalized.set(filePath, key);
  }
  return key;
}

const projects = new Map<string, ProjectFiles>();
/** The overlay set last, in any project. */
let lastOverlay: Overlay | undefined;
const rootCache = new Map<string, string>();

/** The project root of a file: the nearest folder with a package.json or tsconfig.json. */
export function projectRootOf(filePath: string): string {
  const start = path.dirname(path.resolve(filePath));
  const cached = rootCache.get(start);
  if (cached) return cached;
  // Every folder passed on the way up shares the root found, so sibling folders stop at the first one known.
  const passed: string[] = [];
  let root: string;
  for (let dir = start; ; ) {
    const known = rootCache.get(dir);
    if (known && known !== dir) {
      root = known;
      break;
    }
    if (fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, 'tsconfig.json'))) {
      root = dir;
      break;
    }
    passed.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) {
      // No root above: each folder is its own.
      rootCache.set(start, start);
      return start;
    }
    dir = parent;
  }
  for (const dir of passed) rootCache.set(dir, root);
  rootCache.set(root, root);
  return root;
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
