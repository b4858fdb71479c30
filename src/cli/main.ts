import { createRequire } from 'node:module';
import { HELP, parseCliArgs } from './args.js';
import { CliError, UsageError } from './errors.js';
import type { Io } from './lint.js';

export type { Io } from './lint.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Runs tango-lint and returns its exit code: 0 clean, 1 findings, 2 usage or internal error. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout(HELP);
      return 0;
    }
    if (options.version) {
      io.stdout(`${version}\n`);
      return 0;
    }
    // ESLint, TypeScript and the rules take a while to load: not needed for help or a typo.
    const { lint } = await import('./lint.js');
    return await lint(options, io);
  } catch (error) {
    io.stderr(`tango-lint: ${errorText(error)}\n`);
    return 2;
  }
}

function errorText(error: unknown): string {
  if (error instanceof UsageError) return `${error.message} Run tango-lint --help for usage.`;
  if (error instanceof CliError) return error.message;
  if (process.env.TANGO_LINT_DEBUG) return `internal error: ${error instanceof Error ? error.stack : String(error)}`;
  // ESLint adds the file and rule on lines of their own; they are kept, on one line.
  const context = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return `internal error: ${context.join('; ') || 'unknown error'} (set TANGO_LINT_DEBUG=1 to see the stack)`;
}
