import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { GraphFile, ImportGraph } from './import-graph.js';
import { importGraphOf, toRelative } from './import-graph.js';
import { textDigest } from './project.js';
import { findDeclaration } from './scope.js';
import type { TangoSettings } from './settings.js';
import { isTestFile } from './test-files.js';
import { skipOuter } from './values.js';
import { Kind, forEachChild, isBindingElement, isCallExpression, isElementAccessExpression, isExportSpecifier, isExpressionStatement, isIdentifier, isImportDeclaration, isImportSpecifier, isMetaProperty, isObjectBindingPattern, isPropertyAccessExpression, isQualifiedName, isShorthandPropertyAssignment, isSourceFile, isStringLiteral, isStringLiteralLike, isTypeNode, isVariableDeclaration } from './syntax.js';

/** A framework convention that puts a module in the browser bundle. */
export type BrowserConvention =
  /** `*.client.ts`: Nuxt and other frameworks ship it to the browser only. */
  | 'client-suffix'
  /** `.vue` / `.svelte` components (they only matter as importers). */
  | 'component-file'
  /** Next.js pages router: `pages/**` except API routes and `_document`. */
  | 'next-page'
  /** Vite SPA (`vite` and an `index.html`): `src/components/**`, `src/main.*`, `src/App.*`. */
  | 'vite-app'
  /** Create React App: `src/components/**`, `src/index.*`, `src/App.*`. */
  | 'cra-app'
  /** Nuxt: `store/**`, `stores/**`, `components/**`, `composables/**`, `pages/**`, `layouts/**`, `plugins/**`, `middleware/**`. */
  | 'nuxt-app';

/** A framework convention that keeps a module on the server. */
export type ServerConvention =
  | 'server-suffix'
  | 'build-config'
  | 'next-api-route'
  | 'next-route-handler'
  | 'next-middleware'
  | 'next-document'
  | 'server-directory';

/** Why a module is taken to run in a browser. */
export type BrowserReason =
  | { readonly kind: 'use-client' }
  | { readonly kind: 'client-only' }
  | { readonly kind: 'browser-files'; readonly glob: string }
  | { readonly kind: 'convention'; readonly convention: BrowserConvention }
  /** Imported (directly or through `via`) by `importer`, a module that runs in the browser for `importerReason`. */
  | { readonly kind: 'imported'; readonly importer: string; readonly importerReason: BrowserReason; readonly via: readonly string[] }
  | { readonly kind: 'browser-global'; readonly name: string; readonly range: readonly [number, number] }
  | { readonly kind: 'public-env'; readonly name: string; readonly range: readonly [number, number] };

/** Why a module is taken not to run in a browser. */
export type ServerReason =
  | { readonly kind: 'test-file' }
  | { readonly kind: 'server-files'; readonly glob: string }
  | { readonly kind: 'use-server' }
  | { readonly kind: 'server-only' }
  | { readonly kind: 'convention'; readonly convention: ServerConvention }
  /** Next.js app router: under `app/`, no `'use client'`, not imported by a client module. */
  | { readonly kind: 'server-component' }
  /** Every module importing it (transitively) is server code. */
  | { readonly kind: 'server-importers'; readonly importers: readonly string[] }
  | { readonly kind: 'no-evidence' };

/** Whether a module runs in a browser, and why. */
export type ModuleRuntime =
  | { readonly browser: true; readonly reason: BrowserReason }
  | { readonly browser: false; readonly reason: ServerReason };

/** A public environment variable read: `process.env.NEXT_PUBLIC_X`, `import.meta.env.VITE_X`, or destructured. */
export interface PublicEnvRead {
  readonly name: string;
  /** `NEXT_PUBLIC_`, `NUXT_PUBLIC_`, `REACT_APP_`, `VITE_` or `PUBLIC_`. */
  readonly prefix: string;
  readonly range: readonly [number, number];
}

interface Frameworks {
  readonly next: boolean;
  readonly nuxt: boolean;
  readonly viteApp: boolean;
  readonly cra: boolean;
}

/** Settings and framework facts of one project root, as the classification needs them. */
interface Context {
  readonly root: string;
  readonly frameworks: Frameworks;
  readonly settings: TangoSettings;
  readonly serverFiles: Matcher;
  readonly browserFiles: Matcher;
}

type Matcher = (relative: string) => string | undefined;

