import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];
export type Concurrency = number | 'auto' | 'off';

/** What the command line asks for, validated. */
export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly outputFile?: string;
  readonly staged: boolean;
  readonly maxWarnings?: number;
  readonly config?: string;
  readonly concurrency?: Concurrency;
  readonly help: boolean;
  readonly version: boolean;
}

export const HELP = `Usage: tango-lint [options] [paths...]

Lints JavaScript and TypeScript files for insecure use of the Tango API.
Paths default to the current directory; .gitignore files and node_modules are skipped.

Options:
  -f, --format <name>       Report format: stylish (default), json, sarif or gitlab
  -o, --output-file <file>  Write the report to a file instead of standard output
      --staged              Lint the staged content of files staged in git (pre-commit)
      --max-warnings <n>    Fail when there are more than n warnings
  -c, --config <file>       Use this ESLint config file instead of the built-in one
      --concurrency <n>     Lint with n worker threads, "auto" or "off" (default)
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no problems, 1 errors found or too many warnings, 2 usage or internal error.
`;

/**
 * Parses tango-lint's arguments.
 * @throws UsageError with a one-line message for anything malformed.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        staged: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        config: { type: 'string', short: 'c' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well, over several lines.
    throw new UsageError(oneLine(error instanceof Error ? error.message : String(error)));
  }
  const { values, positionals } = parsed;
  return {
    paths: positionals,
    format: format(values.format),
    ...(values['output-file'] !== undefined ? { outputFile: nonEmpty(values['output-file'], '--output-file') } : {}),
    staged: values.staged ?? false,
    ...(values['max-warnings'] !== undefined ? { maxWarnings: maxWarnings(values['max-warnings']) } : {}),
    ...(values.config !== undefined ? { config: nonEmpty(values.config, '--config') } : {}),
    ...(values.concurrency !== undefined ? { concurrency: concurrency(values.concurrency) } : {}),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function format(value: string | undefined): Format {
  if (value === undefined) return 'stylish';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${value}".`);
}

function maxWarnings(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--max-warnings must be a whole number of 0 or more; got "${value}".`);
  return Number(value);
}

function concurrency(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value;
  if (/^\d{1,4}$/.test(value) && Number(value) > 0) return Number(value);
  throw new UsageError(`--concurrency must be a positive whole number, "auto" or "off"; got "${value}".`);
}

function nonEmpty(value: string, option: string): string {
  if (value.trim() === '') throw new UsageError(`${option} needs a file name.`);
  return value;
}

function oneLine(message: string): string {
  const line = message.split(/\s+/).filter(Boolean).join(' ');
  return /[.?!]$/.test(line) ? line : `${line}.`;
}
