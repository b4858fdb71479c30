import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { FIXTURES } from '../rules/rule-tester.js';

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** The element at `index`, which the caller knows is there. */
export function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no element ${index} in a list of ${list.length}`);
  return item;
}

/** A fixture source file, split into tokens with their leading trivia (joined, they give the text back). */
export interface CorpusFile {
  readonly filePath: string;
  readonly tokens: readonly string[];
}

/** Every JavaScript and TypeScript file of the fixture projects, tokenized once. */
export function fixtureCorpus(root = FIXTURES): CorpusFile[] {
  const files: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') stack.push(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name))) files.push(full);
    }
  }
  return files.sort().map((filePath) => ({ filePath, tokens: tokenize(fs.readFileSync(filePath, 'utf8'), filePath) }));
}

function tokenize(text: string, filePath: string): string[] {
  const variant = /\.[jt]sx$/.test(filePath) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, variant, text);
  const tokens: string[] = [];
  let start = 0;
  while (scanner.scan() !== ts.SyntaxKind.EndOfFileToken) {
    tokens.push(text.slice(start, scanner.getTokenEnd()));
    start = scanner.getTokenEnd();
  }
  tokens.push(text.slice(start));
  return tokens;
}

/** Code the analyzer has opinions about, inserted at random token boundaries. */
export const TANGO_SNIPPETS: readonly string[] = [
  " fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(order) }) ",
  " axios.create({ baseURL: process.env.TANGO_BASE_URL, timeout: 5_000, httpsAgent: new https.Agent({ rejectUnauthorized: false }) }) ",
  ' process.env.TANGO_PLATFORM_KEY || "tk_live_9fQ2xW7LmZ4RtV1BnC6YdE" ',
  " { accountIdentifier: req.body.account, customerIdentifier: req.params.c, utid: 'U1', amount: 5, externalRefID: crypto.randomUUID() } ",
  " new SignJWT({ jti: 'same', htm: 'POST', htu: url.href, iat: Date.now() }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'HS256', jwk: privateJwk }).sign(key) ",
  " headers: { Authorization: `Bearer ${token}`, DPoP: proof, 'X-Forwarded-For': `${ip}:${port}` } ",
  " for (let attempt = 0; attempt < 5; attempt++) { try { return await got.post(`${TANGO}/orders`, { json: body }); } catch (e) { if (e.response.statusCode === 400) continue; } } ",
  " res.json({ access_token: tokenResponse.access_token }) ",
  " console.log('token', tokenResponse.access_token, { headers }) ",
  " process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; ",
  " 'use client'; ",
  " import { tango } from './tango'; ",
  " export * from './client'; ",
  " const cfg = require('../config'); module.exports = { ...cfg, timeout: 0 }; ",
  " `http://api.tangocard.com/raas/v2/${path}?q=${q}#frag` ",
  " ky.post('raas/v2/orders', { prefixUrl: base }) ",
  " new undici.Agent({ connect: { rejectUnauthorized: false, minVersion: 'TLSv1' } }) ",
  " https.request({ host: 'mtls.tango-api.bhn.com', path: '/raas/v2/orders', method: 'POST' }) ",
  " -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY----- ",
  ' { kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fQLQ" } ',
];

/** Words that stress the parser's recovery and name lookups: keywords, prototype members, empty-ish names. */
const ODD_WORDS: readonly string[] = [
  'do', 'if', 'in', 'of', 'new', 'this', 'super', 'class', 'await', 'yield', 'async', 'get', 'set', 'static',
  'constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then', 'default', 'module',
  'exports', 'require', 'import', 'export', 'undefined', 'NaN', 'arguments', 'eval', '#private', '@decorator',
  '...', '?.', '??=', '=>', '`', '${', '}', '\\u0000', '\u2028', '\uD800', '\0', '<div>', '</', '/*', '//', "'", '"',
];

const OPENERS = ['(', '[', '{', 'f(', '() => ', 'async () => { await ', '`${', '{ a: ', 'new C(', '<T>(', 'x ? ', '!', 'function () { return '];
const CLOSERS = [')', ']', '}', ')', '', ' }', '}`', ' }', ')', ')', ' : y', '', '; }'];

