import type { LintReport } from './report.js';
import { relativePath, ruleIdOf } from './report.js';

/** One issue of a GitLab Code Quality report. */
export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'major' | 'minor';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/** The report in GitLab's Code Quality format: errors are major issues, warnings minor ones. */
export function codeQualityIssues(report: LintReport): CodeQualityIssue[] {
  return report.results.flatMap((file) =>
    file.messages.map((message) => ({
      description: message.message,
      check_name: ruleIdOf(message),
      fingerprint: report.fingerprintOf(message),
      severity: message.severity === 2 ? ('major' as const) : ('minor' as const),
      location: { path: relativePath(report.cwd, file.filePath), lines: { begin: Math.max(message.line, 1) } },
    })),
  );
}
