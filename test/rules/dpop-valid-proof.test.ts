import rule from '../../src/rules/dpop-valid-proof.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('dpop-valid-proof', rule, {
  valid: [
    {
      name: 'jose: a complete proof sent with the method it names',
      code: lines(
        "import { SignJWT } from 'jose';",
        "const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        'export async function catalogs(token: string, publicJwk: object, key: CryptoKey, ath: string) {',
        "  const proof = await new SignJWT({ htm: 'GET', htu: url, ath })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .setJti(crypto.randomUUID())',
        '    .sign(key);',
        "  return fetch(url, { method: 'GET', headers: { DPoP: proof, Authorization: `DPoP ${token}` } });",
        '}',
      ),
    },
    {
      name: 'jose: setIssuedAt with a Date or seconds, and claims with iat in seconds',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export async function proofs(htu: string, publicJwk: object, key: CryptoKey) {',
        "  const header = { typ: 'dpop+jwt', alg: 'EdDSA', jwk: publicJwk };",
        '  return [',
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader(header).setIssuedAt(new Date()).sign(key),",
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader(header).setIssuedAt(Math.floor(Date.now() / 1000)).sign(key),",
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu, iat: Math.round(Date.now() / 1000) }).setProtectedHeader(header).sign(key),",
        '  ];',
        '}',
      ),
    },
    {
      name: 'CommonJS jsonwebtoken: ES256 with typ and jwk in the header',
      filename: 'proof.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        "const { randomUUID } = require('node:crypto');",
        'function proof(method, htu, privateKey, jwk) {',
        "  return jwt.sign({ jti: randomUUID(), htm: method, htu }, privateKey, { algorithm: 'ES256', header: { typ: 'dpop+jwt', jwk } });",
        '}',
        'module.exports = { proof };',
      ),
    },
    {
      name: 'an HS256 JWT that is not a DPoP proof (a client assertion)',
      code: lines(
        "import jwt from 'jsonwebtoken';",
        "export const assertion = (secret: string) => jwt.sign({ iss: 'client', sub: 'client', aud: 'https://auth.tangocard.com/oauth/token' }, secret, { algorithm: 'HS256' });",
      ),
    },
    {
      name: 'an axios interceptor that upper-cases the method',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        "  const target = new URL(config.url ?? '', config.baseURL);",
        '  config.headers.DPoP = await generateProof(keyPair, target.origin + target.pathname, config.method!.toUpperCase(), undefined, token);',
        '  config.headers.Authorization = `DPoP ${token}`;',
        '  return config;',
        '});',
        "export const order = (body: object) => api.post('/orders', body);",
      ),
    },
    {
      name: 'the method passed to the proof is the one the request uses',
      code: lines(
        "import { generateProof } from 'dpop';",
        "export async function send(keyPair: CryptoKeyPair, method: 'GET' | 'POST', token: string) {",
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        '  return fetch(url, { method, headers: { DPoP: await generateProof(keyPair, url, method, undefined, token), Authorization: `DPoP ${token}` } });',
        '}',
      ),
    },
    {
      name: 'cross-file: the client passes the method of its request',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function order(accessToken: string, body: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        "  return fetch(url, { method: 'POST', body, headers: { DPoP: await createProof('POST', url, accessToken), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'jose: typ JWT, alg HS256, iat in milliseconds',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(htu: string, publicJwk: object, secret: Uint8Array) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'JWT', alg: 'HS256', jwk: publicJwk })",
        '    .setIssuedAt(Date.now())',
        '    .sign(secret);',
        '}',
      ),
      errors: [
        { messageId: 'typ', line: 4, column: 32, endLine: 4, endColumn: 37 },
        { messageId: 'alg', line: 4, column: 44, endLine: 4, endColumn: 51 },
        { messageId: 'iatMilliseconds', line: 5, column: 18, endLine: 5, endColumn: 28 },
      ],
    },
    {
      name: "jose: no typ, no jwk, alg 'none', and no iat",
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(htu: string, key: CryptoKey) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ alg: 'none' }).sign(key);",
        '}',
      ),
      errors: [
        { messageId: 'iatMissing', line: 3, column: 14, endLine: 3, endColumn: 21 },
        { messageId: 'typMissing', line: 3, column: 14, endLine: 3, endColumn: 21 },
        { messageId: 'jwkMissing', line: 3, column: 14, endLine: 3, endColumn: 21 },
        { messageId: 'alg', line: 3, column: 95, endLine: 3, endColumn: 101 },
      ],
    },
    {
      name: 'CommonJS jsonwebtoken: no header typ and no algorithm',
      filename: 'proof.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        "const { randomUUID } = require('node:crypto');",
        'function proof(htu, privateKey, jwk) {',
        "  return jwt.sign({ jti: randomUUID(), htm: 'GET', htu }, privateKey, { header: { jwk } });",
        '}',
        'module.exports = { proof };',
      ),
      errors: [
        { messageId: 'typDefault', line: 4, column: 10, endLine: 4, endColumn: 18 },
        { messageId: 'algDefault', line: 4, column: 10, endLine: 4, endColumn: 18 },
      ],
    },
    {
      name: 'hand-built claims: iat as a constant, a Date, and Date.now() + skew',
      code: lines(
        'export function claims(htu: string) {',
        '  return [',
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, iat: 1700000000 },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, iat: new Date() },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu, iat: Date.now() - 5_000 },",
        '  ];',
        '}',
      ),
      errors: [
        { messageId: 'iatConstant', line: 3, column: 55, endLine: 3, endColumn: 65 },
        { messageId: 'iatDateObject', line: 4, column: 55, endLine: 4, endColumn: 65 },
        { messageId: 'iatMilliseconds', line: 5, column: 55, endLine: 5, endColumn: 73 },
      ],
    },
    {
      name: 'iat computed once when the module loads',
      filename: 'proof.mjs',
      code: lines(
        "import { SignJWT } from 'jose';",
        'const issuedAt = Math.floor(Date.now() / 1000);',
        'export function proof(htu, publicJwk, key) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu, iat: issuedAt }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk }).sign(key);",
        '}',
      ),
      errors: [
        { messageId: 'iatModuleLoad', line: 4, column: 72, endLine: 4, endColumn: 80 },
      ],
    },
    {
      name: 'htm that disagrees with the request method, and a lower-case htm',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function order(keyPair: CryptoKeyPair, token: string, body: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        "  await fetch(url, { method: 'POST', body, headers: { DPoP: await generateProof(keyPair, url, 'GET', undefined, token), Authorization: `DPoP ${token}` } });",
        "  await fetch(url, { method: 'POST', body, headers: { DPoP: await generateProof(keyPair, url, 'post', undefined, token), Authorization: `DPoP ${token}` } });",
        '}',
      ),
      errors: [
        { messageId: 'htmMismatch', line: 4, column: 95, endLine: 4, endColumn: 100 },
        { messageId: 'htmInvalid', line: 5, column: 95, endLine: 5, endColumn: 101 },
      ],
    },
    {
      name: 'axios: a GET proof on a POST, and an interceptor that passes the lower-case method',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        "  const target = new URL(config.url ?? '', config.baseURL);",
        '  config.headers.DPoP = await generateProof(keyPair, target.origin + target.pathname, config.method!, undefined, token);',
        '  return config;',
        '});',
        'export async function order(body: object) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        "  return axios.post(url, body, { headers: { DPoP: await generateProof(keyPair, url, 'GET', undefined, token), Authorization: `DPoP ${token}` } });",
        '}',
      ),
      errors: [
        { messageId: 'htmAxiosLowercase', line: 6, column: 87, endLine: 6, endColumn: 100 },
        { messageId: 'htmMismatch', line: 11, column: 85, endLine: 11, endColumn: 90 },
      ],
    },
    {
      name: 'a got hook that signs every request as GET, used for a POST',
      filename: 'client.mjs',
      code: lines(
        "import got from 'got';",
        "import { generateProof } from 'dpop';",
        'const tango = got.extend({',
        "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
        "  hooks: { beforeRequest: [async (options) => { options.headers.dpop = await generateProof(keyPair, options.url.origin + options.url.pathname, 'GET'); }] },",
        '});',
        "export const order = (json) => tango.post('orders', { json });",
      ),
      errors: [
        { messageId: 'htmMismatch', line: 5, column: 144, endLine: 5, endColumn: 149 },
      ],
    },
    {
      name: 'jose: no htm and no htu',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(publicJwk: object, key: CryptoKey) {',
        "  return new SignJWT({ jti: crypto.randomUUID() }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk }).setIssuedAt().sign(key);",
        '}',
      ),
      errors: [
        { messageId: 'missingClaim', line: 3, column: 14, endLine: 3, endColumn: 21 },
        { messageId: 'missingClaim', line: 3, column: 14, endLine: 3, endColumn: 21 },
      ],
    },
    {
      name: 'cross-file: the client asks the helper for a GET proof and sends a DELETE',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function cancel(accessToken: string, id: string) {',
        '  const url = `https://integration-api.tangocard.com/raas/v2/orders/${id}`;',
        "  return fetch(url, { method: 'DELETE', headers: { DPoP: await createProof('GET', url, accessToken), Authorization: `DPoP ${accessToken}` } });",
        '}',
      ),
      errors: [
        { messageId: 'htmMismatch', line: 4, column: 76, endLine: 4, endColumn: 81 },
      ],
    },
    {
      name: 'cross-file CommonJS: a jsonwebtoken helper asked for GET, sent with POST',
      filename: fixture('dpop-helper-module', 'src/client.cjs'),
      code: lines(
        "const { signProof } = require('./legacy-proof.cjs');",
        'async function order(accessToken, privateKey, publicJwk, body) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        "  return fetch(url, { method: 'POST', body, headers: { DPoP: signProof('GET', url, privateKey, publicJwk), Authorization: `DPoP ${accessToken}` } });",
        '}',
        'module.exports = { order };',
      ),
      errors: [
        { messageId: 'htmMismatch', line: 4, column: 72, endLine: 4, endColumn: 77 },
      ],
    },
  ],
});