export type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'drop'; readonly at: number; readonly count: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly count: number; readonly times: number }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number }
  | { readonly kind: 'nest'; readonly at: number; readonly count: number; readonly wrapper: number; readonly depth: number; readonly balanced: boolean }
  | { readonly kind: 'snippet'; readonly at: number; readonly snippet: number }
  | { readonly kind: 'word'; readonly at: number; readonly word: number }
  | { readonly kind: 'graft'; readonly at: number; readonly from: number; readonly start: number; readonly count: number };

/** One mutated input: a fixture file (by index), the mutations applied in order, and the extension it is analyzed as. */
export interface MutatedInput {
  readonly file: number;
  readonly mutations: readonly Mutation[];
  readonly extension: string;
}

const position = fc.nat();

/** Mutations of a token list; positions are taken modulo the list length, so they shrink well. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('drop' as const), at: position, count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, count: fc.integer({ min: 1, max: 12 }), times: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: position, other: position }),
  fc.record({
    kind: fc.constant('nest' as const),
    at: position,
    count: fc.integer({ min: 0, max: 20 }),
    wrapper: fc.nat({ max: OPENERS.length - 1 }),
    depth: fc.integer({ min: 1, max: 60 }),
    balanced: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('snippet' as const), at: position, snippet: fc.nat({ max: TANGO_SNIPPETS.length - 1 }) }),
  fc.record({ kind: fc.constant('word' as const), at: position, word: fc.nat({ max: ODD_WORDS.length - 1 }) }),
  fc.record({ kind: fc.constant('graft' as const), at: position, from: position, start: position, count: fc.integer({ min: 1, max: 40 }) }),
);

/** Inputs over a corpus of `size` files. */
export function mutatedInput(size: number): fc.Arbitrary<MutatedInput> {
  return fc.record({
    file: fc.nat({ max: size - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    extension: fc.constantFrom('', '.ts', '.tsx', '.js', '.jsx', '.cjs', '.mjs'),
  });
}

/** Applies the mutations to a corpus file's tokens; the result is the text to analyze. */
export function applyMutations(corpus: readonly CorpusFile[], input: MutatedInput): string {
  let tokens = [...at(corpus, input.file).tokens];
  for (const m of input.mutations) {
    const n = tokens.length;
    const position = n === 0 ? 0 : m.at % (n + 1);
    switch (m.kind) {
      case 'truncate':
        tokens = tokens.slice(0, position);
        break;
      case 'drop':
        tokens.splice(position, m.count);
        break;
      case 'duplicate': {
        const run = tokens.slice(position, position + m.count);
        for (let i = 0; i < m.times; i++) tokens.splice(position, 0, ...run);
        break;
      }
      case 'swap': {
        if (n < 2) break;
        const i = position % n;
        const j = m.other % n;
        [tokens[i], tokens[j]] = [at(tokens, j), at(tokens, i)];
        break;
      }
      case 'nest': {
        const open = at(OPENERS, m.wrapper).repeat(m.depth);
        const close = m.balanced ? at(CLOSERS, m.wrapper).repeat(m.depth) : '';
        tokens.splice(Math.min(position + m.count, tokens.length), 0, close);
        tokens.splice(position, 0, open);
        break;
      }
      case 'snippet':
        tokens.splice(position, 0, at(TANGO_SNIPPETS, m.snippet));
        break;
      case 'word':
        // Replaces the token when there is one, so identifiers become keywords and names vanish.
        tokens.splice(position, position < n ? 1 : 0, ` ${at(ODD_WORDS, m.word)}`);
        break;
      case 'graft': {
        const donor = at(corpus, m.from % corpus.length).tokens;
        const start = m.start % (donor.length + 1);
        tokens.splice(position, 0, ...donor.slice(start, start + m.count));
        break;
      }
    }
  }
  return tokens.join('');
}

/** Where a mutated input is analyzed: beside its fixture (so imports resolve into the fixture project), under the chosen extension. */
export function inputPath(corpus: readonly CorpusFile[], input: MutatedInput): string {
  const original = at(corpus, input.file).filePath;
  if (input.extension === '') return original;
  return original.slice(0, original.length - path.extname(original).length) + input.extension;
}
