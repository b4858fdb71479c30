import path from 'node:path';

/** A problem that stops tango-lint with exit code 2 and a one-line message, never a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A malformed command line; the message is followed by a pointer to `--help`. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The first line of an error's message: ESLint appends file and rule context on later lines. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]?.trim() || 'unknown error';
}

/** Node's file system error codes that mean a file could not be read, and what each means. */
const UNREADABLE: Record<string, string> = {
  ELOOP: 'it is a symbolic link loop',
  ENOENT: 'it does not exist (a dangling symbolic link, or deleted while linting)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  ENAMETOOLONG: 'its name is too long',
  EIO: 'an input/output error',
};

/**
 * A CliError naming the file, for a file ESLint found but could not read; undefined for any
 * other error. Errors from worker threads lose their `code`, so the message is read too.
 */
export function unreadableFile(error: unknown, cwd: string): CliError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path: file } = error as NodeJS.ErrnoException;
  const parsed = /^(E[A-Z]+): [^,\n]*, [a-z]+ '([^'\n]+)'/.exec(error.message);
  const errorCode = code ?? parsed?.[1];
  const filePath = file ?? parsed?.[2];
  if (errorCode === undefined || filePath === undefined || !(errorCode in UNREADABLE)) return undefined;
  const relative = path.relative(cwd, filePath);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
  return new CliError(`Cannot read ${shown}: ${UNREADABLE[errorCode]} (${errorCode}). Fix or remove it, or list it in .gitignore.`);
}
