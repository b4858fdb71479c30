import rule from '../../src/rules/dpop-require-ath.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('dpop-require-ath', rule, {
  valid: [
    {
      name: 'a helper that adds ath only when given a token, called with one',
      code: lines(
        "import { SignJWT, base64url } from 'jose';",
        "const sha256 = async (text: string) => base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));",
        'async function createProof(key: CryptoKey, jwk: object, method: string, htu: string, accessToken?: string) {',
        '  const claims = { htm: method, htu, ...(accessToken === undefined ? {} : { ath: await sha256(accessToken) }) };',
        "  return new SignJWT(claims).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).setIssuedAt().setJti(crypto.randomUUID()).sign(key);",
        '}',
        'export async function catalogs(key: CryptoKey, jwk: object, token: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  await fetch(url, { headers: { DPoP: await createProof(key, jwk, 'GET', url, token), Authorization: `DPoP ${token}` } });",
        "  return fetch('https://auth.tangocard.com/oauth/token', { method: 'POST', headers: { DPoP: await createProof(key, jwk, 'POST', 'https://auth.tangocard.com/oauth/token') } });",
        '}',
      ),
    },
    {
      name: 'jose: ath from WebCrypto SHA-256 and jose base64url',
      code: lines(
        "import { SignJWT, base64url } from 'jose';",
        "const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        'export async function catalogs(token: string, publicJwk: object, key: CryptoKey) {',
        "  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));",
        "  const proof = await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu: url, ath: base64url.encode(new Uint8Array(digest)) })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '  return fetch(url, { headers: { DPoP: proof, Authorization: `DPoP ${token}` } });',
        '}',
      ),
    },
    {
      name: "node:crypto: createHash('sha256') with base64url, and base64 made URL-safe",
      code: lines(
        "import { createHash } from 'node:crypto';",
        'export function claims(token: string, htu: string) {',
        '  return [',
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: createHash('sha256').update(token).digest('base64url') },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: createHash('sha256').update(token).digest('base64').replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '') },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: Buffer.from(createHash('sha256').update(token).digest()).toString('base64url') },",
        '  ];',
        '}',
      ),
    },
    {
      name: 'generateProof with the access token',
      filename: 'client.cjs',
      code: lines(
        "const { generateProof } = require('dpop');",
        'async function catalogs(keyPair, token) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { headers: { DPoP: await generateProof(keyPair, url, 'GET', undefined, token), Authorization: `DPoP ${token}` } });",
        '}',
        'module.exports = { catalogs };',
      ),
    },
    {
      name: 'the token request: a proof without ath and no access token yet',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function token(keyPair: CryptoKeyPair, basic: string) {',
        "  const url = 'https://auth.tangocard.com/oauth/token';",
        "  return fetch(url, { method: 'POST', headers: { DPoP: await generateProof(keyPair, url, 'POST'), Authorization: `Basic ${basic}` } });",
        '}',
      ),
    },
    {
      name: 'cross-file: the helper computes ath from the token the client passes',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        "import { proofFor } from './package-proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  await fetch(url, { headers: { DPoP: await createProof('GET', url, accessToken), Authorization: `DPoP ${accessToken}` } });",
        "  await fetch(url, { headers: { DPoP: await proofFor('GET', url, accessToken), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a helper that adds ath only when given a token, called without one for an API call',
      code: lines(
        "import { SignJWT, base64url } from 'jose';",
        "const sha256 = async (text: string) => base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));",
        'async function createProof(key: CryptoKey, jwk: object, method: string, htu: string, accessToken?: string) {',
        '  const claims = { htm: method, htu, ...(accessToken === undefined ? {} : { ath: await sha256(accessToken) }) };',
        "  return new SignJWT(claims).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).setIssuedAt().setJti(crypto.randomUUID()).sign(key);",
        '}',
        'export async function catalogs(key: CryptoKey, jwk: object, token: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { headers: { DPoP: await createProof(key, jwk, 'GET', url), Authorization: `DPoP ${token}` } });",
        '}',
      ),
      errors: [
        { messageId: 'missing', line: 9, column: 40, endLine: 9, endColumn: 79 },
      ],
    },
    {
      name: 'jose: a proof sent with an access token but without ath',
      code: lines(
        "import { SignJWT } from 'jose';",
        "const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        'export async function catalogs(token: string, publicJwk: object, key: CryptoKey) {',
        "  const proof = await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu: url })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '  return fetch(url, { headers: { DPoP: proof, Authorization: `DPoP ${token}` } });',
        '}',
      ),
      errors: [
        { messageId: 'missing', line: 4, column: 27, endLine: 4, endColumn: 34 },
      ],
    },
    {
      name: 'ath encoded as hex, as standard base64, with btoa, and hashed with SHA-1',
      code: lines(
        "import { createHash } from 'node:crypto';",
        'export async function claims(token: string, htu: string) {',
        "  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));",
        '  return [',
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: createHash('sha256').update(token).digest('hex') },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: createHash('sha256').update(token).digest('base64') },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: btoa(String.fromCharCode(...new Uint8Array(digest))) },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: createHash('sha1').update(token).digest('base64url') },",
        '  ];',
        '}',
      ),
      errors: [
        { messageId: 'encoding', line: 5, column: 55, endLine: 5, endColumn: 103 },
        { messageId: 'encoding', line: 6, column: 55, endLine: 6, endColumn: 106 },
        { messageId: 'encoding', line: 7, column: 55, endLine: 7, endColumn: 107 },
        { messageId: 'hash', line: 8, column: 55, endLine: 8, endColumn: 107 },
      ],
    },
    {
      name: 'ath that is the token itself, or the token encoded without hashing',
      code: lines(
        'export function claims(accessToken: string, htu: string) {',
        '  return [',
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: accessToken },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, ath: Buffer.from(accessToken).toString('base64url') },",
        '  ];',
        '}',
      ),
      errors: [
        { messageId: 'rawToken', line: 3, column: 55, endLine: 3, endColumn: 66 },
        { messageId: 'notHashed', line: 4, column: 55, endLine: 4, endColumn: 101 },
      ],
    },
    {
      name: 'CommonJS: generateProof without the access token, sent with one',
      filename: 'client.cjs',
      code: lines(
        "const { generateProof } = require('dpop');",
        'async function catalogs(keyPair, token) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { headers: { DPoP: await generateProof(keyPair, url, 'GET'), Authorization: `DPoP ${token}` } });",
        '}',
        'module.exports = { catalogs };',
      ),
      errors: [
        { messageId: 'missingArgument', line: 4, column: 46, endLine: 4, endColumn: 59 },
      ],
    },
    {
      name: 'generateProof with the token where the nonce goes',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function catalogs(keyPair: CryptoKeyPair, accessToken: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { headers: { DPoP: await generateProof(keyPair, url, 'GET', accessToken), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
      errors: [
        { messageId: 'tokenAsNonce', line: 4, column: 46, endLine: 4, endColumn: 59 },
      ],
    },
    {
      name: 'jsonwebtoken: hand-rolled proof without ath on an API call',
      filename: 'client.mjs',
      code: lines(
        "import jwt from 'jsonwebtoken';",
        "import { randomUUID } from 'node:crypto';",
        'export async function accounts(token, privateKey, jwk) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/accounts';",
        "  const proof = jwt.sign({ jti: randomUUID(), htm: 'GET', htu: url }, privateKey, { algorithm: 'ES256', header: { typ: 'dpop+jwt', jwk } });",
        '  return fetch(url, { headers: { Authorization: `DPoP ${token}`, DPoP: proof } });',
        '}',
      ),
      errors: [
        { messageId: 'missing', line: 5, column: 17, endLine: 5, endColumn: 25 },
      ],
    },
    {
      name: 'an axios interceptor: generateProof without the token it sends',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        "  const url = new URL(config.url ?? '', config.baseURL);",
        '  config.headers.DPoP = await generateProof(keyPair, url.origin + url.pathname, config.method!.toUpperCase());',
        '  config.headers.Authorization = `DPoP ${token}`;',
        '  return config;',
        '});',
      ),
      errors: [
        { messageId: 'missingArgument', line: 6, column: 31, endLine: 6, endColumn: 44 },
      ],
    },
    {
      name: 'a got beforeRequest hook: generateProof without the token it sends',
      filename: 'client.mjs',
      code: lines(
        "import got from 'got';",
        "import { generateProof } from 'dpop';",
        'export const tango = got.extend({',
        "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
        '  hooks: {',
        '    beforeRequest: [',
        '      async (options) => {',
        '        options.headers.dpop = await generateProof(keyPair, options.url.origin + options.url.pathname, options.method);',
        '        options.headers.authorization = `DPoP ${token}`;',
        '      },',
        '    ],',
        '  },',
        '});',
      ),
      errors: [
        { messageId: 'missingArgument', line: 8, column: 38, endLine: 8, endColumn: 51 },
      ],
    },
    {
      name: 'cross-file: the token-endpoint proof from a helper used for an API call',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createTokenProof } from './proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { method: 'POST', headers: { DPoP: await createTokenProof(url), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
      errors: [
        { messageId: 'missing', line: 4, column: 56, endLine: 4, endColumn: 83 },
      ],
    },
    {
      name: 'cross-file: a helper wrapping generateProof, called without the token',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { proofFor } from './package-proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { headers: { DPoP: await proofFor('GET', url), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
      errors: [
        { messageId: 'missingArgument', line: 4, column: 40, endLine: 4, endColumn: 66 },
      ],
    },
    {
      name: 'a helper whose ath is undefined without a token, called with undefined',
      code: lines(
        "import * as jose from 'jose';",
        "const athOf = async (token: string) => jose.base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))));",
        'async function createProof(method: string, htu: string, accessToken: string | undefined, key: CryptoKey, jwk: jose.JWK) {',
        '  return new jose.SignJWT({ htm: method, htu, iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID(), ath: accessToken ? await athOf(accessToken) : undefined })',
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk })",
        '    .sign(key);',
        '}',
        'export async function call(token: string, key: CryptoKey, jwk: jose.JWK) {',
        "  const url = 'https://api.tangocard.com/raas/v2/catalogs';",
        "  await fetch(url, { headers: { DPoP: await createProof('GET', url, token, key, jwk), Authorization: `DPoP ${token}` } });",
        "  await fetch(url, { headers: { DPoP: await createProof('GET', url, undefined, key, jwk), Authorization: `DPoP ${token}` } });",
        '}',
      ),
      errors: [
        { messageId: 'missing', line: 11, column: 39, endLine: 11, endColumn: 89 },
      ],
    },
  ],
});