/** What a module says about itself: its directive, its `server-only`/`client-only` import, its path. */
interface OwnFacts {
  readonly file: string;
  readonly relative: string;
  readonly directive: 'use client' | 'use server' | undefined;
  readonly specifiers: readonly string[];
}

/** What a module's own facts decide: server, a browser root, a browser module that is no root, or nothing. */
type OwnVerdict =
  | { readonly side: 'server'; readonly reason: ServerReason }
  | { readonly side: 'browser'; readonly reason: BrowserReason; readonly propagates: boolean }
  | undefined;

const EXT = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const SERVER_CONVENTIONS: readonly (readonly [ServerConvention, readonly string[], keyof Frameworks | undefined])[] = [
  ['server-suffix', [`**/*.server.${EXT}`], undefined],
  ['build-config', [`*.config.${EXT}`], undefined],
  ['next-api-route', ['{src/,}pages/api/**'], undefined],
  ['next-route-handler', [`{src/,}app/**/route.${EXT}`], undefined],
  ['next-middleware', [`{src/,}{middleware,instrumentation}.${EXT}`], undefined],
  ['next-document', [`{src/,}pages/_document.${EXT}`], 'next'],
  ['server-directory', ['{src/,}server/**'], undefined],
];
const BROWSER_CONVENTIONS: readonly (readonly [BrowserConvention, readonly string[], keyof Frameworks | undefined])[] = [
  ['client-suffix', [`**/*.client.${EXT}`], undefined],
  ['component-file', ['**/*.{vue,svelte}'], undefined],
  ['next-page', ['{src/,}pages/**'], 'next'],
  ['vite-app', ['src/components/**', `src/{main,App}.${EXT}`], 'viteApp'],
  ['cra-app', ['src/components/**', `src/{index,App}.${EXT}`], 'cra'],
  ['nuxt-app', ['{app/,}{store,stores,components,composables,pages,layouts,plugins,middleware}/**'], 'nuxt'],
];
const NEXT_APP_DIRECTORY = picomatch('{src/,}app/**', { dot: true });
const serverConventionMatchers = SERVER_CONVENTIONS.map(([id, globs, framework]) => [id, picomatch([...globs], { dot: true }), framework] as const);
const browserConventionMatchers = BROWSER_CONVENTIONS.map(([id, globs, framework]) => [id, picomatch([...globs], { dot: true }), framework] as const);

/** How many modules an importer search visits before it gives up (answers "not imported"). */
const MAX_VISITED = 5_000;

/**
 * Whether the analysed module runs in a browser, and why. Decided in this order, the first
 * answer winning:
 * 1. test files (`settings.tango.testFiles`) are not browser code;
 * 2. server evidence of the module itself: `settings.tango.serverFiles`, `'use server'`,
 *    `import 'server-only'`, and server conventions (`*.server.*`, root `*.config.*`,
 *    `pages/api/**`, `app/**\/route.*`, `middleware.*`, `_document`, `server/**`);
 * 3. browser evidence of the module itself: `'use client'`, `import 'client-only'`,
 *    `settings.tango.browserFiles`, framework conventions (`*.client.*`, Next.js pages, Vite and
 *    CRA `src/components/**` and entries, Nuxt client folders);
 * 4. being imported, directly or through other modules, by a module of 3 (other than a Next.js
 *    page, whose server-only imports Next.js strips); the search stops at modules of 2;
 * 5. in a Next.js project, a module under `app/` is a server component;
 * 6. a module whose importers all lead to server code is server code;
 * 7. weaker signs of the module itself: an unguarded browser global (`window`, `document`,
 *    `localStorage`, `sessionStorage`, `navigator` except what Node also has), or a public env
 *    variable (`NEXT_PUBLIC_`, `NUXT_PUBLIC_`, `REACT_APP_`, and `VITE_`/`PUBLIC_` through
 *    `import.meta.env`). A module that tests `typeof window` is isomorphic: its globals count for nothing.
 *
 * Steps 4 and 6 read the project's import graph, built once per project root; the answer is
 * cached per file and recomputed when the file's text, the settings or the graph change.
 */
export function browserContext(analysis: FileAnalysis): ModuleRuntime {
  return analysis.memo('browser:context', () => cachedRuntime(analysis));
}

