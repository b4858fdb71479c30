import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CliError } from './errors.js';

const run = promisify(execFile);

/** A staged file: its path in the work tree and the content staged for commit. */
export interface StagedFile {
  readonly filePath: string;
  readonly text: string;
}

/**
 * The files added, copied, modified or renamed in git's index under `cwd` (limited to
 * `pathspecs` when given), with the content that will be committed rather than what is on disk.
 * Symbolic links are skipped.
 * @throws CliError outside a git work tree or when git is missing.
 */
export async function stagedFiles(cwd: string, pathspecs: readonly string[], wanted: (filePath: string) => Promise<boolean>): Promise<StagedFile[]> {
  await git(cwd, ['rev-parse', '--show-toplevel']);
  const listing = await git(cwd, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z', '--relative', '--', ...pathspecs]);
  const files: StagedFile[] = [];
  for (const name of listing.split('\0').filter(Boolean).sort()) {
    const filePath = path.resolve(cwd, name);
    if (isSymbolicLink(filePath) || !(await wanted(filePath))) continue;
    files.push({ filePath, text: await git(cwd, ['show', `:./${name}`]) });
  }
  return files;
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === 'ENOENT') throw new CliError('--staged needs git, and no git command was found.');
    if (args[0] === 'rev-parse') throw new CliError(`--staged needs a git repository, and ${cwd} is not inside one.`);
    throw new CliError(`git ${args[0]} failed: ${(stderr ?? '').trim().split('\n', 1)[0] || 'unknown error'}`);
  }
}

function isSymbolicLink(filePath: string): boolean {
  try {
    return fs.lstatSync(filePath).isSymbolicLink();
  } catch {
    return false;
  }
}
