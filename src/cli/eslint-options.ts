import type { ESLint, Linter, Rule } from 'eslint';
import plugin, { SOURCE_FILES } from '../index.js';
import type { Concurrency } from './args.js';
import * as lightParser from './light-parser.js';

/** Everything the ESLint options depend on; plain JSON, so it can travel to worker threads. */
export interface EngineSpec {
  readonly cwd: string;
  /** The project's own ESLint config file, absolute; without it, the built-in config is used. */
  readonly configFile?: string;
  /** Flat-config patterns from the `.gitignore` files, relative to `cwd`. */
  readonly ignorePatterns: readonly string[];
  readonly concurrency?: Concurrency;
}

/** Never linted, whatever the config or `.gitignore` says. */
export const ALWAYS_IGNORED = ['**/node_modules/'];

/** Build output and tool caches the built-in config skips, as ESLint users usually do by hand. */
export const BUILT_IN_IGNORES = [
  ...ALWAYS_IGNORED,
  '**/dist/',
  '**/build/',
  '**/coverage/',
  '**/.next/',
  '**/.nuxt/',
  '**/.output/',
  '**/.svelte-kit/',
  '**/.vercel/',
  '**/.turbo/',
];

/**
 * The ESLint options tango-lint runs with. `onFile`, when given, is called as each file is
 * linted in this thread (for the progress line); it never changes what is reported.
 */
export function eslintOptions(spec: EngineSpec, onFile?: () => void): ESLint.Options {
  const common: ESLint.Options = {
    cwd: spec.cwd,
    errorOnUnmatchedPattern: false,
    // ESLint's warning for an ignored file named on the command line suggests flags tango-lint
    // does not have; such files are skipped like any other ignored file.
    warnIgnored: false,
    ignorePatterns: [...spec.ignorePatterns],
    ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
  };
  const counter = onFile ? [fileCounter(onFile)] : [];
  if (spec.configFile) {
    // Added after the gitignore patterns, so a `!node_modules` there cannot bring it back.
    return { ...common, overrideConfigFile: spec.configFile, overrideConfig: [{ name: 'tango-lint/ignores', ignores: ALWAYS_IGNORED }, ...counter] };
  }
  return { ...common, overrideConfigFile: true, overrideConfig: [...builtInConfig(), ...counter] };
}

/**
 * A rule that reports nothing and counts the files it is created for: ESLint creates each rule
 * once per linted file. Having no `files`, the entry applies only to files other entries match.
 */
function fileCounter(onFile: () => void): Linter.Config {
  const rule: Rule.RuleModule = {
    meta: { type: 'suggestion', schema: [], docs: { description: 'Counts linted files for the progress line.' } },
    create() {
      onFile();
      return {};
    },
  };
  return { name: 'tango-lint/progress', plugins: { 'tango-lint': { rules: { progress: rule } } }, rules: { 'tango-lint/progress': 'warn' } };
}

/**
 * tango-lint's own configuration: the recommended rules with the light parser, which parses
 * once for the analyzer and skips ESTree. `lightParser: false` gives the same configuration as
 * an editor's ESLint with the TypeScript parser; both must report the same findings.
 */
export function builtInConfig({ light = true }: { light?: boolean } = {}): Linter.Config[] {
  return [
    { name: 'tango-lint/ignores', ignores: BUILT_IN_IGNORES },
    plugin.configs.recommended,
    ...(light ? [{ name: 'tango-lint/light-parser', files: SOURCE_FILES, languageOptions: { parser: lightParser } }] : []),
    // The built-in config enables only tango rules, so directives naming the project's other
    // rules would all be reported as unused.
    { name: 'tango-lint/linter-options', linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ];
}

/**
 * The URL of this module carrying `spec`. ESLint's worker threads cannot receive the plugin
 * object, so with `--concurrency` they import this URL and rebuild the same options.
 */
export function optionsModuleUrl(spec: EngineSpec): URL {
  const url = new URL(import.meta.url);
  url.search = new URLSearchParams({ spec: JSON.stringify(spec) }).toString();
  return url;
}

const encoded = new URL(import.meta.url).searchParams.get('spec');

export default encoded === null ? undefined : eslintOptions(JSON.parse(encoded) as EngineSpec);
