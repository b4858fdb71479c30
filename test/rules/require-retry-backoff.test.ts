import rule from '../../src/rules/require-retry-backoff.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const service = (file: string): string => fixture('order-service', file);

ruleTester.run('require-retry-backoff', rule, {
  valid: [
    {
      name: 'a loop whose wait doubles with the attempt, with jitter',
      code: `import axios from 'axios';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function getCatalog() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 20_000 });
    } catch {
      await sleep(Math.min(30_000, 500 * 2 ** attempt) + Math.random() * 250);
    }
  }
  throw new Error('Tango is unavailable');
}
`,
    },
    {
      name: 'a wait variable doubled after each failure, Math.pow and a shift',
      code: `import { setTimeout as wait } from 'node:timers/promises';

const URL = 'https://api.tangocard.com/raas/v2/catalogs';

export async function a() {
  let delay = 250;
  while (true) {
    try {
      return await fetch(URL);
    } catch {
      await wait(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

export async function b() {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(URL);
    if (res.ok) return res;
    await wait(100 * Math.pow(2, i));
  }
}

export async function c() {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(URL);
    if (res.ok) return res;
    await wait(100 << i);
  }
}
`,
    },
    {
      name: 'a list of growing delays, a growing linear wait, and a wait the server asks for',
      code: `const URL = 'https://api.tangocard.com/raas/v2/catalogs';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function a() {
  for (const ms of [500, 1000, 2000, 4000]) {
    const res = await fetch(URL);
    if (res.ok) return res;
    await sleep(ms);
  }
}

export async function b() {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = await fetch(URL);
    if (res.ok) return res;
    await sleep(attempt * 1000);
  }
}

export async function c() {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = await fetch(URL);
    if (res.ok) return res;
    await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
  }
}
`,
    },
    {
      name: 'helpers with their exponential defaults',
      code: `import axios from 'axios';
import pRetry from 'p-retry';
import retry from 'async-retry';
import axiosRetry from 'axios-retry';
import got from 'got';
import ky from 'ky';

const BASE = 'https://integration-api.tangocard.com/raas/v2';
const tango = axios.create({ baseURL: BASE, timeout: 20_000 });

axiosRetry(tango, { retries: 3, retryDelay: axiosRetry.exponentialDelay, retryCondition: (error) => error.response?.status === 429 || (error.response?.status ?? 0) >= 500 });

export const a = () => pRetry(() => tango.get('/catalogs'), { retries: 4, minTimeout: 500 });
export const b = () => retry(() => tango.get('/catalogs'), { retries: 4, factor: 3 });
export const c = () => got(\`\${BASE}/catalogs\`, { retry: { limit: 3, statusCodes: [408, 429, 500, 502, 503, 504] } });
export const d = () => ky.get(\`\${BASE}/catalogs\`, { retry: { limit: 3, delay: (attemptCount) => 300 * 2 ** (attemptCount - 1) } });
export const e = () => got(\`\${BASE}/catalogs\`, { retry: { limit: 3, calculateDelay: ({ computedValue }) => computedValue } });
`,
    },
    {
      name: 'loops that walk orders or pages are not retries',
      code: `import axios from 'axios';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tango = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });

export async function placeAll(orders: object[]) {
  for (const order of orders) {
    await tango.post('/orders', order);
    await sleep(200);
  }
  for (let i = 0; i < orders.length; i++) {
    try {
      await tango.post('/orders', orders[i]);
    } catch {
      await sleep(200);
    }
  }
}

export async function listAll(page = 1): Promise<unknown[]> {
  const { data } = await tango.get('/orders', { params: { page } });
  if (data.page.totalCount > page * 100) return [...data.orders, ...(await listAll(page + 1))];
  return data.orders;
}
`,
    },
    {
      name: 'a constant retry around another API named "tango"',
      code: `import axios from 'axios';
import axiosRetry from 'axios-retry';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dance = axios.create({ baseURL: 'https://api.tango-lessons.example.com' });
axiosRetry(dance, { retries: 3 });

export async function lessons() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch('https://tango.example.com/api/lessons');
    } catch {
      await sleep(1000);
    }
  }
}
`,
    },
    {
      name: 'the fixture order module: backoff computed in another module',
      filename: service('src/orders.ts'),
      code: `import { config } from './config.js';
import type { Reward } from './order-body.js';
import { orderBodyWithRef } from './order-body.js';
import { backoffDelay, sleep } from './sleep.js';
import { createOrder } from './tango-orders.js';

export async function placeReward(reward: Reward) {
  const body = orderBodyWithRef(reward);
  for (let attempt = 0; attempt < config.retry.attempts; attempt++) {
    try {
      return await createOrder(body);
    } catch (error) {
      if (attempt === config.retry.attempts - 1) throw error;
      await sleep(backoffDelay(attempt));
    }
  }
  return undefined;
}
`,
    },
    {
      name: 'the fixture retry module: axios-retry with exponential delays on the imported instance',
      filename: service('src/retry-client.ts'),
      code: `import axiosRetry from 'axios-retry';
import { tango } from './http.js';

axiosRetry(tango, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
`,
    },
    {
      name: 'CommonJS: a recursive retry whose wait doubles',
      filename: 'retry.cjs',
      code: `const axios = require('axios');

function order(body, attempt = 0) {
  return axios.post('https://api.tangocard.com/raas/v2/orders', body).catch((error) => {
    if (attempt >= 4) throw error;
    return new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 500)).then(() => order(body, attempt + 1));
  });
}

module.exports = { order };
`,
    },
  ],
  invalid: [
    {
      name: 'a loop that waits the same second every time',
      code: `import axios from 'axios';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function order(body: object) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await axios.post('https://integration-api.tangocard.com/raas/v2/orders', body);
    } catch {
      await sleep(1000);
    }
  }
}
`,
      errors: [{ messageId: 'constantDelay', data: { retry: 'a retry loop', codes: '' }, line: 10, column: 19, endLine: 10, endColumn: 23 }],
    },
    {
      name: 'a loop that retries at once',
      code: `export async function catalog() {
  while (true) {
    try {
      return await fetch('https://api.tangocard.com/raas/v2/catalogs');
    } catch (error) {
      console.warn('retrying', error);
    }
  }
}
`,
      errors: [{ messageId: 'noDelay', line: 2, column: 3, endLine: 2, endColumn: 8 }],
    },
    {
      name: 'CommonJS: a do-while loop with no wait',
      filename: 'client.js',
      code: `const fetch = require('node-fetch');

async function catalog() {
  let attempts = 0;
  let res;
  do {
    res = await fetch(process.env.TANGO_API_URL + '/catalogs');
    attempts++;
  } while (!res.ok && attempts < 3);
  return res;
}

module.exports = { catalog };
`,
      errors: [{ messageId: 'noDelay', data: { retry: 'a retry loop', codes: '' }, line: 6, column: 3, endLine: 6, endColumn: 5 }],
    },
    {
      name: 'a recursive retry that waits the same time',
      code: `import axios from 'axios';

export function order(body: object, retries = 3): Promise<unknown> {
  return axios.post('https://integration-api.tangocard.com/raas/v2/orders', body).catch(
    (error) =>
      new Promise((resolve, reject) => {
        if (retries === 0) return reject(error);
        setTimeout(() => resolve(order(body, retries - 1)), 2000);
      }),
  );
}
`,
      errors: [{ messageId: 'constantDelay', data: { retry: 'a recursive retry', codes: '' }, line: 8, column: 61, endLine: 8, endColumn: 65 }],
    },
    {
      name: 'p-retry with factor 1 and async-retry capped at its first wait',
      code: `import pRetry from 'p-retry';
import retry from 'async-retry';

const URL = 'https://integration-api.tangocard.com/raas/v2/catalogs';

export const a = () => pRetry(() => fetch(URL), { retries: 5, factor: 1 });
export const b = () => retry(() => fetch(URL), { retries: 5, minTimeout: 2000, maxTimeout: 2000 });
`,
      errors: [
        { messageId: 'constantDelay', data: { retry: 'p-retry', codes: '' }, line: 6, column: 63, endLine: 6, endColumn: 72 },
        { messageId: 'constantDelay', data: { retry: 'async-retry', codes: '' }, line: 7, column: 80, endLine: 7, endColumn: 96 },
      ],
    },
    {
      name: 'axios-retry on an instance from another module, without retryDelay (axios-retry waits nothing by default)',
      filename: service('src/retry-client.ts'),
      code: `import axiosRetry from 'axios-retry';
import { tango } from './http.js';

axiosRetry(tango, { retries: 5 });
`,
      errors: [{ messageId: 'noDelay', data: { retry: 'axios-retry', codes: '' }, line: 4, column: 1, endLine: 4, endColumn: 11 }],
    },
    {
      name: 'axios-retry with a fixed delay that also retries 400 and 401',
      code: `import axios from 'axios';
import axiosRetry from 'axios-retry';

const client = axios.create({ baseURL: process.env.TANGO_BASE_URL });

axiosRetry(client, {
  retries: 3,
  retryDelay: () => 1500,
  retryCondition: (error) => axiosRetry.isNetworkError(error) || [400, 401, 503].includes(error.response?.status ?? 0),
});
`,
      errors: [
        { messageId: 'constantDelay', line: 8, column: 3, endLine: 8, endColumn: 25 },
        { messageId: 'clientErrors', data: { retry: 'axios-retry', codes: '400, 401' }, line: 9, column: 3, endLine: 9, endColumn: 119 },
      ],
    },
    {
      name: 'got with a constant calculateDelay and client errors in statusCodes',
      code: `import got from 'got';

export const order = (json: object) =>
  got.post('https://api.tangocard.com/raas/v2/orders', {
    json,
    retry: { limit: 3, methods: ['POST'], calculateDelay: ({ computedValue }) => (computedValue ? 1000 : 0), statusCodes: [400, 404, 429, 500] },
  });
`,
      errors: [
        { messageId: 'constantDelay', data: { retry: "got's retry", codes: '' }, line: 6, column: 43, endLine: 6, endColumn: 108 },
        { messageId: 'clientErrors', data: { retry: "got's retry", codes: '400, 404' }, line: 6, column: 110, endLine: 6, endColumn: 143 },
      ],
    },
    {
      name: 'a ky instance toward Tango with a fixed delay',
      code: `import ky from 'ky';

export const tango = ky.create({ prefixUrl: 'https://integration-api.tangocard.com/raas/v2', retry: { limit: 4, delay: () => 1000 } });
`,
      errors: [{ messageId: 'constantDelay', data: { retry: "ky's retry", codes: '' }, line: 3, column: 113, endLine: 3, endColumn: 130 }],
    },
    {
      name: 'a loop that goes round again on every client error',
      code: `const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function order(body: object) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(body) });
    if (res.status >= 400) {
      await sleep(250 * 2 ** attempt);
      continue;
    }
    return res.json();
  }
}
`,
      errors: [{ messageId: 'clientErrors', data: { retry: 'a retry loop', codes: 'every 4xx' }, line: 6, column: 9, endLine: 6, endColumn: 26 }],
    },
    {
      name: 'cross-file: the order module retries a wrapper, pausing with a helper that waits a fixed time',
      filename: service('src/orders.ts'),
      code: `import type { Reward } from './order-body.js';
import { orderBodyWithRef } from './order-body.js';
import { pauseBeforeRetry } from './sleep.js';
import { createOrder } from './tango-orders.js';

export async function placeReward(reward: Reward) {
  const body = orderBodyWithRef(reward);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await createOrder(body);
    } catch {
      await pauseBeforeRetry();
    }
  }
  return undefined;
}
`,
      errors: [{ messageId: 'constantDelay', line: 12, column: 13, endLine: 12, endColumn: 31 }],
    },
    {
      name: 'cross-file: a fixed delay from the config module, around the imported instance',
      filename: service('src/orders.ts'),
      code: `import { config } from './config.js';
import { tango } from './http.js';
import { sleep } from './sleep.js';

export async function balance() {
  let attempt = 0;
  while (attempt < config.retry.attempts) {
    try {
      return await tango.get('/accounts/rewards-main');
    } catch {
      attempt++;
      await sleep(config.retry.fixedDelayMs);
    }
  }
  return undefined;
}
`,
      errors: [{ messageId: 'constantDelay', line: 12, column: 19, endLine: 12, endColumn: 44 }],
    },
    {
      name: 'ESM JavaScript: ky capped at its first delay, and got capped under its first second',
      filename: 'client.mjs',
      code: `import ky from 'ky';
import got from 'got';

export const a = () => ky.get('https://api.tangocard.com/raas/v2/catalogs', { retry: { limit: 5, backoffLimit: 200 } });
export const b = () => got('https://api.tangocard.com/raas/v2/catalogs', { retry: { limit: 5, backoffLimit: 1000 } });
`,
      errors: [
        { messageId: 'constantDelay', data: { retry: "ky's retry", codes: '' }, line: 4, column: 98, endLine: 4, endColumn: 115 },
        { messageId: 'constantDelay', data: { retry: "got's retry", codes: '' }, line: 5, column: 95, endLine: 5, endColumn: 113 },
      ],
    },
    {
      name: "CommonJS superagent's retry resends at once",
      filename: 'catalog.js',
      code: `const superagent = require('superagent');

exports.catalog = () => superagent.get('https://api.tangocard.com/raas/v2/catalogs').timeout(20000).retry(3);
`,
      errors: [{ messageId: 'noDelay', data: { retry: "superagent's retry", codes: '' }, line: 3, column: 101, endLine: 3, endColumn: 109 }],
    },
  ],
});
