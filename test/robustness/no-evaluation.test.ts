import childProcess from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eslintAll, FIXTURES, internalErrors, tempProject, writeFiles } from './helpers.js';

const BIN = path.resolve(FIXTURES, '../../dist/cli/bin.js');
const TANGO = 'https://integration-api.tangocard.com/raas/v2';

/**
 * Code that leaves a trace if it ever runs: it writes a marker file named after itself, then
 * tries to exit the process, spawn a command and open connections.
 */
function sideEffects(markers: string, name: string, moduleSystem: 'esm' | 'cjs'): string {
  const load = moduleSystem === 'esm'
    ? "import fs from 'node:fs';\nimport net from 'node:net';\nimport http from 'node:http';\nimport dns from 'node:dns';\nimport cp from 'node:child_process';\n"
    : "const fs = require('node:fs');\nconst net = require('node:net');\nconst http = require('node:http');\nconst dns = require('node:dns');\nconst cp = require('node:child_process');\n";
  const marker = JSON.stringify(path.join(markers, name));
  return `${load}
fs.writeFileSync(${marker}, 'evaluated');
cp.execSync('touch ' + ${marker} + '-spawned');
net.connect(9, '127.0.0.1');
http.get('http://127.0.0.1:9/');
dns.lookup('localhost', () => {});
process.exit(42);
`;
}

describe('the linter never evaluates the code it lints', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('no-evaluation');
    const markers = path.join(project.dir, 'markers');
    fs.mkdirSync(markers);
    const effects = (name: string, moduleSystem: 'esm' | 'cjs') => sideEffects(markers, name, moduleSystem);
    writeFiles(project.dir, {
      'package.json': '{"name":"no-evaluation","private":true,"type":"module","main":"src/index.js","scripts":{"postinstall":"touch markers/postinstall"}}\n',
      'src/index.ts': `${effects('index.ts', 'esm')}\nimport { BASE } from './config';\nimport sdk from 'fake-sdk';\nexport const order = () => fetch(BASE + '/orders', { method: 'POST', body: sdk.body });\n`,
      'src/config.ts': `${effects('config.ts', 'esm')}\nexport const BASE = '${TANGO}';\n`,
      'src/legacy.cjs': `${effects('legacy.cjs', 'cjs')}\nconst { BASE } = require('./config');\nmodule.exports = () => require('axios').get(BASE + '/catalogs');\n`,
      'src/dynamic.mjs': `const url = await import('./config.js').then((m) => m.BASE);\n${effects('dynamic.mjs', 'esm')}\nexport default fetch(url);\n`,
      'node_modules/fake-sdk/package.json': '{"name":"fake-sdk","main":"index.js"}\n',
      'node_modules/fake-sdk/index.js': `${effects('fake-sdk', 'cjs')}\nmodule.exports = { body: '{}' };\n`,
      'node_modules/axios/package.json': '{"name":"axios","main":"index.js"}\n',
      'node_modules/axios/index.js': `${effects('axios', 'cjs')}\n`,
      // Configuration files other tools evaluate: ESLint's own (tango-lint uses its built-in config
      // unless given --config), a bundler's and a framework's.
      'eslint.config.js': `${effects('eslint.config.js', 'esm')}\nexport default [];\n`,
      'vite.config.ts': `${effects('vite.config.ts', 'esm')}\nexport default { server: { proxy: { '/api': '${TANGO}' } } };\n`,
      'next.config.cjs': `${effects('next.config.cjs', 'cjs')}\nmodule.exports = {};\n`,
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] }, "plugins": [{ "name": "fake-sdk" }] } }\n',
    });
  });
  afterAll(() => project.remove());

  const markers = () => fs.readdirSync(path.join(project.dir, 'markers'));

  it('has traps that work: running one of the files leaves its markers and exits with 42', () => {
    const run = childProcess.spawnSync(process.execPath, ['node_modules/fake-sdk/index.js'], { cwd: project.dir, timeout: 30_000 });
    expect(run.status).toBe(42);
    expect(markers().sort()).toEqual(['fake-sdk', 'fake-sdk-spawned']);
    for (const marker of markers()) fs.rmSync(path.join(project.dir, 'markers', marker));
  });

  it('lints every file through the ESLint API, and nothing runs', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) called while linting`);
    }) as typeof process.exit);
    const require = createRequire(import.meta.url);
    const Module = require('node:module') as { prototype: { require: (id: string) => unknown } };
    const originalRequire = Module.prototype.require;
    const required: string[] = [];
    Module.prototype.require = function (this: unknown, id: string) {
      if (id.startsWith(project.dir) || id === 'fake-sdk' || id === 'axios') required.push(id);
      return originalRequire.call(this, id);
    };
    try {
      const results = await eslintAll(project.dir).lintFiles(['.']);
      expect(results.map((r) => path.relative(project.dir, r.filePath)).sort()).toEqual([
        'eslint.config.js',
        'next.config.cjs',
        'src/config.ts',
        'src/dynamic.mjs',
        'src/index.ts',
        'src/legacy.cjs',
        'vite.config.ts',
      ]);
      expect(internalErrors(results)).toEqual([]);
      // Linted, with cross-file values followed: the request in index.ts goes to Tango via config.ts.
      const index = results.find((r) => r.filePath.endsWith('index.ts'));
      expect(index?.messages.map((m) => m.ruleId)).toContain('tango/require-request-timeout');
    } finally {
      Module.prototype.require = originalRequire;
      exit.mockRestore();
    }
    expect(required).toEqual([]);
    expect(markers()).toEqual([]);
  });

  it.skipIf(!fs.existsSync(BIN))('runs tango-lint over the project without its eslint.config.js, and nothing runs', async () => {
    const { tangoLint } = await import('../cli/helpers.js');
    const { code, stderr } = await tangoLint(['--format', 'json', '.'], project.dir);
    expect(stderr).not.toMatch(/internal error/);
    expect(code).toBe(1);
    expect(markers()).toEqual([]);
  });
});

type Patched = [object, string];

describe('the linter never opens a network connection', () => {
  it('lints every fixture project with connections, lookups and fetch made to throw', { timeout: 300_000 }, async () => {
    const attempts: string[] = [];
    const targets: Patched[] = [
      [net.Socket.prototype, 'connect'],
      [net, 'connect'],
      [net, 'createConnection'],
      [tls, 'connect'],
      [http, 'request'],
      [http, 'get'],
      [https, 'request'],
      [https, 'get'],
      [dns, 'lookup'],
      [dns, 'resolve'],
      [dns.promises, 'lookup'],
      [dns.promises, 'resolve'],
      [childProcess, 'spawn'],
      [childProcess, 'exec'],
      [childProcess, 'execFile'],
      [childProcess, 'execSync'],
      [childProcess, 'spawnSync'],
      [childProcess, 'execFileSync'],
      [childProcess, 'fork'],
      [globalThis, 'fetch'],
    ];
    const originals = targets.map(([owner, name]) => (owner as Record<string, unknown>)[name]);
    for (const [owner, name] of targets) {
      (owner as Record<string, unknown>)[name] = (...args: unknown[]) => {
        attempts.push(`${name}(${args.map((a) => JSON.stringify(a) ?? String(a)).join(', ').slice(0, 200)})`);
        throw new Error(`${name} called while linting`);
      };
    }
    let results;
    try {
      results = await eslintAll(FIXTURES).lintFiles(['.']);
    } finally {
      targets.forEach(([owner, name], i) => {
        (owner as Record<string, unknown>)[name] = originals[i];
      });
    }
    expect(attempts).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
    expect(internalErrors(results)).toEqual([]);
  });
});
