import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import type { CliOptions, Shard } from './args.js';
import { acceptedBy, applyBaseline, baselineOf, baselineSize, readBaseline, writeBaseline } from './baseline.js';
import { checkConfig, lintFailure } from './config-errors.js';
import { CliError, firstLine, unreadableFile, UsageError } from './errors.js';
import type { EngineSpec } from './eslint-options.js';
import { eslintOptions, optionsModuleUrl } from './eslint-options.js';
import { formatReport } from './format.js';
import { gitignorePatterns } from './gitignore.js';
import { Progress } from './progress.js';
import type { LintReport } from './report.js';
import { byFilePath, fingerprints, textSource, withoutSource } from './report.js';
import { inShard, lintableFiles } from './shard.js';
import { stagedFiles } from './staged.js';

/** Where tango-lint reads and writes; the process's own in `bin.ts`. */
export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether standard error is a terminal (for the progress line); false when not given. */
  readonly isTTY?: boolean;
  /** The environment (`CI` turns the progress line off); empty when not given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Lints as the options say and returns the exit code; usage and config problems throw a CliError. */
export async function lint(options: CliOptions, io: Io): Promise<number> {
  const progress = new Progress({ write: io.stderr, isTTY: io.isTTY ?? false, env: io.env ?? {} });
  try {
    return await lintWith(options, io, progress);
  } finally {
    progress.stop();
  }
}