interface CachedRuntime {
  readonly hash: string;
  /** The settings and the detected frameworks the answer was computed with. */
  readonly settingsKey: string;
  /** The graph version the answer was computed with, or -1 when it did not need the graph. */
  readonly graphVersion: number;
  readonly runtime: ModuleRuntime;
}

const runtimes = new Map<string, CachedRuntime>();

function cachedRuntime(analysis: FileAnalysis): ModuleRuntime {
  const key = `${analysis.project.root}\0${analysis.filePath}`;
  const hash = textDigest(analysis.sourceFile.text);
  // Framework detection reads package.json: a dependency added or removed changes the conventions.
  const settingsKey = `${settingsKeyOf(analysis.settings)}\0${JSON.stringify(frameworksOf(analysis.project.root))}`;
  const cached = runtimes.get(key);
  if (cached && cached.hash === hash && cached.settingsKey === settingsKey) {
    if (cached.graphVersion < 0) return cached.runtime;
    const graph = importGraphOf(analysis.project);
    if (graph && graph.revision() === cached.graphVersion) return cached.runtime;
  }
  const used = { graph: undefined as ImportGraph | undefined };
  const runtime = decide(analysis, used);
  runtimes.set(key, { hash, settingsKey, graphVersion: used.graph ? used.graph.revision() : -1, runtime });
  return runtime;
}

function decide(analysis: FileAnalysis, used: { graph: ImportGraph | undefined }): ModuleRuntime {
  const context = contextOf(analysis.project.root, analysis.settings);
  const own = ownVerdict(ownFactsOfSource(analysis.sourceFile, context.root), context);
  if (own?.side === 'server') return { browser: false, reason: own.reason };
  if (own?.side === 'browser') return { browser: true, reason: own.reason };
  const file = path.resolve(analysis.filePath);
  const graph = importGraphOf(analysis.project);
  used.graph = graph;
  const imported = graph && browserImporter(graph, context, file);
  if (imported) return { browser: true, reason: imported };
  const relative = toRelative(context.root, file);
  if (context.frameworks.next && NEXT_APP_DIRECTORY(relative)) return { browser: false, reason: { kind: 'server-component' } };
  const importers = graph && serverImporters(graph, context, file);
  if (importers) return { browser: false, reason: { kind: 'server-importers', importers } };
  const global = browserGlobalUse(analysis.sourceFile);
  if (global) return { browser: true, reason: { kind: 'browser-global', name: global.name, range: global.range } };
  const env = publicEnvReads(analysis)[0];
  if (env) return { browser: true, reason: { kind: 'public-env', name: env.name, range: env.range } };
  return { browser: false, reason: { kind: 'no-evidence' } };
}

/** The own facts of the linted file, from its AST (its text may differ from the file on disk). */
function ownFactsOfSource(sourceFile: ts.SourceFile, root: string): OwnFacts {
  let directive: OwnFacts['directive'];
  for (const statement of sourceFile.statements) {
    if (!isExpressionStatement(statement) || !isStringLiteral(statement.expression)) break;
    const text = statement.expression.text;
    if (text === 'use client' || text === 'use server') {
      directive = text;
      break;
    }
  }
  const specifiers: string[] = [];
  for (const statement of sourceFile.statements) {
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    else if (isExpressionStatement(statement) && isCallExpression(statement.expression)) {
      const call = statement.expression;
      const arg = call.arguments[0];
      if (isIdentifier(call.expression) && call.expression.text === 'require' && arg && isStringLiteral(arg)) specifiers.push(arg.text);
    }
  }
  const file = path.resolve(sourceFile.fileName);
  return { file, relative: toRelative(root, file), directive, specifiers };
}

function ownFactsOfGraphFile(file: GraphFile): OwnFacts {
  return { file: file.file, relative: file.relative, directive: file.scan.directive, specifiers: file.scan.specifiers };
}

