import fs from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';
import ts from 'typescript';
import { readSettings } from '../analyzer/index.js';
import { CliError, firstLine } from './errors.js';

/**
 * Loads the project's config once before linting, so that a broken config (a syntax error,
 * invalid rule options, invalid `settings.tango`) gives one message about the config rather
 * than a failure in the middle of the lint.
 * @throws CliError naming the config file and the problem.
 */
export async function checkConfig(eslint: ESLint, cwd: string, configFile: string): Promise<void> {
  let config: { settings?: { tango?: unknown } } | undefined;
  try {
    config = (await eslint.calculateConfigForFile(path.join(cwd, 'tango-lint-config-check.ts'))) as typeof config;
  } catch (error) {
    throw configError(error, configFile);
  }
  try {
    readSettings(config?.settings?.tango);
  } catch (error) {
    throw new CliError(`Invalid settings in ${configFile}: ${firstLine(error)}`);
  }
}

/**
 * The error to report for a failed lint: settings and config problems that show up only for
 * some files become a CliError; anything else is passed on as an internal error.
 */
export function lintFailure(error: unknown, configFile: string | undefined): unknown {
  if (error instanceof CliError) return error;
  // A SettingsError from a worker thread arrives as a plain Error with the same message.
  if (error instanceof Error && (error.name === 'SettingsError' || error.message.startsWith('settings.tango'))) {
    return new CliError(`Invalid settings${configFile ? ` in ${configFile}` : ''}: ${firstLine(error)}`);
  }
  if (configFile && isConfigError(error)) return configError(error, configFile);
  return error;
}

function configError(error: unknown, configFile: string): CliError {
  let message = oneLine(error);
  if (error instanceof Error && error.name === 'SyntaxError') {
    const where = syntaxErrorPosition(configFile);
    if (where) message = `SyntaxError: ${message} (${where})`;
  }
  return new CliError(`Cannot use the ESLint config ${configFile}: ${message}`);
}

/** Rule option and config validation errors that ESLint raises while linting. */
function isConfigError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /^(?:Key "|Config "|Could not find "|Configuration for rule ")/.test(message);
}

/** ESLint's config errors span lines (the key path, then the problem); they are joined into one. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !/^(?:Occurred while linting|Rule: )/.test(line))
    .slice(0, 4)
    .join(' ');
}

/** Node's syntax errors from `import()` do not say where; TypeScript's parser can. */
function syntaxErrorPosition(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const { diagnostics = [] } = ts.transpileModule(text, { fileName: file, reportDiagnostics: true });
  const first = diagnostics.find((d) => d.start !== undefined && d.file);
  if (!first?.file || first.start === undefined) return undefined;
  const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
  return `line ${line + 1}, column ${character + 1}`;
}
