import rule from '../../src/rules/dpop-htu-without-query.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('dpop-htu-without-query', rule, {
  valid: [
    {
      name: 'jose: htu from origin and pathname',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(method: string, url: URL, publicJwk: object, key: CryptoKey) {',
        '  return new SignJWT({ jti: crypto.randomUUID(), htm: method, htu: url.origin + url.pathname })',
        "  .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '}',
      ),
    },
    {
      name: 'a template of origin and pathname, and a literal without query',
      code: lines(
        'export function claims(url: URL) {',
        '  return [',
        '    { jti: crypto.randomUUID(), htm: "GET", htu: `${url.origin}${url.pathname}` },',
        "    { jti: crypto.randomUUID(), htm: 'POST', htu: 'https://integration-api.tangocard.com/raas/v2/orders' },",
        '  ];',
        '}',
      ),
    },
    {
      name: 'generateProof with a URL rebuilt from origin and pathname',
      filename: 'client.cjs',
      code: lines(
        "const { generateProof } = require('dpop');",
        'async function proofFor(keyPair, req) {',
        "  const url = new URL(req.originalUrl, 'https://integration-api.tangocard.com');",
        '  return generateProof(keyPair, url.origin + url.pathname, req.method);',
        '}',
        'module.exports = { proofFor };',
      ),
    },
    {
      name: 'the query string stripped by hand',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export function proofFor(keyPair: CryptoKeyPair, target: string) {',
        "  return generateProof(keyPair, target.split('?')[0], 'GET');",
        '}',
      ),
    },
    {
      name: 'href of something that is not a proof claim',
      code: lines("export const link = { href: new URL('https://example.com/?a=1').href, rel: 'self' };"),
    },
    {
      name: 'the request URL passed through when it is a literal without query',
      code: lines(
        "import { generateProof } from 'dpop';",
        "const CATALOGS = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        'export async function catalogs(keyPair: CryptoKeyPair, token: string) {',
        "  return fetch(CATALOGS, { headers: { DPoP: await generateProof(keyPair, CATALOGS, 'GET', undefined, token), Authorization: `DPoP ${token}` } });",
        '}',
      ),
    },
    {
      name: 'cross-file: the client passes origin + pathname to the helper',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = new URL('https://integration-api.tangocard.com/raas/v2/catalogs?page=2');",
        '  return fetch(url, {',
        "    headers: { DPoP: await createProof('GET', url.origin + url.pathname, accessToken), Authorization: `DPoP ${accessToken}` },",
        '  });',
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'jose: url.href',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(method: string, url: URL, publicJwk: object, key: CryptoKey) {',
        '  return new SignJWT({ jti: crypto.randomUUID(), htm: method, htu: url.href })',
        "  .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '}',
      ),
      errors: [
        {
          messageId: 'href', line: 3, column: 68, endLine: 3, endColumn: 76,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                "import { SignJWT } from 'jose';",
                'export function proof(method: string, url: URL, publicJwk: object, key: CryptoKey) {',
                '  return new SignJWT({ jti: crypto.randomUUID(), htm: method, htu: url.origin + url.pathname })',
                "  .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk })",
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
      name: 'hand-built claims: url.toString() and a URL object',
      code: lines(
        'export function claims(url: URL) {',
        '  return [',
        "    { jti: crypto.randomUUID(), htm: 'GET', htu: url.toString() },",
        "    { jti: crypto.randomUUID(), htm: 'GET', htu: url },",
        '  ];',
        '}',
      ),
      errors: [
        {
          messageId: 'toString', line: 3, column: 50, endLine: 3, endColumn: 64,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                'export function claims(url: URL) {',
                '  return [',
                "    { jti: crypto.randomUUID(), htm: 'GET', htu: url.origin + url.pathname },",
                "    { jti: crypto.randomUUID(), htm: 'GET', htu: url },",
                '  ];',
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'urlObject', line: 4, column: 50, endLine: 4, endColumn: 53,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                'export function claims(url: URL) {',
                '  return [',
                "    { jti: crypto.randomUUID(), htm: 'GET', htu: url.toString() },",
                "    { jti: crypto.randomUUID(), htm: 'GET', htu: url.origin + url.pathname },",
                '  ];',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'hand-built claims: a URL object in a shorthand property',
      code: lines(
        'export function claims(path: string) {',
        "  const htu = new URL(path, 'https://integration-api.tangocard.com');",
        "  return { jti: crypto.randomUUID(), htm: 'GET', htu };",
        '}',
      ),
      errors: [
        {
          messageId: 'urlObject', line: 3, column: 50, endLine: 3, endColumn: 53,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                'export function claims(path: string) {',
                "  const htu = new URL(path, 'https://integration-api.tangocard.com');",
                "  return { jti: crypto.randomUUID(), htm: 'GET', htu: htu.origin + htu.pathname };",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS jsonwebtoken: req.url from an Express handler',
      filename: 'proxy.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        "const { randomUUID } = require('node:crypto');",
        'function proofFor(req, privateKey, publicJwk) {',
        '  return jwt.sign({ jti: randomUUID(), htm: req.method, htu: req.url }, privateKey, {',
        "    algorithm: 'ES256',",
        "    header: { typ: 'dpop+jwt', jwk: publicJwk },",
        '  });',
        '}',
        'module.exports = { proofFor };',
      ),
      errors: [
        { messageId: 'requestUrl', line: 4, column: 62, endLine: 4, endColumn: 69 },
      ],
    },
    {
      name: 'a fetch Request in a route handler: request.url',
      filename: 'route.mjs',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function GET(request) {',
        "  return generateProof(keyPair, request.url, 'GET');",
        '}',
      ),
      errors: [
        { messageId: 'requestUrl', line: 3, column: 33, endLine: 3, endColumn: 44 },
      ],
    },
    {
      name: 'literals with a query string and a fragment',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function proofs(keyPair: CryptoKeyPair) {',
        "  await generateProof(keyPair, 'https://integration-api.tangocard.com/raas/v2/catalogs?verbose=true', 'GET');",
        "  await generateProof(keyPair, 'https://integration-api.tangocard.com/raas/v2/catalogs#top', 'GET');",
        '}',
      ),
      errors: [
        { messageId: 'queryLiteral', line: 3, column: 32, endLine: 3, endColumn: 101 },
        { messageId: 'queryLiteral', line: 4, column: 32, endLine: 4, endColumn: 92 },
      ],
    },
    {
      name: 'origin + pathname + search',
      code: lines(
        'export function claims(url: URL) {',
        "  return { jti: crypto.randomUUID(), htm: 'GET', htu: url.origin + url.pathname + url.search };",
        '}',
      ),
      errors: [
        { messageId: 'search', line: 2, column: 83, endLine: 2, endColumn: 93 },
      ],
    },
    {
      name: 'the request URL string passed through unchanged',
      code: lines(
        "import { generateProof } from 'dpop';",
        'export async function send(keyPair: CryptoKeyPair, target: string, token: string) {',
        "  return fetch(target, { headers: { DPoP: await generateProof(keyPair, target, 'GET', undefined, token), Authorization: `DPoP ${token}` } });",
        '}',
      ),
      errors: [
        { messageId: 'passedThrough', line: 3, column: 72, endLine: 3, endColumn: 78 },
      ],
    },
    {
      name: 'an axios interceptor: config.url',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        '  config.headers.DPoP = await generateProof(keyPair, config.url!, config.method!.toUpperCase(), undefined, token);',
        '  config.headers.Authorization = `DPoP ${token}`;',
        '  return config;',
        '});',
      ),
      errors: [
        { messageId: 'requestUrl', line: 5, column: 54, endLine: 5, endColumn: 64 },
      ],
    },
    {
      name: 'a got beforeRequest hook: options.url.href',
      filename: 'client.mjs',
      code: lines(
        "import got from 'got';",
        "import { generateProof } from 'dpop';",
        'export const tango = got.extend({',
        "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
        '  hooks: {',
        '    beforeRequest: [',
        '      async (options) => {',
        '        options.headers.dpop = await generateProof(keyPair, options.url.href, options.method, undefined, token);',
        '        options.headers.authorization = `DPoP ${token}`;',
        '      },',
        '    ],',
        '  },',
        '});',
      ),
      errors: [
        {
          messageId: 'href', line: 8, column: 61, endLine: 8, endColumn: 77,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                "import got from 'got';",
                "import { generateProof } from 'dpop';",
                'export const tango = got.extend({',
                "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
                '  hooks: {',
                '    beforeRequest: [',
                '      async (options) => {',
                '        options.headers.dpop = await generateProof(keyPair, options.url.origin + options.url.pathname, options.method, undefined, token);',
                '        options.headers.authorization = `DPoP ${token}`;',
                '      },',
                '    ],',
                '  },',
                '});',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a browser page: location.href',
      filename: 'page.js',
      code: lines(
        "import { generateProof } from 'dpop';",
        "export const proof = () => generateProof(keyPair, window.location.href, 'GET');",
      ),
      errors: [
        {
          messageId: 'href', line: 2, column: 51, endLine: 2, endColumn: 71,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                "import { generateProof } from 'dpop';",
                "export const proof = () => generateProof(keyPair, window.location.origin + window.location.pathname, 'GET');",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: the client passes url.href to a helper that uses it as htu',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = new URL('https://integration-api.tangocard.com/raas/v2/catalogs?page=2');",
        '  return fetch(url, {',
        "    headers: { DPoP: await createProof('GET', url.href, accessToken), Authorization: `DPoP ${accessToken}` },",
        '  });',
        '}',
      ),
      errors: [
        {
          messageId: 'href', line: 5, column: 47, endLine: 5, endColumn: 55,
          suggestions: [
            {
              messageId: 'useOriginPathname',
              output: lines(
                "import { createProof } from './proof.js';",
                'export async function catalogs(accessToken: string) {',
                "  const url = new URL('https://integration-api.tangocard.com/raas/v2/catalogs?page=2');",
                '  return fetch(url, {',
                "    headers: { DPoP: await createProof('GET', url.origin + url.pathname, accessToken), Authorization: `DPoP ${accessToken}` },",
                '  });',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file CommonJS: req.originalUrl passed to a jsonwebtoken helper',
      filename: fixture('dpop-helper-module', 'src/client.cjs'),
      code: lines(
        "const { signProof } = require('./legacy-proof.cjs');",
        'async function relay(req, accessToken, privateKey, publicJwk) {',
        "  return fetch('https://integration-api.tangocard.com/raas/v2/accounts', {",
        "    headers: { DPoP: signProof('GET', req.originalUrl, privateKey, publicJwk), Authorization: `DPoP ${accessToken}` },",
        '  });',
        '}',
        'module.exports = { relay };',
      ),
      errors: [
        { messageId: 'requestUrl', line: 4, column: 39, endLine: 4, endColumn: 54 },
      ],
    },
  ],
});