function ownVerdict(own: OwnFacts, context: Context): OwnVerdict {
  const { relative } = own;
  const { frameworks } = context;
  if (isTestFile(own.file, context.root, context.settings)) return { side: 'server', reason: { kind: 'test-file' } };
  const serverGlob = context.serverFiles(relative);
  if (serverGlob) return { side: 'server', reason: { kind: 'server-files', glob: serverGlob } };
  if (own.directive === 'use server') return { side: 'server', reason: { kind: 'use-server' } };
  if (own.specifiers.includes('server-only')) return { side: 'server', reason: { kind: 'server-only' } };
  for (const [convention, matches, framework] of serverConventionMatchers) {
    if ((!framework || frameworks[framework]) && matches(relative)) return { side: 'server', reason: { kind: 'convention', convention } };
  }
  if (own.directive === 'use client') return { side: 'browser', reason: { kind: 'use-client' }, propagates: true };
  if (own.specifiers.includes('client-only')) return { side: 'browser', reason: { kind: 'client-only' }, propagates: true };
  const browserGlob = context.browserFiles(relative);
  if (browserGlob) return { side: 'browser', reason: { kind: 'browser-files', glob: browserGlob }, propagates: true };
  for (const [convention, matches, framework] of browserConventionMatchers) {
    if ((!framework || frameworks[framework]) && matches(relative)) {
      // Next.js strips a page's getServerSideProps and what only it imports from the browser bundle.
      return { side: 'browser', reason: { kind: 'convention', convention }, propagates: convention !== 'next-page' };
    }
  }
  return undefined;
}

/**
 * The nearest module that runs in the browser and imports `file` (directly or through other
 * modules), found by walking importers upwards breadth-first. Server modules end a path: what
 * they import is not bundled for the browser through them.
 */
function browserImporter(graph: ImportGraph, context: Context, file: string): BrowserReason | undefined {
  const towards = new Map<string, string>();
  const queue = [file];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length && seen.size < MAX_VISITED; i++) {
    const current = queue[i] as string;
    for (const importer of graph.importersOf(current)) {
      if (seen.has(importer)) continue;
      seen.add(importer);
      towards.set(importer, current);
      const entry = graph.fileAt(importer);
      const verdict = entry && ownVerdict(ownFactsOfGraphFile(entry), context);
      if (verdict?.side === 'server') continue;
      if (verdict?.side === 'browser' && verdict.propagates) {
        const via: string[] = [];
        for (let step = towards.get(importer); step && step !== file; step = towards.get(step)) via.push(toRelative(context.root, step));
        return { kind: 'imported', importer: toRelative(context.root, importer), importerReason: verdict.reason, via };
      }
      queue.push(importer);
    }
  }
  return undefined;
}

/**
 * The direct importers of `file` when every path of importers upwards ends in server code
 * (server modules, Next.js server components); undefined when it has none, or when some path
 * ends in a module nothing imports (an entry point of unknown side) or in browser code.
 */
function serverImporters(graph: ImportGraph, context: Context, file: string): readonly string[] | undefined {
  const direct = graph.importersOf(file);
  if (direct.length === 0) return undefined;
  const queue = [file];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    if (seen.size >= MAX_VISITED) return undefined;
    const current = queue[i] as string;
    const importers = graph.importersOf(current);
    if (importers.length === 0 && current !== file) return undefined;
    for (const importer of importers) {
      if (seen.has(importer)) continue;
      seen.add(importer);
      const entry = graph.fileAt(importer);
      if (!entry) return undefined;
      const verdict = ownVerdict(ownFactsOfGraphFile(entry), context);
      if (verdict?.side === 'server') continue;
      if (verdict?.side === 'browser') return undefined;
      if (context.frameworks.next && NEXT_APP_DIRECTORY(entry.relative)) continue;
      queue.push(importer);
    }
  }
  return direct.map((importer) => toRelative(context.root, importer));
}

const contexts = new Map<string, { readonly key: string; readonly context: Context }>();

function contextOf(root: string, settings: TangoSettings): Context {
  const frameworks = frameworksOf(root);
  const key = `${settingsKeyOf(settings)}\0${JSON.stringify(frameworks)}`;
  const cached = contexts.get(root);
  if (cached?.key === key) return cached.context;
  const context: Context = {
    root,
    frameworks,
    settings,
    serverFiles: matcher(settings.serverFiles),
    browserFiles: matcher(settings.browserFiles),
  };
  contexts.set(root, { key, context });
  return context;
}

/** A matcher answering which glob of a list matches a root-relative path. */
function matcher(globs: readonly string[]): Matcher {
  const compiled = globs.map((glob) => [glob, picomatch(glob, { dot: true })] as const);
  return (relative) => compiled.find(([, matches]) => matches(relative))?.[0];
}

