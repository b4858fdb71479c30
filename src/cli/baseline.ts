import fs from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { CliError, firstLine, UsageError } from './errors.js';
import { FINGERPRINT_KEY, relativePath, ruleIdOf } from './report.js';

/**
 * A baseline file: the fingerprints of accepted findings, grouped by file and rule so that a
 * change to it reads well in review. A fingerprint listed twice accepts two findings.
 */
export interface Baseline {
  readonly tool: 'tango-lint';
  readonly version: 1;
  /** Which fingerprint recipe the entries use: SARIF's `partialFingerprints` key. */
  readonly fingerprint: typeof FINGERPRINT_KEY;
  readonly findings: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

type Fingerprints = (message: Linter.LintMessage) => string;

/** How `suppressedMessages` marks a finding the baseline accepted. */
export const BASELINE_SUPPRESSION_KIND = 'baseline';

/**
 * A file that cannot be parsed is never accepted: no rule could check it, so a baseline would
 * hide everything that goes wrong in it from then on.
 */
function acceptable(message: Linter.LintMessage): boolean {
  return !message.fatal;
}

/** The baseline that accepts every current finding. */
export function baselineOf(cwd: string, results: readonly ESLint.LintResult[], fingerprintOf: Fingerprints): Baseline {
  const findings: Record<string, Record<string, string[]>> = {};
  for (const result of results) {
    for (const message of result.messages.filter(acceptable)) {
      const byRule = (findings[relativePath(cwd, result.filePath)] ??= {});
      (byRule[ruleIdOf(message)] ??= []).push(fingerprintOf(message));
    }
  }
  return { tool: 'tango-lint', version: 1, fingerprint: FINGERPRINT_KEY, findings: sorted(findings) };
}

/** The number of findings a baseline accepts. */
export function baselineSize(baseline: Baseline): number {
  return allFingerprints(baseline.findings).length;
}

/** How many findings a baseline accepts with each fingerprint. */
export function acceptedBy(baseline: Pick<Baseline, 'findings'>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const fingerprint of allFingerprints(baseline.findings)) counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  return counts;
}

function allFingerprints(findings: Baseline['findings']): string[] {
  return Object.values(findings).flatMap((byRule) => Object.values(byRule).flat());
}

/** Writes a baseline as indented JSON with keys and fingerprints sorted, so reruns give the same bytes. */
export function writeBaseline(file: string, baseline: Baseline): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (error) {
    throw new CliError(`Cannot write the baseline to ${file}: ${firstLine(error)}`);
  }
}

/**
 * Reads a baseline file into a count per fingerprint.
 * @throws UsageError when the file does not exist, CliError when it is not a baseline.
 */
export function readBaseline(file: string, given: string): Map<string, number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw new UsageError(`The baseline file ${JSON.stringify(given)} does not exist; create it with --write-baseline.`);
    throw new CliError(`Cannot read the baseline ${file}: ${firstLine(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`The baseline ${file} is not valid JSON: ${firstLine(error)}`);
  }
  return acceptedBy({ findings: validFindings(data, file) });
}

function validFindings(data: unknown, file: string): Baseline['findings'] {
  const invalid = (what: string): CliError => new CliError(`The baseline ${file} is not a tango-lint baseline: ${what}. Write a new one with --write-baseline.`);
  if (!isRecord(data) || data.tool !== 'tango-lint') throw invalid('"tool" is not "tango-lint"');
  if (data.version !== 1) throw invalid(`version ${JSON.stringify(data.version)} is not 1`);
  if (data.fingerprint !== FINGERPRINT_KEY) throw invalid(`its fingerprints are ${JSON.stringify(data.fingerprint)}, not ${FINGERPRINT_KEY}`);
  if (!isRecord(data.findings)) throw invalid('"findings" is not an object');
  for (const [filePath, byRule] of Object.entries(data.findings)) {
    if (!isRecord(byRule)) throw invalid(`the findings of ${JSON.stringify(filePath)} are not an object`);
    for (const [ruleId, list] of Object.entries(byRule)) {
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw invalid(`${filePath} ${ruleId} is not a list of fingerprints`);
    }
  }
  return data.findings as Baseline['findings'];
}

/**
 * Moves the findings the baseline accepts from `messages` to `suppressedMessages`, as ESLint's
 * own bulk suppressions do, and recounts. Each fingerprint accepts as many findings as the
 * baseline lists it, so a copy of an accepted finding is still new.
 */
export function applyBaseline(results: readonly ESLint.LintResult[], accepted: ReadonlyMap<string, number>, fingerprintOf: Fingerprints, justification: string): ESLint.LintResult[] {
  const left = new Map(accepted);
  return results.map((result) => {
    const kept: Linter.LintMessage[] = [];
    const suppressed: Linter.SuppressedLintMessage[] = [];
    for (const message of result.messages) {
      const fingerprint = fingerprintOf(message);
      const remaining = left.get(fingerprint) ?? 0;
      if (acceptable(message) && remaining > 0) {
        left.set(fingerprint, remaining - 1);
        suppressed.push(Object.assign(message, { suppressions: [{ kind: BASELINE_SUPPRESSION_KIND, justification }] }));
      } else {
        kept.push(message);
      }
    }
    if (suppressed.length === 0) return result;
    return { ...result, messages: kept, suppressedMessages: [...result.suppressedMessages, ...suppressed], ...counts(kept) };
  });
}

/** ESLint's per-file counts for a list of messages. */
function counts(messages: readonly Linter.LintMessage[]): Pick<ESLint.LintResult, 'errorCount' | 'fatalErrorCount' | 'warningCount' | 'fixableErrorCount' | 'fixableWarningCount'> {
  const stats = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const message of messages) {
    if (message.fatal || message.severity === 2) {
      stats.errorCount++;
      if (message.fatal) stats.fatalErrorCount++;
      if (message.fix) stats.fixableErrorCount++;
    } else {
      stats.warningCount++;
      if (message.fix) stats.fixableWarningCount++;
    }
  }
  return stats;
}

function sorted(findings: Record<string, Record<string, string[]>>): Record<string, Record<string, string[]>> {
  const byKey = <T>(record: Record<string, T>): [string, T][] => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(byKey(findings).map(([file, byRule]) => [file, Object.fromEntries(byKey(byRule).map(([rule, list]) => [rule, [...list].sort()]))]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
