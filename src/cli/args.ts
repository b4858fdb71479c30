import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];
export type Concurrency = number | 'auto' | 'off';

/** One part of a split run: `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What the command line asks for, validated. */
export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly outputFile?: string;
  readonly staged: boolean;
  readonly maxWarnings?: number;
  readonly config?: string;
  readonly concurrency?: Concurrency;
  /** A baseline file whose findings are accepted: only new findings count. */
  readonly baseline?: string;
  /** Record every current finding in this baseline file. */
  readonly writeBaseline?: string;
  readonly shard?: Shard;
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
      --baseline <file>     Accept the findings recorded in this file; fail only on new ones
      --write-baseline <file>
                            Record every current finding in this file (then exit 0)
      --shard <i>/<n>       Lint only the i-th of n parts of the files (for CI matrices)
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
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        shard: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well, over several lines.
    throw new UsageError(oneLine(error instanceof Error ? error.message : String(error)));
  }
  const { values, positionals } = parsed;
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) {
    throw new UsageError('--baseline and --write-baseline cannot be used together: --write-baseline records every current finding anyway.');
  }
  if (values['write-baseline'] !== undefined && (values.staged || values.shard !== undefined)) {
    throw new UsageError(`--write-baseline records the findings of a whole run; it cannot be used with ${values.staged ? '--staged' : '--shard'}.`);
  }
  return {
    paths: positionals,
    format: format(values.format),
    ...(values['output-file'] !== undefined ? { outputFile: nonEmpty(values['output-file'], '--output-file') } : {}),
    staged: values.staged ?? false,
    ...(values['max-warnings'] !== undefined ? { maxWarnings: maxWarnings(values['max-warnings']) } : {}),
    ...(values.config !== undefined ? { config: nonEmpty(values.config, '--config') } : {}),
    ...(values.concurrency !== undefined ? { concurrency: concurrency(values.concurrency) } : {}),
    ...(values.baseline !== undefined ? { baseline: nonEmpty(values.baseline, '--baseline') } : {}),
    ...(values['write-baseline'] !== undefined ? { writeBaseline: nonEmpty(values['write-baseline'], '--write-baseline') } : {}),
    ...(values.shard !== undefined ? { shard: shard(values.shard) } : {}),
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

function shard(value: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, such as 1/4; got "${value}".`);
  }
  return { index, count };
}

function nonEmpty(value: string, option: string): string {
  if (value.trim() === '') throw new UsageError(`${option} needs a file name.`);
  return value;
}

function oneLine(message: string): string {
  const line = message.split(/\s+/).filter(Boolean).join(' ');
  return /[.?!]$/.test(line) ? line : `${line}.`;
}
