import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Progress, progressWanted } from '../../src/cli/progress.js';
import type { RunResult } from './helpers.js';
import { BIN, cleanEnv, removeTemporaryFolders, run, temporaryFolder, writeFile } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

afterAll(removeTemporaryFolders);

const CLEAR = '\r\u001b[2K';

describe('progressWanted', () => {
  it.each([
    [true, {}, true],
    [true, { CI: '' }, true],
    [true, { CI: 'false' }, true],
    [true, { CI: '0' }, true],
    [true, { CI: 'true' }, false],
    [true, { CI: '1' }, false],
    [true, { CI: 'woodpecker' }, false],
    [true, { TERM: 'dumb' }, false],
    [false, {}, false],
  ])('isTTY %j with %j: %j', (isTTY, env, wanted) => {
    expect(progressWanted(isTTY, env)).toBe(wanted);
  });
});

describe('Progress', () => {
  let clock = 0;
  let written: string[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    written = [];
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function progress(isTTY = true, env: Record<string, string> = {}): Progress {
    return new Progress({ write: (text) => written.push(text), isTTY, env, now: () => clock });
  }

  function advance(ms: number): void {
    clock += ms;
    vi.advanceTimersByTime(ms);
  }

  it('shows nothing during the first second, then a line redrawn in place, erased at the end', () => {
    const line = progress();
    line.fileDone();
    advance(900);
    line.fileDone();
    expect(written).toEqual([]);
    advance(200);
    expect(written).toEqual([`${CLEAR}tango-lint: 2 files linted (1s)`]);
    line.fileDone();
    expect(written).toHaveLength(1);
    advance(300);
    expect(written.at(-1)).toBe(`${CLEAR}tango-lint: 3 files linted (1s)`);
    advance(1000);
    expect(written.at(-1)).toBe(`${CLEAR}tango-lint: 3 files linted (2s)`);
    line.stop();
    expect(written.at(-1)).toBe(CLEAR);
    const count = written.length;
    line.fileDone();
    advance(5000);
    expect(written).toHaveLength(count);
  });

  it('redraws as files finish even when linting keeps the timers from running', () => {
    const line = progress();
    clock = 1500;
    line.fileDone();
    expect(written).toEqual([`${CLEAR}tango-lint: 1 file linted (1s)`]);
    clock = 1600;
    line.fileDone();
    expect(written).toHaveLength(1);
    clock = 1800;
    line.fileDone();
    expect(written.at(-1)).toBe(`${CLEAR}tango-lint: 3 files linted (1s)`);
  });

  it('shows the time alone while no file has finished (worker threads lint elsewhere)', () => {
    const line = progress();
    advance(2100);
    expect(written.at(-1)).toBe(`${CLEAR}tango-lint: linting (2s)`);
    line.stop();
  });

  it('writes nothing at all for a run under a second', () => {
    const line = progress();
    line.fileDone();
    advance(999);
    line.stop();
    expect(written).toEqual([]);
  });

  it.each([
    ['not a terminal', false, {}],
    ['in CI', true, { CI: 'true' }],
  ])('writes nothing %s, however long the run', (_, isTTY, env) => {
    const line = progress(isTTY, env);
    expect(line.enabled).toBe(false);
    for (let i = 0; i < 10; i++) {
      line.fileDone();
      advance(1000);
    }
    line.stop();
    expect(written).toEqual([]);
  });
});

describe('tango-lint and the progress line', () => {
  const scriptAvailable = spawnSync('script', ['--version']).status === 0;

  const FILES = 40;
  const SUMMARY = `${2 * FILES} problems (${2 * FILES} errors, 0 warnings)`;

  /** A project with many files, each with two findings. */
  function project(): string {
    const dir = temporaryFolder();
    writeFile(path.join(dir, 'package.json'), '{ "name": "shop", "private": true, "type": "module" }\n');
    for (let i = 0; i < FILES; i++) {
      writeFile(path.join(dir, `src/client-${i}.ts`), `export const agent${i} = { rejectUnauthorized: false };\nexport const placeOrder${i} = (body: object) => fetch('https://api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(body) });\n`);
    }
    return dir;
  }

  /**
   * A module preloaded into tango-lint that makes `Date.now` run a hundred times fast, so every
   * run lasts "longer than a second" on the progress line's clock however fast the machine:
   * each run below would show the line if nothing held it back.
   */
  function fastClock(dir: string): string {
    const file = path.join(dir, 'fast-clock.mjs');
    writeFile(file, 'const realNow = Date.now;\nconst start = realNow();\nDate.now = () => start + (realNow() - start) * 100;\n');
    return pathToFileURL(file).href;
  }

  /** Runs tango-lint on `src` with the fast clock; standard error is a pipe. */
  function piped(dir: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
    return run(process.execPath, ['--import', fastClock(dir), BIN, 'src'], dir, env);
  }

  /** Runs tango-lint on a pseudo-terminal (util-linux `script`), standard output and error together. */
  async function onTerminal(dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; terminal: string }> {
    const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, '--import', fastClock(dir), BIN, 'src'].map(quote).join(' ');
    const { code, stdout } = await run('script', ['-qec', command, '/dev/null'], dir, env);
    return { code, terminal: stdout };
  }

  it('prints nothing extra when standard error is not a terminal, even outside CI', async () => {
    const dir = project();
    const env = cleanEnv();
    delete env.CI;
    const { code, stdout, stderr } = await piped(dir, env);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain(SUMMARY);
  });

  // util-linux `script` gives the run a real pseudo-terminal; it is on every Linux CI image.
  it.skipIf(!scriptAvailable)('on a terminal, shows the line during a run longer than a second and erases it before the report', async () => {
    const dir = project();
    const env = cleanEnv({ TERM: 'xterm' });
    delete env.CI;
    const { code, terminal } = await onTerminal(dir, env);
    expect(code).toBe(1);
    expect(terminal).toMatch(new RegExp(`${CLEAR.replace('[', '\\[')}tango-lint: \\d+ files? linted \\(\\d+s\\)`));
    // The last sequence erases the line; the whole report comes after it, and no line after that.
    const erased = terminal.lastIndexOf(CLEAR);
    expect(terminal.indexOf(`${CLEAR}tango-lint: `)).toBeLessThan(erased);
    expect(terminal.slice(erased + CLEAR.length)).not.toContain('tango-lint:');
    expect(terminal.indexOf('client-0.ts')).toBeGreaterThan(erased);
    expect(terminal).toContain(SUMMARY);
  });

  it.skipIf(!scriptAvailable)('on a terminal in CI, shows no line', async () => {
    const dir = project();
    const { code, terminal } = await onTerminal(dir, cleanEnv({ TERM: 'xterm', CI: 'true' }));
    expect(code).toBe(1);
    expect(terminal).not.toContain('tango-lint:');
    expect(terminal).not.toContain(CLEAR);
    expect(terminal).toContain(SUMMARY);
  });

  it.skipIf(!scriptAvailable)('on a terminal that cannot redraw (TERM=dumb), shows no line', async () => {
    const dir = project();
    const env = cleanEnv({ TERM: 'dumb' });
    delete env.CI;
    const { code, terminal } = await onTerminal(dir, env);
    expect(code).toBe(1);
    expect(terminal).not.toContain('tango-lint:');
    expect(terminal).toContain(SUMMARY);
  });
});
