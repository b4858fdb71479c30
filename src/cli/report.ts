import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter, Rule } from 'eslint';

/** The rule id reports use for a file that could not be parsed (ESLint gives it none). */
export const PARSE_ERROR_RULE = 'tango/parse-error';
/** The rule id reports use for ESLint's own messages, such as an unused `eslint-disable`. */
export const ESLINT_RULE = 'eslint';
/** The key of our fingerprint in SARIF's `partialFingerprints`; bump the version if the recipe changes. */
export const FINGERPRINT_KEY = 'tangoLintFingerprint/v1';

/** The outcome of a lint, with what the formatters need beyond ESLint's results. */
export interface LintReport {
  readonly cwd: string;
  /** ESLint's results without `source`, which would copy whole files (and their secrets) into reports. */
  readonly results: readonly ESLint.LintResult[];
  readonly rulesMeta: Readonly<Record<string, Rule.RuleMetaData>>;
  /** The text that was linted (staged content for `--staged`, else read from disk). */
  textOf(filePath: string): string | undefined;
  /** The stable fingerprint of a message of `results` (see `fingerprints`). */
  fingerprintOf(message: Linter.LintMessage): string;
}

/** Orders results by file path, as ESLint's formatters do, so every format lists files in one order. */
export function byFilePath(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
  return [...results].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/** Drops `source` from results (ESLint includes it for files with a fatal error). */
export function withoutSource(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => {
    const copy = { ...result };
    delete copy.source;
    return copy;
  });
}

/** A text source that reads files from disk once, preferring texts already known (staged content). */
export function textSource(known: ReadonlyMap<string, string>): (filePath: string) => string | undefined {
  const cache = new Map(known);
  return (filePath) => {
    if (!cache.has(filePath)) {
      try {
        cache.set(filePath, fs.readFileSync(filePath, 'utf8'));
      } catch {
        return undefined;
      }
    }
    return cache.get(filePath);
  };
}

/** The rule id a message is reported under, including ESLint's rule-less messages. */
export function ruleIdOf(message: Linter.LintMessage): string {
  return message.ruleId ?? (message.fatal ? PARSE_ERROR_RULE : ESLINT_RULE);
}

/** A path relative to cwd with forward slashes, or the absolute path when it lies outside cwd. */
export function relativePath(cwd: string, filePath: string): string {
  const relative = path.relative(cwd, filePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return filePath.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

/**
 * A stable fingerprint for every message: a hash of its rule, file, the trimmed text of the
 * lines it covers and its rank among messages with those same three. Moving unrelated lines
 * or re-indenting leaves it unchanged, so CI systems can track a finding across commits.
 * Computed before a baseline hides any message, so hiding one does not shift the ranks.
 */
export function fingerprints(cwd: string, results: readonly ESLint.LintResult[], textOf: (filePath: string) => string | undefined): Map<Linter.LintMessage, string> {
  const result = new Map<Linter.LintMessage, string>();
  const seen = new Map<string, number>();
  for (const file of results) {
    const lines = textOf(file.filePath)?.split(/\r\n|[\r\n\u2028\u2029]/) ?? [];
    const relative = relativePath(cwd, file.filePath);
    for (const message of file.messages) {
      const covered = message.line > 0 ? lines.slice(message.line - 1, message.endLine ?? message.line).map((line) => line.trim()) : [];
      const key = [ruleIdOf(message), relative, covered.join('\n')].join('\0');
      const rank = seen.get(key) ?? 0;
      seen.set(key, rank + 1);
      result.set(message, createHash('sha256').update(`${key}\0${rank}`).digest('hex'));
    }
  }
  return result;
}
