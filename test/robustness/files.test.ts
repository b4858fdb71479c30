import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze, DEFAULT_SETTINGS } from '../../src/analyzer/index.js';
import { at, computeAllFacts, eslintAll, FIXTURES, get, internalErrors, tempProject, writeFiles } from './helpers.js';

const TANGO = 'https://integration-api.tangocard.com/raas/v2';
const BIN = path.resolve(FIXTURES, '../../dist/cli/bin.js');
/** A PNG image named like a source file: its first byte is not valid UTF-8. */
const BINARY = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]);

/** Whether this system can make named pipes (not Windows). */
function canMakeFifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * An importer whose dependencies cannot be read in every way we know: a dangling link, a link
 * loop, a folder where a file was expected, a named pipe (reading it would block forever),
 * binary bytes, UTF-16, a file that vanishes between being found and being read, and one that
 * cannot be opened (as root, permissions do not stop reads, so the failure is injected).
 * Only `ok-config` (readable) and `latin1` (decodable, with a replacement character) give values.
 */
const IMPORTER = `import { BASE } from './ok-config';
import { a } from './dangling';
import { b } from './loop-a';
import { c } from './folder';
import { d } from './pipe';
import { e } from './binary';
import { f } from './latin1';
import { g } from './utf16';
import { h } from './vanishing';
import { i } from './denied';

export const calls = [
  fetch(BASE + '/orders'),
  fetch(a),
  fetch(b),
  fetch(c),
  fetch(d),
  fetch(e),
  fetch(f),
  fetch(g),
  fetch(h),
  fetch(i),
];
`;

function unreadableProject(): ReturnType<typeof tempProject> {
  const project = tempProject('unreadable', {
    'src/importer.ts': IMPORTER,
    'src/ok-config.ts': `export const BASE = '${TANGO}';\n`,
    'src/folder.ts/index.ts': `export const c = '${TANGO}/from-a-folder-named-like-a-file';\n`,
    'src/binary.ts': BINARY,
    'src/latin1.ts': Buffer.from(`export const f = '${TANGO}/caf\u00e9';\n`, 'latin1'),
    'src/utf16.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`export const g = '${TANGO}';\n`, 'utf16le')]),
    'src/vanishing.ts': `export const h = '${TANGO}/vanishing';\n`,
    'src/denied.ts': `export const i = '${TANGO}/denied';\n`,
  });
  const src = path.join(project.dir, 'src');
  fs.symlinkSync('missing.ts', path.join(src, 'dangling.ts'));
  fs.symlinkSync('loop-b.ts', path.join(src, 'loop-a.ts'));
  fs.symlinkSync('loop-a.ts', path.join(src, 'loop-b.ts'));
  fs.mkdirSync(path.join(src, 'cycle'));
  fs.symlinkSync('..', path.join(src, 'cycle/up'), 'dir');
  if (canMakeFifo()) execFileSync('mkfifo', [path.join(src, 'pipe.ts')]);
  return project;
}

/** Makes reads of `vanishing.ts` find it gone and reads of `denied.ts` fail with EACCES. */
function failReads(): void {
  const readFileSync = fs.readFileSync;
  vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    const name = typeof file === 'string' ? path.basename(file) : '';
    if (name === 'vanishing.ts' && fs.existsSync(file as string)) fs.rmSync(file as string);
    if (name === 'denied.ts') throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
    return (readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync);
}

