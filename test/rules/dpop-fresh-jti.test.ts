import rule from '../../src/rules/dpop-fresh-jti.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('dpop-fresh-jti', rule, {
  valid: [
    {
      name: 'a table of claim names for error messages, not a proof',
      code: lines(
        'const claimNames: Record<string, string> = {',
        "  jti: 'jwt id',",
        "  htm: 'http method',",
        "  htu: 'http uri',",
        "  iat: 'issued at',",
        '};',
        'export function missing(claim: string): Error {',
        '  return new Error(`JWT "${claim}" (${claimNames[claim]}) claim missing`);',
        '}',
      ),
    },
    {
      name: 'jose: setJti(randomUUID()) per proof',
      code: lines(
        "import { SignJWT } from 'jose';",
        "import { randomUUID } from 'node:crypto';",
        'export function proof(htm: string, htu: string, publicJwk: object, key: CryptoKey) {',
        '  return new SignJWT({ htm, htu })',
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .setJti(randomUUID())',
        '    .sign(key);',
        '}',
      ),
    },
    {
      name: 'claims with crypto.randomUUID(), uuid v4, nanoid and random bytes',
      code: lines(
        "import { v4 as uuidv4 } from 'uuid';",
        "import { nanoid } from 'nanoid';",
        "import { randomBytes } from 'node:crypto';",
        'export function claims(htu: string) {',
        '  return [',
        "    { jti: crypto.randomUUID(), htm: 'GET', htu },",
        "    { jti: uuidv4(), htm: 'GET', htu },",
        "    { jti: nanoid(), htm: 'GET', htu },",
        "    { jti: randomBytes(16).toString('base64url'), htm: 'GET', htu },",
        '  ];',
        '}',
      ),
    },
    {
      name: 'CommonJS jsonwebtoken: jwtid from randomUUID',
      filename: 'proof.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        "const crypto = require('node:crypto');",
        'function proof(htu, privateKey, jwk) {',
        "  return jwt.sign({ htm: 'GET', htu }, privateKey, { algorithm: 'ES256', jwtid: crypto.randomUUID(), header: { typ: 'dpop+jwt', jwk } });",
        '}',
        'module.exports = { proof };',
      ),
    },
    {
      name: 'a new proof for each attempt of a retry loop',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function order(keyPair: CryptoKeyPair, token: string, body: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        '  for (let attempt = 0; attempt < 3; attempt++) {',
        "    const proof = await generateProof(keyPair, url, 'POST', undefined, token);",
        "    const response = await fetch(url, { method: 'POST', body, headers: { DPoP: proof, Authorization: `DPoP ${token}` } });",
        '    if (response.status !== 503) return response;',
        '  }',
        "  throw new Error('Tango unavailable');",
        '}',
      ),
    },
    {
      name: 'an axios interceptor that builds a proof per request',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        "  const url = new URL(config.url ?? '', config.baseURL);",
        '  config.headers.DPoP = await generateProof(keyPair, url.origin + url.pathname, config.method!.toUpperCase(), undefined, token);',
        '  return config;',
        '});',
      ),
    },
    {
      name: 'oauth4webapi makes a proof per request',
      filename: 'client.mjs',
      code: lines(
        "import * as oauth from 'oauth4webapi';",
        'const DPoP = oauth.DPoP(client, keyPair);',
        "export const catalogs = (token) => oauth.protectedResourceRequest(token, 'GET', new URL('https://api.tangocard.com/raas/v2/catalogs'), new Headers(), null, { DPoP });",
      ),
    },
    {
      name: 'a module-scope constant that is not a jti',
      code: lines(
        "const CLIENT_NAME = 'rewards-service';",
        "export const claims = (htu: string) => ({ jti: crypto.randomUUID(), htm: 'GET', htu, sub: CLIENT_NAME });",
      ),
    },
    {
      name: 'cross-file: every call to the helper makes a new proof',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  await fetch(url, { headers: { DPoP: await createProof('GET', url, accessToken), Authorization: `DPoP ${accessToken}` } });",
        "  await fetch(url, { headers: { DPoP: await createProof('GET', url, accessToken), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
    },
    {
      name: 'a configuration object with a dpop setting is not a header',
      code: lines("export const authConfig = { scheme: 'dpop', dpop: 'required', proofLifetime: 60 };"),
    },
    {
      name: 'a test file that pins jti to snapshot a proof',
      filename: 'test/proof.test.ts',
      code: lines(
        "import { SignJWT } from 'jose';",
        "export const fixedProof = (key: CryptoKey, jwk: object) => new SignJWT({ jti: 'snapshot-jti', htm: 'GET', htu: 'https://a.example/' }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).setIssuedAt(1_700_000_000).sign(key);",
      ),
    },
  ],
  invalid: [
    {
      name: 'jose: a literal jti',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(htu: string, publicJwk: object, key: CryptoKey) {',
        "  return new SignJWT({ jti: 'dpop-proof', htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '}',
      ),
      errors: [
        {
          messageId: 'constant', line: 3, column: 29, endLine: 3, endColumn: 41,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                "import { SignJWT } from 'jose';",
                'export function proof(htu: string, publicJwk: object, key: CryptoKey) {',
                "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu })",
                "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
                '    .setIssuedAt()',
                '    .sign(key);',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'jose: setJti with an id made once at module scope',
      code: lines(
        "import { SignJWT } from 'jose';",
        "import { randomUUID } from 'node:crypto';",
        'const PROOF_ID = randomUUID();',
        'export function proof(htu: string, publicJwk: object, key: CryptoKey) {',
        "  return new SignJWT({ htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .setJti(PROOF_ID)',
        '    .sign(key);',
        '}',
      ),
      errors: [
        {
          messageId: 'shared', line: 8, column: 13, endLine: 8, endColumn: 21,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                "import { SignJWT } from 'jose';",
                "import { randomUUID } from 'node:crypto';",
                'const PROOF_ID = randomUUID();',
                'export function proof(htu: string, publicJwk: object, key: CryptoKey) {',
                "  return new SignJWT({ htm: 'GET', htu })",
                "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
                '    .setIssuedAt()',
                '    .setJti(crypto.randomUUID())',
                '    .sign(key);',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'jose: no jti at all',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(htu: string, publicJwk: object, key: CryptoKey) {',
        "  return new SignJWT({ htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '}',
      ),
      errors: [
        { messageId: 'missing', line: 3, column: 14, endLine: 3, endColumn: 21 },
      ],
    },
    {
      name: 'a class field, a counter and Date.now()',
      code: lines(
        'let sequence = 0;',
        'export class ProofFactory {',
        '  private readonly jti = crypto.randomUUID();',
        '  claims(htu: string) {',
        '    return [',
        "      { jti: this.jti, htm: 'GET', htu },",
        "      { jti: String(++sequence), htm: 'GET', htu },",
        "      { jti: `proof-${Date.now()}`, htm: 'GET', htu },",
        "      { jti: Math.random().toString(36).slice(2), htm: 'GET', htu },",
        '    ];',
        '  }',
        '}',
      ),
      errors: [
        {
          messageId: 'shared', line: 6, column: 14, endLine: 6, endColumn: 22,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                'let sequence = 0;',
                'export class ProofFactory {',
                '  private readonly jti = crypto.randomUUID();',
                '  claims(htu: string) {',
                '    return [',
                "      { jti: crypto.randomUUID(), htm: 'GET', htu },",
                "      { jti: String(++sequence), htm: 'GET', htu },",
                "      { jti: `proof-${Date.now()}`, htm: 'GET', htu },",
                "      { jti: Math.random().toString(36).slice(2), htm: 'GET', htu },",
                '    ];',
                '  }',
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'counter', line: 7, column: 14, endLine: 7, endColumn: 32,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                'let sequence = 0;',
                'export class ProofFactory {',
                '  private readonly jti = crypto.randomUUID();',
                '  claims(htu: string) {',
                '    return [',
                "      { jti: this.jti, htm: 'GET', htu },",
                "      { jti: crypto.randomUUID(), htm: 'GET', htu },",
                "      { jti: `proof-${Date.now()}`, htm: 'GET', htu },",
                "      { jti: Math.random().toString(36).slice(2), htm: 'GET', htu },",
                '    ];',
                '  }',
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'predictable', line: 8, column: 14, endLine: 8, endColumn: 35,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                'let sequence = 0;',
                'export class ProofFactory {',
                '  private readonly jti = crypto.randomUUID();',
                '  claims(htu: string) {',
                '    return [',
                "      { jti: this.jti, htm: 'GET', htu },",
                "      { jti: String(++sequence), htm: 'GET', htu },",
                "      { jti: crypto.randomUUID(), htm: 'GET', htu },",
                "      { jti: Math.random().toString(36).slice(2), htm: 'GET', htu },",
                '    ];',
                '  }',
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'predictable', line: 9, column: 14, endLine: 9, endColumn: 49,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                'let sequence = 0;',
                'export class ProofFactory {',
                '  private readonly jti = crypto.randomUUID();',
                '  claims(htu: string) {',
                '    return [',
                "      { jti: this.jti, htm: 'GET', htu },",
                "      { jti: String(++sequence), htm: 'GET', htu },",
                "      { jti: `proof-${Date.now()}`, htm: 'GET', htu },",
                "      { jti: crypto.randomUUID(), htm: 'GET', htu },",
                '    ];',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS jsonwebtoken: a constant jwtid',
      filename: 'proof.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        'function proof(htu, privateKey, jwk) {',
        "  return jwt.sign({ htm: 'GET', htu }, privateKey, { algorithm: 'ES256', jwtid: 'static-id', header: { typ: 'dpop+jwt', jwk } });",
        '}',
        'module.exports = { proof };',
      ),
      errors: [
        {
          messageId: 'constant', line: 3, column: 81, endLine: 3, endColumn: 92,
          suggestions: [
            {
              messageId: 'useRandomUuid',
              output: lines(
                "const jwt = require('jsonwebtoken');",
                'function proof(htu, privateKey, jwk) {',
                "  return jwt.sign({ htm: 'GET', htu }, privateKey, { algorithm: 'ES256', jwtid: crypto.randomUUID(), header: { typ: 'dpop+jwt', jwk } });",
                '}',
                'module.exports = { proof };',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a proof made once when the module loads',
      filename: 'client.mjs',
      code: lines(
        "import { generateProof } from 'dpop';",
        "export const proof = await generateProof(keyPair, 'https://integration-api.tangocard.com/raas/v2/catalogs', 'GET');",
      ),
      errors: [
        { messageId: 'reusedProof', line: 2, column: 28, endLine: 2, endColumn: 41 },
      ],
    },
    {
      name: 'a proof made before the retry loop',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function order(keyPair: CryptoKeyPair, token: string, body: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        "  const proof = await generateProof(keyPair, url, 'POST', undefined, token);",
        '  for (let attempt = 0; attempt < 3; attempt++) {',
        "    const response = await fetch(url, { method: 'POST', body, headers: { DPoP: proof, Authorization: `DPoP ${token}` } });",
        '    if (response.status !== 503) return response;',
        '  }',
        "  throw new Error('Tango unavailable');",
        '}',
      ),
      errors: [
        { messageId: 'reusedProof', line: 6, column: 80, endLine: 6, endColumn: 85 },
      ],
    },
    {
      name: 'a proof made before a retry helper',
      code: lines(
        "import pRetry from 'p-retry';",
        "import { generateProof } from 'dpop';",
        'export async function catalogs(keyPair: CryptoKeyPair, token: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  const proof = await generateProof(keyPair, url, 'GET', undefined, token);",
        '  return pRetry(() => fetch(url, { headers: { DPoP: proof, Authorization: `DPoP ${token}` } }), { retries: 3 });',
        '}',
      ),
      errors: [
        { messageId: 'reusedProof', line: 6, column: 53, endLine: 6, endColumn: 58 },
      ],
    },
    {
      name: 'one proof sent with two requests',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function both(keyPair: CryptoKeyPair, token: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  const proof = await generateProof(keyPair, url, 'GET', undefined, token);",
        '  await fetch(url, { headers: { DPoP: proof, Authorization: `DPoP ${token}` } });',
        '  await fetch(url, { headers: { DPoP: proof, Authorization: `DPoP ${token}` } });',
        '}',
      ),
      errors: [
        { messageId: 'reusedProof', line: 6, column: 39, endLine: 6, endColumn: 44 },
      ],
    },
    {
      name: 'a memoised proof and a cached proof',
      code: lines(
        "import memoize from 'lodash/memoize';",
        "import { generateProof } from 'dpop';",
        "const proofFor = memoize((url: string) => generateProof(keyPair, url, 'GET'));",
        'let cached: Promise<string> | undefined;',
        'function cachedProof(url: string): Promise<string> {',
        "  cached ??= generateProof(keyPair, url, 'GET');",
        '  return cached;',
        '}',
        'export async function call(url: string) {',
        '  await fetch(url, { headers: { DPoP: await proofFor(url) } });',
        '  await fetch(url, { headers: { DPoP: await cachedProof(url) } });',
        '}',
      ),
      errors: [
        { messageId: 'reusedProof', line: 10, column: 39, endLine: 10, endColumn: 58 },
        { messageId: 'reusedProof', line: 11, column: 39, endLine: 11, endColumn: 61 },
      ],
    },
    {
      name: 'a proof kept on the instance, and a hardcoded proof',
      code: lines(
        'export class TangoClient {',
        "  private proof = '';",
        '  async catalogs(token: string) {',
        "    await fetch('https://api.tangocard.com/raas/v2/catalogs', { headers: { DPoP: this.proof, Authorization: `DPoP ${token}` } });",
        "    await fetch('https://api.tangocard.com/raas/v2/catalogs', { headers: { DPoP: 'eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.c2ln', Authorization: `DPoP ${token}` } });",
        '  }',
        '}',
      ),
      errors: [
        { messageId: 'reusedProof', line: 4, column: 82, endLine: 4, endColumn: 92 },
        { messageId: 'reusedProof', line: 5, column: 82, endLine: 5, endColumn: 117 },
      ],
    },
    {
      name: 'an axios interceptor that attaches a module-level proof',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const startupProof = await generateProof(keyPair, 'https://integration-api.tangocard.com/raas/v2/catalogs', 'GET');",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use((config) => {',
        '  config.headers.DPoP = startupProof;',
        '  return config;',
        '});',
      ),
      errors: [
        { messageId: 'reusedProof', line: 6, column: 25, endLine: 6, endColumn: 37 },
      ],
    },
    {
      name: 'a got hook that attaches a module-level proof',
      filename: 'client.mjs',
      code: lines(
        "import got from 'got';",
        "import { proof } from './proof.mjs';",
        'export const tango = got.extend({',
        "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
        '  hooks: { beforeRequest: [(options) => { options.headers.dpop = proof; }] },',
        '});',
      ),
      errors: [
        { messageId: 'reusedProof', line: 5, column: 66, endLine: 5, endColumn: 71 },
      ],
    },
    {
      name: 'cross-file: a proof made once in another module',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { warmupProof } from './warmup.js';",
        'export async function catalogs(accessToken: string) {',
        "  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', {",
        '    headers: { DPoP: warmupProof, Authorization: `DPoP ${accessToken}` },',
        '  });',
        '}',
      ),
      errors: [
        { messageId: 'reusedProof', line: 4, column: 22, endLine: 4, endColumn: 33 },
      ],
    },
    {
      name: 'the helper module itself: a proof made when the module loads',
      filename: fixture('dpop-helper-module', 'src/warmup.ts'),
      code: lines(
        "import { createTokenProof } from './proof.js';",
        "export const warmupProof = await createTokenProof('https://integration-api.tangocard.com/raas/v2/catalogs');",
      ),
      errors: [
        { messageId: 'reusedProof', line: 2, column: 34, endLine: 2, endColumn: 50 },
      ],
    },
  ],
});
