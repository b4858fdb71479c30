import type { ESLint } from 'eslint';
import type { Format } from './args.js';
import { codeQualityIssues } from './gitlab.js';
import type { LintReport } from './report.js';
import { sarifLog } from './sarif.js';

/**
 * The report as text in the chosen format. `stylish` and `json` are ESLint's own formatters
 * (run on results without `source`); `sarif` and `gitlab` are built here.
 */
export async function formatReport(format: Format, report: LintReport, eslint: ESLint, meta: ESLint.ResultsMeta): Promise<string> {
  switch (format) {
    case 'stylish':
    case 'json': {
      const formatter = await eslint.loadFormatter(format);
      return formatter.format([...report.results], meta);
    }
    case 'sarif':
      return JSON.stringify(sarifLog(report), null, 2);
    case 'gitlab':
      return JSON.stringify(codeQualityIssues(report), null, 2);
  }
}