describe('dependencies that cannot be read', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = unreadableProject();
  });
  afterAll(() => project.remove());
  afterEach(() => {
    vi.restoreAllMocks();
    writeFiles(project.dir, { 'src/vanishing.ts': `export const h = '${TANGO}/vanishing';\n` });
  });

  it('leave their values unknown in the analyzer, which computes every fact', () => {
    failReads();
    const filePath = path.join(project.dir, 'src/importer.ts');
    const analysis = analyze({ filePath, text: IMPORTER, settings: DEFAULT_SETTINGS });
    const facts = computeAllFacts(analysis);
    expect(facts.requests).toBe(10);
    const tangoLines = analysis.tangoRequests.map(({ request }) => analysis.sourceFile.getLineAndCharacterOfPosition(request.node.getStart()).line + 1);
    expect(tangoLines).toEqual([13, 19]);
  });

  it('are linted around by ESLint: binary files get a parsing error, the importer its findings, nothing crashes', async () => {
    failReads();
    const files = ['src/importer.ts', 'src/binary.ts', 'src/latin1.ts', 'src/utf16.ts', 'src/ok-config.ts'];
    const results = await eslintAll(project.dir).lintFiles(files);
    expect(internalErrors(results)).toEqual([]);
    const byFile = new Map(results.map((result) => [path.relative(project.dir, result.filePath), result]));
    for (const binary of ['src/binary.ts', 'src/utf16.ts']) {
      expect(get(byFile, binary).messages).toEqual([expect.objectContaining({ fatal: true, line: 1, message: 'Parsing error: File appears to be binary.' })]);
    }
    expect(get(byFile, 'src/latin1.ts').messages).toEqual([]);
    const importer = get(byFile, 'src/importer.ts').messages;
    expect(importer.map((m) => [m.ruleId, m.line])).toEqual([
      ['tango/require-request-timeout', 13],
      ['tango/require-request-timeout', 19],
    ]);
  });
});

describe('a dependency that changes while linting', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('vanishing', {
      'src/config.ts': `export const BASE = '${TANGO}';\n`,
      'src/a.ts': "import { BASE } from './config';\nexport const a = () => fetch(BASE + '/orders');\n",
      'src/b.ts': "import { BASE } from './config';\nexport const b = () => fetch(BASE + '/catalogs');\n",
      'src/c.ts': "import { BASE } from './config';\nexport const c = () => fetch(BASE + '/accounts');\n",
    });
  });
  afterAll(() => project.remove());

  it('is read again: deleted, then replaced by a folder, it just stops giving values', async () => {
    const eslint = eslintAll(project.dir);
    const lint = async (file: string) => {
      const results = await eslint.lintFiles([file]);
      expect(internalErrors(results)).toEqual([]);
      return at(results, 0).messages.map((m) => m.ruleId);
    };
    expect(await lint('src/a.ts')).toEqual(['tango/require-request-timeout']);
    fs.rmSync(path.join(project.dir, 'src/config.ts'));
    // The analyzer checks files on disk again at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await lint('src/b.ts')).toEqual([]);
    fs.mkdirSync(path.join(project.dir, 'src/config.ts'));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await lint('src/c.ts')).toEqual([]);
  });
});

describe('cyclic imports and self-referential values', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('cycles', {
      'src/a.ts': "export * from './b';\nexport { fromC as viaA } from './c';\nexport const a = b + '/a';\nimport { b } from './b';\n",
      'src/b.ts': "export * from './a';\nexport * from './b';\nimport { a } from './a';\nexport const b = a + '/b';\n",
      'src/c.ts': "export { viaA as fromC } from './a';\nexport default fromC;\nimport { fromC } from './c';\n",
      'src/self.ts': "import * as self from './self';\nexport const loop = self.loop;\nexport default self;\n",
      'src/cjs-a.cjs': "const b = require('./cjs-b.cjs');\nmodule.exports = { url: b.url, self: module.exports };\n",
      'src/cjs-b.cjs': "const a = require('./cjs-a.cjs');\nmodule.exports = { url: a.url + '/raas/v2' };\nmodule.exports.again = module.exports;\n",
      'src/uses.ts': [
        "import { a, b, viaA } from './a';",
        "import fromC from './c';",
        "import self, { loop } from './self';",
        "import cjs from './cjs-a.cjs';",
        "const own = own + '/raas/v2';",
        'const x = y; const y = x;',
        'const box = { inner: box, url: box.url };',
        'let counter = counter + 1;',
        'function again(): string { return again(); }',
        'const arrow = () => arrow() + arrow();',
        'class Node { next = this.next; url = this.url + this.next.url; }',
        'const { deep = deep } = {} as { deep?: string };',
        'const [first = first] = [] as string[];',
        `export const calls = [a, b, viaA, fromC, self, loop, cjs.url, own, x, box.url, counter, again(), arrow(), new Node().url, deep, first].map((u) => fetch(String(u)));`,
        `fetch(own, { timeout: own, headers: { Authorization: own } });`,
      ].join('\n'),
    });
  });
  afterAll(() => project.remove());

  it('finish in the analyzer, with every fact computed', () => {
    const filePath = path.join(project.dir, 'src/uses.ts');
    const facts = computeAllFacts(analyze({ filePath, text: fs.readFileSync(filePath, 'utf8'), settings: DEFAULT_SETTINGS }));
    expect(facts.requests).toBe(2);
  });

  it('finish in ESLint, for every file of the cycle, and in the cyclic-imports fixture', async () => {
    const results = await eslintAll(project.dir).lintFiles(['src']);
    expect(results).toHaveLength(7);
    expect(internalErrors(results)).toEqual([]);
    expect(results.flatMap((r) => r.messages.filter((m) => m.fatal))).toEqual([]);
    const fixture = await eslintAll(path.join(FIXTURES, 'cyclic-imports')).lintFiles(['src']);
    expect(fixture.length).toBeGreaterThan(0);
    expect(internalErrors(fixture)).toEqual([]);
  });
});