function settingsKeyOf(settings: TangoSettings): string {
  return JSON.stringify([settings.testFiles, settings.serverFiles, settings.browserFiles]);
}

const manifests = new Map<string, { readonly mtimeMs: number; readonly frameworks: Frameworks }>();
const NO_FRAMEWORKS: Frameworks = { next: false, nuxt: false, viteApp: false, cra: false };

/** The frameworks a project's package.json depends on (a Vite app also needs its index.html). */
function frameworksOf(root: string): Frameworks {
  const manifest = path.join(root, 'package.json');
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(manifest).mtimeMs;
  } catch {
    return NO_FRAMEWORKS;
  }
  const cached = manifests.get(root);
  if (cached?.mtimeMs === mtimeMs) return cached.frameworks;
  let dependencies: Record<string, unknown> = {};
  try {
    const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { dependencies?: object; devDependencies?: object };
    dependencies = { ...json.dependencies, ...json.devDependencies };
  } catch {
    // An unreadable manifest names no framework.
  }
  const has = (name: string): boolean => Object.hasOwn(dependencies, name);
  const nuxt = has('nuxt') || has('nuxt3');
  const frameworks: Frameworks = {
    next: has('next'),
    nuxt,
    viteApp: has('vite') && !nuxt && fs.existsSync(path.join(root, 'index.html')),
    cra: has('react-scripts'),
  };
  manifests.set(root, { mtimeMs, frameworks });
  return frameworks;
}

const BROWSER_GLOBALS = /\b(?:window|document|localStorage|sessionStorage|navigator)\b/g;
const BROWSER_GLOBAL_GUARD = /\btypeof\s+(?:window|document|localStorage|sessionStorage|navigator)\b/;
/** `navigator` members Node also has (Node 21+): reading them says nothing about the browser. */
const NODE_NAVIGATOR_MEMBERS = new Set(['hardwareConcurrency', 'language', 'languages', 'platform', 'userAgent', 'locks']);
const MAX_TEXT_MATCHES = 200;

/** The first unguarded use of a browser global as a free identifier, if any. */
function browserGlobalUse(sourceFile: ts.SourceFile): { name: string; range: readonly [number, number] } | undefined {
  const text = sourceFile.text;
  if (BROWSER_GLOBAL_GUARD.test(text)) return undefined;
  let checked = 0;
  for (const match of text.matchAll(BROWSER_GLOBALS)) {
    if (++checked > MAX_TEXT_MATCHES) break;
    const node = nodeAt(sourceFile, match.index);
    if (!isIdentifier(node) || node.getStart(sourceFile) !== match.index || !isFreeReference(node)) continue;
    const parent = node.parent;
    if (node.text === 'navigator' && isPropertyAccessExpression(parent) && NODE_NAVIGATOR_MEMBERS.has(parent.name.text)) continue;
    return { name: node.text, range: [match.index, node.end] };
  }
  return undefined;
}

/** True when an identifier reads a global: not a property name, a declaration, a type, or a shadowing local. */
function isFreeReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (isQualifiedName(parent) && parent.right === identifier) return false;
  if (!isShorthandPropertyAssignment(parent) && (parent as { name?: ts.Node }).name === identifier) return false;
  if ((isBindingElement(parent) || isImportSpecifier(parent) || isExportSpecifier(parent)) && parent.propertyName === identifier) {
    return false;
  }
  for (let node: ts.Node | undefined = parent; node && !isSourceFile(node); node = node.parent) {
    if (isTypeNode(node)) return false;
  }
  return findDeclaration(identifier) === undefined;
}

/** The deepest node whose span (with leading trivia) contains `position`. Iterative. */
export function nodeAt(sourceFile: ts.SourceFile, position: number): ts.Node {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = forEachChild(node, (c) => (c.pos <= position && position < c.end ? c : undefined));
    if (!child) return node;
    node = child;
  }
}

const PUBLIC_ENV_NAME = /\b(?:NEXT_PUBLIC|NUXT_PUBLIC|REACT_APP|VITE|PUBLIC)_\w*/g;
/** Prefixes that only mean "public" when read through `import.meta.env` (`process.env.VITE_X` is Node config). */
const IMPORT_META_ONLY = new Set(['VITE_', 'PUBLIC_']);

