import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import type { CliOptions } from './args.js';
import { checkConfig, lintFailure } from './config-errors.js';
import { CliError, firstLine, UsageError } from './errors.js';
import type { EngineSpec } from './eslint-options.js';
import { eslintOptions, optionsModuleUrl } from './eslint-options.js';
import { formatReport } from './format.js';
import { gitignorePatterns } from './gitignore.js';
import type { LintReport } from './report.js';
import { textSource, withoutSource } from './report.js';
import { stagedFiles } from './staged.js';

/** Where tango-lint reads and writes; the process's own in `bin.ts`. */
export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Lints as the options say and returns the exit code; usage and config problems throw a CliError. */
export async function lint(options: CliOptions, io: Io): Promise<number> {
  const { cwd } = io;
  // With --staged, paths are git pathspecs and may name files deleted from the work tree.
  if (!options.staged) {
    for (const given of options.paths) {
      if (!fs.existsSync(path.resolve(cwd, given))) throw new UsageError(`${JSON.stringify(given)} does not exist.`);
    }
  }
  const configFile = options.config === undefined ? undefined : existingConfig(cwd, options.config);
  const spec: EngineSpec = {
    cwd,
    ignorePatterns: gitignorePatterns(cwd),
    ...(configFile ? { configFile } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
  const eslint = await createESLint(spec);
  if (configFile) await checkConfig(eslint, cwd, configFile);

  // The texts linted when they are not the files on disk (staged content).
  const texts = new Map<string, string>();
  let results: ESLint.LintResult[];
  try {
    results = options.staged
      ? await lintStaged(eslint, cwd, options.paths, texts)
      : await eslint.lintFiles(options.paths.length > 0 ? [...options.paths] : ['.']);
  } catch (error) {
    throw lintFailure(error, configFile);
  }
  if (results.length === 0) io.stderr(`tango-lint: nothing to lint: ${nothingToLint(options)}\n`);

  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const { maxWarnings } = options;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  const report: LintReport = {
    cwd,
    results: withoutSource(results),
    rulesMeta: eslint.getRulesMetaForResults(results),
    textOf: textSource(texts),
  };
  const meta = tooManyWarnings ? { maxWarningsExceeded: { maxWarnings, foundWarnings: warnings } } : {};
  const output = await formatReport(options.format, report, eslint, meta);
  if (options.outputFile) writeReport(path.resolve(cwd, options.outputFile), output);
  else if (output) io.stdout(`${output}\n`);
  if (tooManyWarnings) io.stderr(`tango-lint: too many warnings: ${warnings} found, --max-warnings allows ${maxWarnings}.\n`);
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

async function createESLint(spec: EngineSpec): Promise<ESLint> {
  if (spec.concurrency === undefined || spec.concurrency === 'off') return new ESLint(eslintOptions(spec));
  // ESLint before 9.34 has neither worker threads nor options modules.
  if (typeof ESLint.fromOptionsModule !== 'function') throw new CliError(`--concurrency needs ESLint 9.34 or later; this is ESLint ${ESLint.version}.`);
  return ESLint.fromOptionsModule(optionsModuleUrl(spec));
}

/** Lints what is staged, reporting it under the files' real paths, as the editor would. */
async function lintStaged(eslint: ESLint, cwd: string, pathspecs: readonly string[], texts: Map<string, string>): Promise<ESLint.LintResult[]> {
  const results: ESLint.LintResult[] = [];
  for (const file of await stagedFiles(cwd, pathspecs, async (filePath) => !(await eslint.isPathIgnored(filePath)))) {
    texts.set(file.filePath, file.text);
    results.push(...(await eslint.lintText(file.text, { filePath: file.filePath, warnIgnored: false })));
  }
  return results;
}

function nothingToLint(options: CliOptions): string {
  const where = options.paths.length > 0 ? options.paths.join(', ') : 'the current directory';
  if (options.staged) return `no JavaScript or TypeScript files are staged in ${where}, or all of them are ignored.`;
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

