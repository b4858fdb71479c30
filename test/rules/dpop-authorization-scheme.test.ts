import rule from '../../src/rules/dpop-authorization-scheme.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('dpop-authorization-scheme', rule, {
  valid: [
    {
      name: 'a DPoP-bound token sent with the DPoP scheme and a proof (jose)',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export async function catalogs(token: string, proof: string) {',
        "  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', {",
        '    headers: { Authorization: `DPoP ${token}`, DPoP: proof },',
        '  });',
        '}',
      ),
    },
    {
      name: 'a Bearer token with no proof and no sign of DPoP',
      code: lines(
        'export async function repos(token: string) {',
        "  return fetch('https://api.github.com/user/repos', { headers: { Authorization: `Bearer ${token}` } });",
        '}',
      ),
    },
    {
      name: 'Basic client authentication on the token request that sends a proof',
      filename: 'token.cjs',
      code: lines(
        "const { generateProof } = require('dpop');",
        'async function token(keyPair, basic) {',
        "  return fetch('https://auth.tangocard.com/oauth/token', {",
        "    method: 'POST',",
        "    headers: { Authorization: 'Basic ' + basic, DPoP: await generateProof(keyPair, 'https://auth.tangocard.com/oauth/token', 'POST') },",
        '  });',
        '}',
        'module.exports = { token };',
      ),
    },
    {
      name: 'the scheme taken from token_type',
      code: lines(
        'export async function call(body: { access_token: string; token_type: string }, proof: string) {',
        "  return fetch('https://api.tangocard.com/raas/v2/accounts', {",
        '    headers: { Authorization: `${body.token_type} ${body.access_token}`, DPoP: proof },',
        '  });',
        '}',
      ),
    },
    {
      name: "dpop: 'always' leaves requests to other APIs alone, even ones named tango",
      settings: { tango: { dpop: 'always' } },
      code: lines(
        'export async function lessons(token: string) {',
        "  return fetch('https://tango-dance-school.example/api/lessons', { headers: { Authorization: `Bearer ${token}` } });",
        '}',
      ),
    },
    {
      name: "dpop: 'never' trusts that tokens are not DPoP-bound",
      settings: { tango: { dpop: 'never' } },
      code: lines(
        "import axios from 'axios';",
        'export async function run(proof: string) {',
        "  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', 'grant_type=client_credentials', { headers: { DPoP: proof } });",
        "  return axios.get('https://api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: `Bearer ${data.access_token}` } });",
        '}',
      ),
    },
    {
      name: 'oauth4webapi sets the scheme and the proof itself',
      filename: 'client.mjs',
      code: lines(
        "import * as oauth from 'oauth4webapi';",
        'export async function catalogs(client, keyPair, accessToken) {',
        '  const DPoP = oauth.DPoP(client, keyPair);',
        "  return oauth.protectedResourceRequest(accessToken, 'GET', new URL('https://api.tangocard.com/raas/v2/catalogs'), new Headers(), null, { DPoP });",
        '}',
      ),
    },
    {
      name: 'cross-file: a helper builds the proof, the client uses the DPoP scheme',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = new URL('https://integration-api.tangocard.com/raas/v2/catalogs');",
        '  return fetch(url, {',
        "    headers: { DPoP: await createProof('GET', url.origin + url.pathname, accessToken), Authorization: `DPoP ${accessToken}` },",
        '  });',
        '}',
      ),
    },
    {
      name: 'a scheme chosen by whether the token is DPoP-bound',
      code: lines(
        'export async function call(token: string, proof: string | undefined) {',
        "  return fetch('https://api.tangocard.com/raas/v2/accounts', {",
        '    headers: { Authorization: proof ? `DPoP ${token}` : `Bearer ${token}`, ...(proof ? { DPoP: proof } : {}) },',
        '  });',
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'Bearer beside a DPoP proof (fetch, jose)',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export async function catalogs(token: string, proof: string) {',
        "  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', {",
        '    headers: { Authorization: `Bearer ${token}`, DPoP: proof },',
        '  });',
        '}',
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 4, column: 31, endLine: 4, endColumn: 48,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "import { SignJWT } from 'jose';",
                'export async function catalogs(token: string, proof: string) {',
                "  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', {",
                '    headers: { Authorization: `DPoP ${token}`, DPoP: proof },',
                '  });',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: Bearer concatenated beside a generateProof proof (axios)',
      filename: 'client.cjs',
      code: lines(
        "const axios = require('axios');",
        "const { generateProof } = require('dpop');",
        'async function accounts(keyPair, token) {',
        "  const url = 'https://api.tangocard.com/raas/v2/accounts';",
        '  return axios.get(url, {',
        "    headers: { Authorization: 'Bearer ' + token, DPoP: await generateProof(keyPair, url, 'GET', undefined, token) },",
        '  });',
        '}',
        'module.exports = { accounts };',
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 6, column: 31, endLine: 6, endColumn: 48,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "const axios = require('axios');",
                "const { generateProof } = require('dpop');",
                'async function accounts(keyPair, token) {',
                "  const url = 'https://api.tangocard.com/raas/v2/accounts';",
                '  return axios.get(url, {',
                "    headers: { Authorization: 'DPoP ' + token, DPoP: await generateProof(keyPair, url, 'GET', undefined, token) },",
                '  });',
                '}',
                'module.exports = { accounts };',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an axios interceptor that sets the proof and a Bearer header',
      code: lines(
        "import axios from 'axios';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        "  const url = new URL(config.url ?? '', config.baseURL);",
        '  config.headers.DPoP = await generateProof(keyPair, url.origin + url.pathname, config.method!.toUpperCase(), undefined, token);',
        '  config.headers.Authorization = `Bearer ${token}`;',
        '  return config;',
        '});',
        "export const catalogs = () => api.get('/catalogs');",
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 7, column: 34, endLine: 7, endColumn: 51,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "import axios from 'axios';",
                "import { generateProof } from 'dpop';",
                "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
                'api.interceptors.request.use(async (config) => {',
                "  const url = new URL(config.url ?? '', config.baseURL);",
                '  config.headers.DPoP = await generateProof(keyPair, url.origin + url.pathname, config.method!.toUpperCase(), undefined, token);',
                '  config.headers.Authorization = `DPoP ${token}`;',
                '  return config;',
                '});',
                "export const catalogs = () => api.get('/catalogs');",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a got beforeRequest hook that sets the proof and a Bearer header',
      filename: 'client.mjs',
      code: lines(
        "import got from 'got';",
        "import { generateProof } from 'dpop';",
        'export const tango = got.extend({',
        "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
        '  hooks: {',
        '    beforeRequest: [',
        '      async (options) => {',
        '        options.headers.dpop = await generateProof(keyPair, options.url.origin + options.url.pathname, options.method, undefined, token);',
        "        options.headers.authorization = 'Bearer ' + token;",
        '      },',
        '    ],',
        '  },',
        '});',
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 9, column: 41, endLine: 9, endColumn: 58,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "import got from 'got';",
                "import { generateProof } from 'dpop';",
                'export const tango = got.extend({',
                "  prefixUrl: 'https://integration-api.tangocard.com/raas/v2',",
                '  hooks: {',
                '    beforeRequest: [',
                '      async (options) => {',
                '        options.headers.dpop = await generateProof(keyPair, options.url.origin + options.url.pathname, options.method, undefined, token);',
                "        options.headers.authorization = 'DPoP ' + token;",
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
      name: 'superagent: set(DPoP) and set(Authorization, Bearer)',
      code: lines(
        "import request from 'superagent';",
        'export function accounts(token: string, proof: string) {',
        "  return request.get('https://api.tangocard.com/raas/v2/accounts').set('DPoP', proof).set('Authorization', `Bearer ${token}`);",
        '}',
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 3, column: 108, endLine: 3, endColumn: 125,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "import request from 'superagent';",
                'export function accounts(token: string, proof: string) {',
                "  return request.get('https://api.tangocard.com/raas/v2/accounts').set('DPoP', proof).set('Authorization', `DPoP ${token}`);",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'new Headers with a proof and Bearer',
      code: lines(
        'export function headers(token: string, proof: string): Headers {',
        '  return new Headers({ DPoP: proof, Authorization: `Bearer ${token}` });',
        '}',
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 2, column: 52, endLine: 2, endColumn: 69,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                'export function headers(token: string, proof: string): Headers {',
                '  return new Headers({ DPoP: proof, Authorization: `DPoP ${token}` });',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a token from a token request that sent a proof, later sent as Bearer',
      code: lines(
        "import { generateProof } from 'dpop';",
        'async function getToken(keyPair: CryptoKeyPair) {',
        "  const response = await fetch('https://auth.tangocard.com/oauth/token', {",
        "    method: 'POST',",
        "    headers: { DPoP: await generateProof(keyPair, 'https://auth.tangocard.com/oauth/token', 'POST') },",
        "    body: new URLSearchParams({ grant_type: 'client_credentials' }),",
        '  });',
        '  const { access_token } = await response.json();',
        '  return access_token as string;',
        '}',
        'export async function catalogs(keyPair: CryptoKeyPair) {',
        '  const token = await getToken(keyPair);',
        "  return fetch('https://api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: `Bearer ${token}` } });",
        '}',
      ),
      errors: [
        {
          messageId: 'bearerDpopToken', line: 13, column: 90, endLine: 13, endColumn: 107,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "import { generateProof } from 'dpop';",
                'async function getToken(keyPair: CryptoKeyPair) {',
                "  const response = await fetch('https://auth.tangocard.com/oauth/token', {",
                "    method: 'POST',",
                "    headers: { DPoP: await generateProof(keyPair, 'https://auth.tangocard.com/oauth/token', 'POST') },",
                "    body: new URLSearchParams({ grant_type: 'client_credentials' }),",
                '  });',
                '  const { access_token } = await response.json();',
                '  return access_token as string;',
                '}',
                'export async function catalogs(keyPair: CryptoKeyPair) {',
                '  const token = await getToken(keyPair);',
                "  return fetch('https://api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: `DPoP ${token}` } });",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a token checked to be DPoP-bound, then sent as Bearer',
      code: lines(
        'export async function call(body: { access_token: string; token_type: string }) {',
        "  if (body.token_type !== 'DPoP') throw new Error('expected a DPoP-bound token');",
        "  return fetch('https://api.tangocard.com/raas/v2/accounts', { headers: { Authorization: `Bearer ${body.access_token}` } });",
        '}',
      ),
      errors: [
        {
          messageId: 'bearerTokenType', line: 3, column: 90, endLine: 3, endColumn: 119,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                'export async function call(body: { access_token: string; token_type: string }) {',
                "  if (body.token_type !== 'DPoP') throw new Error('expected a DPoP-bound token');",
                "  return fetch('https://api.tangocard.com/raas/v2/accounts', { headers: { Authorization: `DPoP ${body.access_token}` } });",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: "dpop: 'always': Bearer on a Tango request",
      settings: { tango: { dpop: 'always' } },
      code: lines(
        'export async function catalogs(token: string) {',
        "  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: `Bearer ${token}` } });",
        '}',
      ),
      errors: [
        {
          messageId: 'bearerAlways', line: 2, column: 102, endLine: 2, endColumn: 119,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                'export async function catalogs(token: string) {',
                "  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: `DPoP ${token}` } });",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: a proof from a helper module sent with Bearer',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { createProof } from './proof.js';",
        'export async function catalogs(accessToken: string) {',
        "  const url = new URL('https://integration-api.tangocard.com/raas/v2/catalogs');",
        '  const authorization = `Bearer ${accessToken}`;',
        '  return fetch(url, {',
        "    headers: { DPoP: await createProof('GET', url.origin + url.pathname, accessToken), Authorization: authorization },",
        '  });',
        '}',
      ),
      errors: [
        {
          messageId: 'bearerWithProof', line: 6, column: 103, endLine: 6, endColumn: 116,
          suggestions: [
            {
              messageId: 'useDpopScheme',
              output: lines(
                "import { createProof } from './proof.js';",
                'export async function catalogs(accessToken: string) {',
                "  const url = new URL('https://integration-api.tangocard.com/raas/v2/catalogs');",
                '  const authorization = `DPoP ${accessToken}`;',
                '  return fetch(url, {',
                "    headers: { DPoP: await createProof('GET', url.origin + url.pathname, accessToken), Authorization: authorization },",
                '  });',
                '}',
              ),
            },
          ],
        },
      ],
    },
  ],
});