async function lintWith(options: CliOptions, io: Io, progress: Progress): Promise<number> {
  const { cwd } = io;
  // With --staged, paths are git pathspecs and may name files deleted from the work tree.
  if (!options.staged) {
    for (const given of options.paths) {
      const resolved = path.resolve(cwd, given);
      if (!fs.existsSync(resolved)) throw new UsageError(`${JSON.stringify(given)} does not exist.`);
      // ESLint lints only under its working directory: elsewhere every file would be ignored.
      const relative = path.relative(cwd, resolved);
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        throw new UsageError(`${JSON.stringify(given)} is outside the current directory; run tango-lint from a directory that contains it.`);
      }
    }
  }
  const configFile = options.config === undefined ? undefined : existingConfig(cwd, options.config);
  const spec: EngineSpec = {
    cwd,
    ignorePatterns: gitignorePatterns(cwd),
    ...(configFile ? { configFile } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
  // Read before linting, so a missing or broken baseline fails fast.
  const accepted = options.baseline === undefined ? undefined : readBaseline(path.resolve(cwd, options.baseline), options.baseline);
  const eslint = await createESLint(spec, progress.enabled ? () => progress.fileDone() : undefined);
  if (configFile) await checkConfig(eslint, cwd, configFile);

  // The texts linted when they are not the files on disk (staged content).
  const texts = new Map<string, string>();
  const { shard } = options;
  let linted: ESLint.LintResult[];
  try {
    if (options.staged) linted = await lintStaged(eslint, cwd, options.paths, texts, shard ? (file) => inShard(cwd, file, shard) : () => true);
    else if (shard) linted = await lintShard(eslint, cwd, options.paths, shard);
    else linted = await eslint.lintFiles(options.paths.length > 0 ? [...options.paths] : ['.']);
  } catch (error) {
    throw unreadableFile(error, cwd) ?? lintFailure(error, configFile);
  }
  progress.stop();
  if (linted.length === 0) io.stderr(`tango-lint: nothing to lint: ${nothingToLint(options)}\n`);

  const textOf = textSource(texts);
  const sorted = byFilePath(withoutSource(linted));
  const fingerprintOf = fingerprints(cwd, sorted, textOf);
  const fingerprint = (message: Linter.LintMessage): string => fingerprintOf.get(message) ?? '';
  const results = baselined(options, io, sorted, fingerprint, accepted);

  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const { maxWarnings } = options;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  const report: LintReport = {
    cwd,
    results,
    rulesMeta: eslint.getRulesMetaForResults(results),
    textOf,
    fingerprintOf: fingerprint,
  };
  const meta = tooManyWarnings ? { maxWarningsExceeded: { maxWarnings, foundWarnings: warnings } } : {};
  const output = await formatReport(options.format, report, eslint, meta);
  if (options.outputFile) writeReport(path.resolve(cwd, options.outputFile), output);
  else if (output) io.stdout(`${output}\n`);
  if (tooManyWarnings) io.stderr(`tango-lint: too many warnings: ${warnings} found, --max-warnings allows ${maxWarnings}.\n`);
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

/** Lints the files of one shard: the same files a full run would lint, split by `inShard`. */
async function lintShard(eslint: ESLint, cwd: string, paths: readonly string[], shard: Shard): Promise<ESLint.LintResult[]> {
  const files = (await lintableFiles(eslint, cwd, paths)).filter((file) => inShard(cwd, file, shard));
  return files.length > 0 ? eslint.lintFiles(files) : [];
}

/** The results without the findings a baseline accepts; `--write-baseline` first records them all. */
function baselined(options: CliOptions, io: Io, results: ESLint.LintResult[], fingerprint: (message: Linter.LintMessage) => string, accepted: Map<string, number> | undefined): ESLint.LintResult[] {
  if (options.writeBaseline !== undefined) {
    const baseline = baselineOf(io.cwd, results, fingerprint);
    writeBaseline(path.resolve(io.cwd, options.writeBaseline), baseline);
    const files = Object.keys(baseline.findings).length;
    io.stderr(`tango-lint: the baseline ${options.writeBaseline} now accepts ${plural(baselineSize(baseline), 'finding')} in ${plural(files, 'file')}.\n`);
    return applyBaseline(results, acceptedBy(baseline), fingerprint, `Accepted in ${options.writeBaseline}.`);
  }
  return accepted ? applyBaseline(results, accepted, fingerprint, `Accepted in ${options.baseline}.`) : results;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function createESLint(spec: EngineSpec, onFile: (() => void) | undefined): Promise<ESLint> {
  if (spec.concurrency === undefined || spec.concurrency === 'off') return new ESLint(eslintOptions(spec, onFile));
  // ESLint before 9.34 has neither worker threads nor options modules.
  if (typeof ESLint.fromOptionsModule !== 'function') throw new CliError(`--concurrency needs ESLint 9.34 or later; this is ESLint ${ESLint.version}.`);
  return ESLint.fromOptionsModule(optionsModuleUrl(spec));
}

/** Lints what is staged, reporting it under the files' real paths, as the editor would. */
async function lintStaged(eslint: ESLint, cwd: string, pathspecs: readonly string[], texts: Map<string, string>, keep: (filePath: string) => boolean): Promise<ESLint.LintResult[]> {
  const results: ESLint.LintResult[] = [];
  for (const file of await stagedFiles(cwd, pathspecs, async (filePath) => keep(filePath) && !(await eslint.isPathIgnored(filePath)))) {
    texts.set(file.filePath, file.text);
    results.push(...(await eslint.lintText(file.text, { filePath: file.filePath, warnIgnored: false })));
  }
  return results;
}

function nothingToLint(options: CliOptions): string {
  const where = options.paths.length > 0 ? options.paths.join(', ') : 'the current directory';
  const part = options.shard ? ` in shard ${options.shard.index}/${options.shard.count}` : '';
  if (options.staged) return `no JavaScript or TypeScript files are staged in ${where}${part}, or all of them are ignored.`;
  if (part) return `no JavaScript or TypeScript files of ${where} fall${part}, or all of them are ignored.`;
  return `${where} holds no JavaScript or TypeScript files, or all of them are ignored.`;
}

function existingConfig(cwd: string, given: string): string {
  const configFile = path.resolve(cwd, given);
  if (!fs.existsSync(configFile) || !fs.statSync(configFile).isFile()) throw new UsageError(`The config file ${JSON.stringify(given)} does not exist.`);
  return configFile;
}

function writeReport(file: string, output: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, output);
  } catch (error) {
    throw new CliError(`Cannot write the report to ${file}: ${firstLine(error)}`);
  }
}

