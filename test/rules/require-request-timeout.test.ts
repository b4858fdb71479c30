import rule from '../../src/rules/require-request-timeout.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('require-request-timeout', rule, {
  valid: [
    {
      name: 'fetch with AbortSignal.timeout of 15 s',
      code: "export const catalogs = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { signal: AbortSignal.timeout(15_000) });",
    },
    {
      name: 'an AbortController aborted by setTimeout after 20 s',
      code: lines(
        'export async function catalogs() {',
        '  const controller = new AbortController();',
        '  const timer = setTimeout(() => controller.abort(), 20_000);',
        '  try {',
        "    return await fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { signal: controller.signal });",
        '  } finally {',
        '    clearTimeout(timer);',
        '  }',
        '}',
      ),
    },
    {
      name: 'an axios instance with a timeout, and axios.defaults',
      code: lines(
        "import axios from 'axios';",
        'axios.defaults.timeout = 30_000;',
        "const tango = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2', timeout: 20_000 });",
        "export const catalogs = () => tango.get('/catalogs');",
        "export const accounts = () => axios.get('https://integration-api.tangocard.com/raas/v2/accounts');",
      ),
    },
    {
      name: 'instance.defaults.timeout set after create',
      code: lines(
        "import axios from 'axios';",
        'const tango = axios.create({ baseURL: process.env.TANGO_BASE_URL });',
        'tango.defaults.timeout = 20_000;',
        "export const catalogs = () => tango.get('/catalogs');",
      ),
    },
    {
      name: 'got, ky, superagent and undici with long enough timeouts',
      code: lines(
        "import got from 'got';",
        "import ky from 'ky';",
        "import superagent from 'superagent';",
        "import { request } from 'undici';",
        "export const a = () => got('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: { request: 20_000 } });",
        "export const b = () => ky.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 30_000 });",
        "export const c = () => superagent.get('https://integration-api.tangocard.com/raas/v2/catalogs').timeout({ response: 20_000, deadline: 60_000 });",
        "export const d = () => request('https://integration-api.tangocard.com/raas/v2/catalogs', { headersTimeout: 20_000, bodyTimeout: 20_000 });",
      ),
    },
    {
      name: 'https.request with req.setTimeout',
      code: lines(
        "import https from 'node:https';",
        'export function catalogs() {',
        "  const req = https.request('https://integration-api.tangocard.com/raas/v2/catalogs');",
        '  req.setTimeout(20_000);',
        '  req.end();',
        '}',
      ),
    },
    {
      name: 'a timeout from the environment with a long default',
      code: lines(
        "import axios from 'axios';",
        'const timeout = Number(process.env.TANGO_TIMEOUT_MS ?? 20000);',
        "export const catalogs = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout });",
      ),
    },
    {
      name: 'requests that are not Tango: other APIs, a flash-card app, a dance site, an events feed',
      code: lines(
        "import axios from 'axios';",
        "const flashcards = axios.create({ baseURL: 'https://api.tango-flashcards.app/v1' });",
        'export async function run() {',
        "  await fetch('https://api.stripe.com/v1/charges');",
        "  await flashcards.get('/decks');",
        "  await fetch('https://www.tango-dance-berlin.de/milongas');",
        '  await fetch(`${process.env.TANGO_EVENTS_URL}/events`);',
        '}',
      ),
    },
    {
      name: "minimumMs lowered: 10 s timeouts and ky's default are enough",
      options: [{ minimumMs: 10000 }],
      code: lines(
        "import axios from 'axios';",
        "import ky from 'ky';",
        "export const a = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 10_000 });",
        "export const b = () => ky.get('https://integration-api.tangocard.com/raas/v2/catalogs');",
      ),
    },
    {
      name: 'CommonJS: axios with a timeout',
      filename: 'file.cjs',
      code: lines(
        "const axios = require('axios');",
        "module.exports.catalogs = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 20000 });",
      ),
    },
    {
      name: 'cross-file: an instance from another module with a timeout',
      filename: fixture('cross-file-base-url', 'src/orders.ts'),
      code: lines(
        "import { patient } from './http.js';",
        "export const createOrder = (order: object) => patient.post('/orders', order);",
      ),
    },
    {
      name: 'options built by another function carry a signal',
      code: lines(
        'function tangoInit(): RequestInit {',
        '  return { signal: AbortSignal.timeout(20_000) };',
        '}',
        'export const catalogs = () => fetch(`${process.env.TANGO_BASE_URL}/catalogs`, tangoInit());',
      ),
    },
  ],
  invalid: [
    {
      name: 'fetch without a signal',
      code: "export const catalogs = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');",
      errors: [
        {
          messageId: 'missing',
          data: { client: 'fetch', minimumMs: 15000, ms: 0 },
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: "export const catalogs = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { signal: AbortSignal.timeout(15_000) });",
            },
          ],
        },
      ],
    },
    {
      name: 'fetch with options but no signal',
      code: "export const order = (body: string) => fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body });",
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 40,
          endLine: 1,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: "export const order = (body: string) => fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body, signal: AbortSignal.timeout(15_000) });",
            },
          ],
        },
      ],
    },
    {
      name: 'axios shorthands and axios(config) without a timeout',
      code: lines(
        "import axios from 'axios';",
        'export async function run(order: object) {',
        "  await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs');",
        "  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', order);",
        "  await axios({ url: 'https://integration-api.tangocard.com/raas/v2/accounts', method: 'GET' });",
        '}',
      ),
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import axios from 'axios';",
                'export async function run(order: object) {',
                "  await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 15_000 });",
                "  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', order);",
                "  await axios({ url: 'https://integration-api.tangocard.com/raas/v2/accounts', method: 'GET' });",
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'missing',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import axios from 'axios';",
                'export async function run(order: object) {',
                "  await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs');",
                "  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', order, { timeout: 15_000 });",
                "  await axios({ url: 'https://integration-api.tangocard.com/raas/v2/accounts', method: 'GET' });",
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'missing',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import axios from 'axios';",
                'export async function run(order: object) {',
                "  await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs');",
                "  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', order);",
                "  await axios({ url: 'https://integration-api.tangocard.com/raas/v2/accounts', method: 'GET', timeout: 15_000 });",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'axios timeouts too short and disabled',
      code: lines(
        "import axios from 'axios';",
        "export const a = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 5000 });",
        "export const b = () => axios.get('https://integration-api.tangocard.com/raas/v2/accounts', { timeout: 0 });",
      ),
      errors: [
        {
          messageId: 'tooShort',
          data: { client: 'axios', minimumMs: 15000, ms: 5000 },
          line: 2,
          column: 103,
          endLine: 2,
          endColumn: 107,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              output: lines(
                "import axios from 'axios';",
                "export const a = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 15_000 });",
                "export const b = () => axios.get('https://integration-api.tangocard.com/raas/v2/accounts', { timeout: 0 });",
              ),
            },
          ],
        },
        {
          messageId: 'disabled',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 33,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a short instance timeout shared by two requests is reported once, at the literal',
      code: lines(
        "import axios from 'axios';",
        "const tango = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2', timeout: 3_000 });",
        "export const catalogs = () => tango.get('/catalogs');",
        "export const accounts = () => tango.get('/accounts');",
      ),
      errors: [
        {
          messageId: 'tooShort',
          line: 2,
          column: 97,
          endLine: 2,
          endColumn: 102,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              output: lines(
                "import axios from 'axios';",
                "const tango = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2', timeout: 15_000 });",
                "export const catalogs = () => tango.get('/catalogs');",
                "export const accounts = () => tango.get('/accounts');",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a wrapper is reported once, inside, not at each caller',
      code: lines(
        "import axios from 'axios';",
        "const BASE = 'https://integration-api.tangocard.com/raas/v2';",
        'async function tangoGet(path: string) {',
        '  return axios.get(`${BASE}${path}`);',
        '}',
        "export const catalogs = () => tangoGet('/catalogs');",
        "export const accounts = () => tangoGet('/accounts');",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import axios from 'axios';",
                "const BASE = 'https://integration-api.tangocard.com/raas/v2';",
                'async function tangoGet(path: string) {',
                '  return axios.get(`${BASE}${path}`, { timeout: 15_000 });',
                '}',
                "export const catalogs = () => tangoGet('/catalogs');",
                "export const accounts = () => tangoGet('/accounts');",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a wrapper whose URL comes from its callers',
      code: lines(
        'async function send(url: string, body: object) {',
        "  return fetch(url, { method: 'POST', body: JSON.stringify(body) });",
        '}',
        "export const order = (o: object) => send('https://integration-api.tangocard.com/raas/v2/orders', o);",
        "export const fund = (f: object) => send('https://integration-api.tangocard.com/raas/v2/creditCardDeposits', f);",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                'async function send(url: string, body: object) {',
                "  return fetch(url, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });",
                '}',
                "export const order = (o: object) => send('https://integration-api.tangocard.com/raas/v2/orders', o);",
                "export const fund = (f: object) => send('https://integration-api.tangocard.com/raas/v2/creditCardDeposits', f);",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'got without a timeout, ky with its 10 s default, and ky with timeout: false',
      code: lines(
        "import got from 'got';",
        "import ky from 'ky';",
        "const api = ky.create({ prefixUrl: 'https://integration-api.tangocard.com/raas/v2' }).extend({ timeout: false });",
        "export const a = () => got('https://integration-api.tangocard.com/raas/v2/catalogs');",
        "export const b = () => ky.get('https://integration-api.tangocard.com/raas/v2/catalogs');",
        "export const c = () => api.get('accounts');",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import got from 'got';",
                "import ky from 'ky';",
                "const api = ky.create({ prefixUrl: 'https://integration-api.tangocard.com/raas/v2' }).extend({ timeout: false });",
                "export const a = () => got('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: { request: 15_000 } });",
                "export const b = () => ky.get('https://integration-api.tangocard.com/raas/v2/catalogs');",
                "export const c = () => api.get('accounts');",
              ),
            },
          ],
        },
        {
          messageId: 'defaultTooShort',
          data: { client: 'ky', minimumMs: 15000, ms: 10000 },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import got from 'got';",
                "import ky from 'ky';",
                "const api = ky.create({ prefixUrl: 'https://integration-api.tangocard.com/raas/v2' }).extend({ timeout: false });",
                "export const a = () => got('https://integration-api.tangocard.com/raas/v2/catalogs');",
                "export const b = () => ky.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 15_000 });",
                "export const c = () => api.get('accounts');",
              ),
            },
          ],
        },
        {
          messageId: 'disabled',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
    {
      name: 'superagent: the timeout goes right after the request call',
      code: lines(
        "import superagent from 'superagent';",
        "export const catalogs = () => superagent.get('https://integration-api.tangocard.com/raas/v2/catalogs').set('Accept', 'application/json').then((res) => res.body);",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import superagent from 'superagent';",
                "export const catalogs = () => superagent.get('https://integration-api.tangocard.com/raas/v2/catalogs').timeout(15_000).set('Accept', 'application/json').then((res) => res.body);",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'undici request and https.request/get without timeouts',
      code: lines(
        "import { request } from 'undici';",
        "import https from 'node:https';",
        "export const a = () => request('https://integration-api.tangocard.com/raas/v2/catalogs');",
        "export const b = () => https.request({ hostname: 'integration-api.tangocard.com', path: '/raas/v2/catalogs' });",
        "export const c = () => https.get('https://integration-api.tangocard.com/raas/v2/accounts', (res) => res.resume());",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import { request } from 'undici';",
                "import https from 'node:https';",
                "export const a = () => request('https://integration-api.tangocard.com/raas/v2/catalogs', { headersTimeout: 15_000, bodyTimeout: 15_000 });",
                "export const b = () => https.request({ hostname: 'integration-api.tangocard.com', path: '/raas/v2/catalogs' });",
                "export const c = () => https.get('https://integration-api.tangocard.com/raas/v2/accounts', (res) => res.resume());",
              ),
            },
          ],
        },
        {
          messageId: 'missing',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import { request } from 'undici';",
                "import https from 'node:https';",
                "export const a = () => request('https://integration-api.tangocard.com/raas/v2/catalogs');",
                "export const b = () => https.request({ hostname: 'integration-api.tangocard.com', path: '/raas/v2/catalogs', timeout: 15_000 });",
                "export const c = () => https.get('https://integration-api.tangocard.com/raas/v2/accounts', (res) => res.resume());",
              ),
            },
          ],
        },
        {
          messageId: 'missing',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 33,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a timeout from the environment whose default is too short',
      code: lines(
        "import axios from 'axios';",
        'const timeout = Number(process.env.TANGO_TIMEOUT_MS ?? 5000);',
        "export const catalogs = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout });",
      ),
      errors: [
        {
          messageId: 'tooShort',
          data: { client: 'axios', minimumMs: 15000, ms: 5000 },
          line: 3,
          column: 31,
          endLine: 3,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    {
      name: 'minimumMs raised to 30 s',
      options: [{ minimumMs: 30000 }],
      code: lines(
        "import axios from 'axios';",
        "export const catalogs = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 20_000 });",
      ),
      errors: [
        {
          messageId: 'tooShort',
          data: { client: 'axios', minimumMs: 30000, ms: 20000 },
          line: 2,
          column: 110,
          endLine: 2,
          endColumn: 116,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              output: lines(
                "import axios from 'axios';",
                "export const catalogs = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 30_000 });",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'JavaScript ESM',
      filename: 'file.mjs',
      code: lines(
        "import axios from 'axios';",
        'const BASE = process.env.TANGO_BASE_URL;',
        'export const catalogs = () => axios.get(`${BASE}/catalogs`);',
      ),
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 31,
          endLine: 3,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import axios from 'axios';",
                'const BASE = process.env.TANGO_BASE_URL;',
                'export const catalogs = () => axios.get(`${BASE}/catalogs`, { timeout: 15_000 });',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: a got.extend instance without a timeout',
      filename: 'file.cjs',
      code: lines(
        "const got = require('got');",
        'const client = got.extend({ prefixUrl: process.env.TANGO_API_URL });',
        "module.exports.catalogs = () => client.get('raas/v2/catalogs');",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 33,
          endLine: 3,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "const got = require('got');",
                'const client = got.extend({ prefixUrl: process.env.TANGO_API_URL });',
                "module.exports.catalogs = () => client.get('raas/v2/catalogs', { timeout: { request: 15_000 } });",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: the base URL in config.ts, the instance in http.ts, the request here',
      filename: fixture('cross-file-base-url', 'src/orders.ts'),
      code: lines(
        "import { http } from './http.js';",
        'export async function createOrder(order: object) {',
        "  return http.post('/orders', order);",
        '}',
      ),
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import { http } from './http.js';",
                'export async function createOrder(order: object) {',
                "  return http.post('/orders', order, { timeout: 15_000 });",
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: an instance whose timeout constant in another module is too short',
      filename: fixture('cross-file-base-url', 'src/orders.ts'),
      code: lines(
        "import { hasty } from './http.js';",
        "export const listCatalogs = () => hasty.get('/catalogs');",
      ),
      errors: [
        {
          messageId: 'tooShort',
          data: { client: 'axios', minimumMs: 15000, ms: 5000 },
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 44,
          suggestions: [],
        },
      ],
    },
    {
      name: 'cross-file: a fetch wrapper whose options come from its callers',
      filename: fixture('cross-file-base-url', 'src/client.ts'),
      code: lines(
        "import { tangoConfig } from './config.js';",
        '',
        'async function tangoFetch(path: string, init: RequestInit = {}) {',
        '  return fetch(`${tangoConfig.baseUrl}${path}`, init);',
        '}',
        '',
        "export const listCatalogs = () => tangoFetch('/catalogs');",
        "export const getAccount = (id: string) => tangoFetch(`/accounts/${id}`, { method: 'GET' });",
      ),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import { tangoConfig } from './config.js';",
                '',
                'async function tangoFetch(path: string, init: RequestInit = {}) {',
                '  return fetch(`${tangoConfig.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });',
                '}',
                '',
                "export const listCatalogs = () => tangoFetch('/catalogs');",
                "export const getAccount = (id: string) => tangoFetch(`/accounts/${id}`, { method: 'GET' });",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: options built by a function of another module, and a shared config with a short timeout',
      filename: fixture('cross-file-base-url', 'src/orders.ts'),
      code: lines(
        "import { tangoConfig } from './config.js';",
        "import { jsonOptions, quickConfig } from './request-options.js';",
        "import axios from 'axios';",
        'export const createOrder = (order: object) => fetch(`${tangoConfig.baseUrl}/orders`, jsonOptions(order));',
        'export const listCatalogs = () => axios.get(`${tangoConfig.baseUrl}/catalogs`, quickConfig);',
      ),
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 47,
          endLine: 4,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: lines(
                "import { tangoConfig } from './config.js';",
                "import { jsonOptions, quickConfig } from './request-options.js';",
                "import axios from 'axios';",
                'export const createOrder = (order: object) => fetch(`${tangoConfig.baseUrl}/orders`, { ...jsonOptions(order), signal: AbortSignal.timeout(15_000) });',
                'export const listCatalogs = () => axios.get(`${tangoConfig.baseUrl}/catalogs`, quickConfig);',
              ),
            },
          ],
        },
        {
          messageId: 'tooShort',
          data: { client: 'axios', minimumMs: 15000, ms: 3000 },
          line: 5,
          column: 35,
          endLine: 5,
          endColumn: 44,
          suggestions: [],
        },
      ],
    },
  ],
});
