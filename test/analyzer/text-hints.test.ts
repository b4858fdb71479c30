import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { credentialName } from '../../src/analyzer/credential-names.js';
import { analyze } from '../../src/analyzer/analysis.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';
import {
  mayReachCredentialHeader,
  mayReachCredentialParameter,
  mayReachLoggedCredential,
  mayReachTango,
  mayReachTlsOption,
  writesCredentialName,
} from '../../src/analyzer/text-hints.js';

const roots: string[] = [];

/** A project on disk whose `src/main.ts` imports `src/lib.ts`, which imports `src/deep.ts`. */
function project(deep: string, lib = "export * from './deep';\n"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tango-hints-'));
  roots.push(root);
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"hints"}\n');
  fs.writeFileSync(path.join(root, 'src/lib.ts'), lib);
  fs.writeFileSync(path.join(root, 'src/deep.ts'), deep);
  return root;
}

function main(root: string, text = "import { client } from './lib';\nclient.get('/x');\n") {
  return analyze({ filePath: path.join(root, 'src/main.ts'), text, settings: DEFAULT_SETTINGS });
}

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe('text pre-checks over a file and its imports', () => {
  it('reach a Tango mention two imports away, and not one in a module nobody imports', () => {
    const reaching = project("export const base = process.env.TANGO_BASE_URL;\n");
    expect(mayReachTango(main(reaching))).toBe(true);

    const apart = project('export const base = process.env.API_URL;\n');
    fs.writeFileSync(path.join(apart, 'src/unused.ts'), "export const host = 'https://integration-api.tangocard.com';\n");
    expect(mayReachTango(main(apart))).toBe(false);
  });

  it('take the linted text as it is, not the file on disk', () => {
    const root = project('export const x = 1;\n');
    expect(mayReachTango(main(root, "// calls the Tango API\nexport const y = 2;\n"))).toBe(true);
    expect(mayReachTango(main(root, 'export const y = 2;\n'))).toBe(false);
  });

  it('tell a credential-named parameter from the same name passed as an argument', () => {
    const declared = project('export function connect(name: string, platformKey: string) {\n  return { name, platformKey };\n}\n');
    expect(mayReachCredentialParameter(main(declared))).toBe(true);

    const arrow = project('export const connect = (apiKey) => apiKey.length;\n');
    expect(mayReachCredentialParameter(main(arrow))).toBe(true);

    const constructor = project('export class Client {\n  constructor(private readonly clientSecret: string) {}\n}\n');
    expect(mayReachCredentialParameter(main(constructor))).toBe(true);

    // A token of a parser, passed along: a call, not a declaration.
    const argument = project('declare function offset(a: unknown, b: unknown): void;\nconst idToken = next();\noffset(idToken, 1);\n');
    expect(mayReachCredentialParameter(main(argument))).toBe(false);
  });

  it('find credential header names and what makes a logged value a credential', () => {
    const header = project("export const HEADER = 'Authorization';\n");
    expect(mayReachCredentialHeader(main(header))).toBe(true);
    expect(mayReachLoggedCredential(main(header))).toBe(true);

    const shared = project('export const config = { apiKey: process.env.KEY };\n');
    expect(mayReachLoggedCredential(main(shared))).toBe(true);

    // A local variable named like a credential cannot reach another module's log call by its name.
    const local = project('export function indent() {\n  const idToken = first();\n  return idToken === undefined;\n}\n');
    expect(mayReachCredentialHeader(main(local))).toBe(true);
    expect(mayReachLoggedCredential(main(local))).toBe(false);

    const unrelated = project("const tokens = require('./token-store');\nexport const n = tokens.length;\n");
    expect(mayReachCredentialHeader(main(unrelated))).toBe(false);
    expect(mayReachLoggedCredential(main(unrelated))).toBe(false);
  });

  it('find every strong credential name, whatever its case, separators and trailing digits', () => {
    const root = project('export const x = 1;\n');
    const word = fc.constantFrom('api', 'client', 'access', 'private', 'signing', 'db', 'refresh', 'key', 'secret', 'token', 'password', 'pwd', 'passphrase', 'pem', 'jwk', 'value', 'name');
    const join = fc.constantFrom('camel', 'snake', 'upper', 'kebab');
    const tail = fc.constantFrom('', 's', '_', '2', '_2', '$', '__', '-1');
    const names = fc.tuple(fc.array(word, { minLength: 1, maxLength: 3 }), join, tail).map(([words, style, end]) => {
      const joined =
        style === 'camel' ? words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')
        : style === 'snake' ? words.join('_')
        : style === 'upper' ? words.join('_').toUpperCase()
        : words.join('-');
      return joined + end;
    });
    let strong = 0;
    fc.assert(
      fc.property(names, (name) => {
        if (credentialName(name)?.strength !== 'strong') return;
        strong++;
        // Quoted, so kebab-case names are written as they would be: a header or a form key.
        const analysis = main(root, `export const value = config[${JSON.stringify(name)}];\n`);
        expect(writesCredentialName(analysis), name).toBe(true);
      }),
      { seed: 7, numRuns: 400 },
    );
    // The generator must have produced strong names for the property to say anything.
    expect(strong).toBeGreaterThan(50);
  });

  it('read a file again when it was reached through the linted buffer, whose disk text was not searched', () => {
    // lib.ts imports main.ts back. On disk main.ts names Tango; the buffer being linted does not.
    const root = project('export const x = 1;\n', "export * from './deep';\nexport * from './main';\n");
    fs.writeFileSync(path.join(root, 'src/main.ts'), "import './lib';\nexport const base = process.env.TANGO_BASE_URL;\n");
    expect(mayReachTango(main(root, "import { x } from './lib';\nexport const y = x;\n"))).toBe(false);
    // other.ts reaches main.ts on disk through lib.ts: lib.ts must not have been judged Tango-free.
    const other = analyze({ filePath: path.join(root, 'src/other.ts'), text: "import { x } from './lib';\nexport const z = x;\n", settings: DEFAULT_SETTINGS });
    expect(mayReachTango(other)).toBe(true);
  });

  it('share the scan of a linted buffer with the file on disk only when their texts are the same', () => {
    const tango = "export const base = 'https://integration-api.tangocard.com';\n";
    const same = project('export const x = 1;\n', tango);
    expect(mayReachTango(analyze({ filePath: path.join(same, 'src/lib.ts'), text: tango, settings: DEFAULT_SETTINGS }))).toBe(true);
    expect(mayReachTango(main(same))).toBe(true);

    // An unsaved buffer that names Tango says nothing of lib.ts on disk, which does not.
    const unsaved = project('export const x = 1;\n', 'export const base = process.env.API_URL;\n');
    expect(mayReachTango(analyze({ filePath: path.join(unsaved, 'src/lib.ts'), text: tango, settings: DEFAULT_SETTINGS }))).toBe(true);
    expect(mayReachTango(main(unsaved))).toBe(false);

    // Buffers of the same length as the file on disk, differing in one character: in the middle,
    // and as the last character of a text of odd length.
    for (const [disk, buffer] of [
      ["export const base = 'https://xxxxx-api.example.com';\n", "export const base = 'https://tango-api.example.com';\n"],
      ['export const base = 12; // raaz', 'export const base = 12; // raas'],
    ] as const) {
      expect(buffer.length).toBe(disk.length);
      const root = project('export const x = 1;\n', disk);
      expect(mayReachTango(analyze({ filePath: path.join(root, 'src/lib.ts'), text: buffer, settings: DEFAULT_SETTINGS }))).toBe(true);
      expect(mayReachTango(main(root))).toBe(false);
    }
    expect('export const base = 12; // raas'.length % 2).toBe(1);
  });

  it('keep what the files on disk say while a buffer is edited, and see a file changed on disk', () => {
    const root = project("export const base = 'https://api.example.com';\n");
    const deep = path.join(root, 'src/deep.ts');
    const read = vi.spyOn(fs, 'readFileSync');
    try {
      expect(mayReachTango(main(root, "import { base } from './lib';\nexport const a = base;\n"))).toBe(false);
      const readsOfDeep = (): number => read.mock.calls.filter(([file]) => file === deep).length;
      expect(readsOfDeep()).toBe(1);
      // Each keystroke is a new buffer: the modules it imports are not read again.
      expect(mayReachTango(main(root, "import { base } from './lib';\nexport const ab = base;\n"))).toBe(false);
      expect(mayReachTango(main(root, "import { base } from './lib';\nexport const abc = base;\n"))).toBe(false);
      expect(readsOfDeep()).toBe(1);
      // Saved with a Tango host: the next edit sees it.
      fs.writeFileSync(deep, "export const base = 'https://integration-api.tangocard.com';\n");
      expect(mayReachTango(main(root, "import { base } from './lib';\nexport const abcd = base;\n"))).toBe(true);
      expect(readsOfDeep()).toBe(2);
    } finally {
      read.mockRestore();
    }
  });

  it('find a TLS option set in an imported module, and none where no module sets one', () => {
    const agent = project("import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n");
    expect(mayReachTlsOption(main(agent))).toBe(true);
    const plain = project("import https from 'node:https';\nexport const agent = new https.Agent({ keepAlive: true });\n");
    expect(mayReachTlsOption(main(plain))).toBe(false);
  });
});