/**
 * The public environment variables a file reads: `process.env.NEXT_PUBLIC_X`,
 * `import.meta.env.VITE_X`, `process.env['REACT_APP_X']`, `const { VITE_X } = import.meta.env`.
 */
export function publicEnvReads(analysis: FileAnalysis): readonly PublicEnvRead[] {
  return analysis.memo('browser:public-env', () => {
    const sourceFile = analysis.sourceFile;
    const reads: PublicEnvRead[] = [];
    let checked = 0;
    for (const match of sourceFile.text.matchAll(PUBLIC_ENV_NAME)) {
      if (++checked > MAX_TEXT_MATCHES) break;
      const read = envReadAt(sourceFile, match.index, match[0]);
      if (read) reads.push(read);
    }
    return reads;
  });
}

function envReadAt(sourceFile: ts.SourceFile, index: number, name: string): PublicEnvRead | undefined {
  const node = nodeAt(sourceFile, index);
  const start = node.getStart(sourceFile);
  let access: ts.Node | undefined;
  let object: ts.Expression | undefined;
  const parent = node.parent;
  if (isIdentifier(node) && start === index && isPropertyAccessExpression(parent) && parent.name === node) {
    access = parent;
    object = parent.expression;
  } else if (isStringLiteralLike(node) && start + 1 === index && node.text === name && isElementAccessExpression(parent)) {
    access = parent;
    object = parent.expression;
  } else if (isIdentifier(node) && start === index && isBindingElement(parent) && isObjectBindingPattern(parent.parent)) {
    const declaration = parent.parent.parent;
    if (isVariableDeclaration(declaration) && declaration.initializer) {
      access = parent;
      object = declaration.initializer;
    }
  }
  if (!access || !object) return undefined;
  const source = envObjectSource(object);
  const prefix = /^(?:NEXT_PUBLIC|NUXT_PUBLIC|REACT_APP|VITE|PUBLIC)_/.exec(name)?.[0];
  if (!source || !prefix || (IMPORT_META_ONLY.has(prefix) && source !== 'import-meta')) return undefined;
  return { name, prefix, range: [access.getStart(sourceFile), access.end] };
}

/** `process.env` / `globalThis.process.env` gives 'process'; `import.meta.env` gives 'import-meta'. */
function envObjectSource(expression: ts.Expression): 'process' | 'import-meta' | undefined {
  const env = skipOuter(expression);
  if (!isPropertyAccessExpression(env) || env.name.text !== 'env') return undefined;
  const base = skipOuter(env.expression);
  if (isIdentifier(base) && base.text === 'process') return 'process';
  if (isPropertyAccessExpression(base) && base.name.text === 'process' && isIdentifier(base.expression) && base.expression.text === 'globalThis') {
    return 'process';
  }
  if (isMetaProperty(base) && base.keywordToken === Kind.ImportKeyword) return 'import-meta';
  return undefined;
}

const CONVENTION_TEXT: Record<BrowserConvention, string> = {
  'client-suffix': '`.client` modules are bundled for the browser',
  'component-file': 'Vue and Svelte components are bundled for the browser',
  'next-page': 'Next.js bundles pages-router pages for the browser',
  'vite-app': "Vite bundles src/components and the app's entry files for the browser",
  'cra-app': "Create React App bundles src/components and the app's entry files for the browser",
  'nuxt-app': 'Nuxt bundles this folder for the browser',
};

/**
 * Why a module runs in the browser, as a clause for messages: "this module starts with 'use
 * client'". `subject` names the module (`it` when the clause follows the module's name).
 */
export function describeBrowserReason(reason: BrowserReason, subject = 'this module'): string {
  switch (reason.kind) {
    case 'use-client':
      return `${subject} starts with 'use client'`;
    case 'client-only':
      return `${subject} imports 'client-only'`;
    case 'browser-files':
      return `${subject} matches settings.tango.browserFiles "${reason.glob}"`;
    case 'convention':
      return CONVENTION_TEXT[reason.convention];
    case 'imported': {
      const via = reason.via.length > 0 ? ` (through ${reason.via.join(', ')})` : '';
      return `${subject} is imported by ${reason.importer}${via}, which runs there (${describeBrowserReason(reason.importerReason, 'it')})`;
    }
    case 'browser-global':
      return `${subject} uses the browser global \`${reason.name}\``;
    case 'public-env':
      return `${subject} reads the public environment variable ${reason.name}`;
  }
}