describe.skipIf(!fs.existsSync(BIN))('tango-lint on files it cannot read', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('cli-unreadable', {
      'src/ok.ts': `export const ok = () => fetch('${TANGO}/orders', { signal: AbortSignal.timeout(20_000) });\n`,
    });
  });
  afterAll(() => project.remove());

  /** Runs tango-lint, killing it (a failure) if it has not finished within `timeoutMs`. */
  const tangoLint = (args: string[], timeoutMs = 120_000) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: project.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`tango-lint ${args.join(' ')} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  it('reports a binary file as a parsing error and exits 1', async () => {
    writeFiles(project.dir, { 'src/binary.ts': BINARY });
    try {
      const { code, stdout } = await tangoLint(['--format', 'json', 'src']);
      expect(code).toBe(1);
      const results = JSON.parse(stdout) as { filePath: string; messages: { message: string; fatal?: boolean }[] }[];
      const binary = results.find((r) => r.filePath.endsWith('binary.ts'));
      expect(binary?.messages).toEqual([expect.objectContaining({ fatal: true, message: 'Parsing error: File appears to be binary.' })]);
    } finally {
      fs.rmSync(path.join(project.dir, 'src/binary.ts'));
    }
  });

  it.skipIf(!canMakeFifo())('finishes when the code names a key file that is a named pipe, which would block a read forever', async () => {
    writeFiles(project.dir, {
      'src/proof.ts': [
        "import { SignJWT } from 'jose';",
        "import jwk from '../keys/dpop-key.json';",
        '',
        'export const proof = (key: CryptoKey, url: string) =>',
        "  new SignJWT({ jti: crypto.randomUUID(), htm: 'POST', htu: url, iat: Math.floor(Date.now() / 1000) })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk })",
        '    .sign(key);',
        '',
      ].join('\n'),
    });
    fs.mkdirSync(path.join(project.dir, 'keys'), { recursive: true });
    execFileSync('mkfifo', [path.join(project.dir, 'keys/dpop-key.json')]);
    try {
      const { code, stdout } = await tangoLint(['--format', 'json', 'src'], 60_000);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toHaveLength(2);
    } finally {
      fs.rmSync(path.join(project.dir, 'keys'), { recursive: true, force: true });
      fs.rmSync(path.join(project.dir, 'src/proof.ts'));
    }
  });

  it.each([
    [
      'a dangling symbolic link',
      /^tango-lint: Cannot read src\/dangling\.ts: it does not exist \(a dangling symbolic link, or deleted while linting\) \(ENOENT\)\. Fix or remove it, or list it in \.gitignore\.\n$/,
      () => fs.symlinkSync('missing.ts', path.join(project.dir, 'src/dangling.ts')),
    ],
    [
      'a symbolic link loop',
      // Either link of the loop may be read first.
      /^tango-lint: Cannot read src\/loop-[ab]\.ts: it is a symbolic link loop \(ELOOP\)\. Fix or remove it, or list it in \.gitignore\.\n$/,
      () => {
        fs.symlinkSync('loop-b.ts', path.join(project.dir, 'src/loop-a.ts'));
        fs.symlinkSync('loop-a.ts', path.join(project.dir, 'src/loop-b.ts'));
      },
    ],
  ])('names %s it cannot read in one line, exit code 2, without a stack trace', async (_, expected, make) => {
    make();
    try {
      const { code, stdout, stderr } = await tangoLint(['--format', 'json', 'src']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(expected);
    } finally {
      for (const file of ['dangling.ts', 'loop-a.ts', 'loop-b.ts']) fs.rmSync(path.join(project.dir, 'src', file), { force: true });
    }
  });
});
