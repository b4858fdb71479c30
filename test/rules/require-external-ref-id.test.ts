import rule from '../../src/rules/require-external-ref-id.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const service = (file: string): string => fixture('order-service', file);

ruleTester.run('require-external-ref-id', rule, {
  valid: [
    {
      name: 'the id comes from the reward record',
      code: `import axios from 'axios';

export async function order(reward: { id: string; utid: string; amount: number }) {
  return axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: reward.utid, amount: reward.amount,
    externalRefID: \`reward-\${reward.id}\`,
  });
}
`,
    },
    {
      name: 'the id is generated once before the retry loop and reused by every attempt',
      code: `import { randomUUID } from 'node:crypto';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function order(utid: string, amount: number) {
  const externalRefID = randomUUID();
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await fetch('https://api.tangocard.com/raas/v2/orders', {
        method: 'POST',
        body: JSON.stringify({ accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount, externalRefID }),
      });
      if (response.ok) return response.json();
    } catch {
      await sleep(500 * 2 ** attempt);
    }
  }
  throw new Error('order failed');
}
`,
    },
    {
      name: 'p-retry around a body built before the retry',
      code: `import axios from 'axios';
import pRetry from 'p-retry';

export function order(utid: string, amount: number) {
  const body = { accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount, externalRefID: \`ord-\${Date.now()}\` };
  return pRetry(() => axios.post('https://integration-api.tangocard.com/raas/v2/orders', body), { retries: 3 });
}
`,
    },
    {
      name: 'an opaque body forwarded from the incoming request is not judged here',
      code: `import axios from 'axios';

export async function relay(req: { body: unknown }) {
  return axios.post('https://integration-api.tangocard.com/raas/v2/orders', req.body);
}
`,
    },
    {
      name: 'a body spreading something unknown may carry the id',
      code: `import axios from 'axios';

export async function order(details: Record<string, unknown>, utid: string) {
  return axios.post('https://integration-api.tangocard.com/raas/v2/orders', { ...details, utid });
}
`,
    },
    {
      name: 'listing orders and resending one are not order creation',
      code: `import axios from 'axios';

const BASE = 'https://integration-api.tangocard.com/raas/v2';

export const list = () => axios.get(\`\${BASE}/orders\`);
export const resend = (id: string) => axios.post(\`\${BASE}/orders/\${id}/resends\`, {});
`,
    },
    {
      name: 'orders of another API named "tango" (a dance school shop)',
      code: `export async function buyLesson(items: string[]) {
  return fetch('https://shop.tango-lessons.example.com/api/orders', { method: 'POST', body: JSON.stringify({ items }) });
}
`,
    },
    {
      name: 'a createOrder function of the project that posts to its own backend',
      code: `async function createOrder(order: object) {
  return fetch('/api/rewards', { method: 'POST', body: JSON.stringify(order) });
}

export const redeem = (utid: string) => createOrder({ accountIdentifier: 'a', customerIdentifier: 'c', utid, amount: 5 });
`,
    },
    {
      name: 'the order module of the fixture: id from the reward, retry around a wrapper in another module',
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
      name: 'the wrapper module alone: its body is a parameter, and its random id is made once per call',
      filename: service('src/tango-orders.ts'),
      code: `import { randomUUID } from 'node:crypto';
import { tango } from './http.js';
import type { Reward } from './order-body.js';
import { orderBody } from './order-body.js';

export async function createOrder(body: object) {
  const { data } = await tango.post('/orders', body);
  return data;
}

export async function createOrderFor(reward: Reward) {
  const { data } = await tango.post('/orders', { ...orderBody(reward), externalRefID: randomUUID() });
  return data;
}
`,
    },
    {
      name: 'CommonJS: the id comes from the database row',
      filename: 'worker.cjs',
      code: `const got = require('got');

module.exports.order = (row) =>
  got.post('https://api.tangocard.com/raas/v2/orders', {
    json: { accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: row.utid, amount: row.amount, externalRefID: row.orderId },
  });
`,
    },
    {
      name: 'a one-off script at the top level generating its id once',
      filename: 'scripts/send-one.mjs',
      code: `import { randomUUID } from 'node:crypto';

await fetch('https://integration-api.tangocard.com/raas/v2/orders', {
  method: 'POST',
  body: JSON.stringify({ accountIdentifier: 'a', customerIdentifier: 'c', utid: 'U561593', amount: 5, externalRefID: randomUUID() }),
});
`,
    },
  ],
  invalid: [
    {
      name: 'fetch with an order body and no externalRefID',
      code: `export async function order(utid: string, amount: number) {
  return fetch('https://integration-api.tangocard.com/raas/v2/orders', {
    method: 'POST',
    body: JSON.stringify({ accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount }),
  });
}
`,
      errors: [{ messageId: 'missing', line: 2, column: 10, endLine: 2, endColumn: 15 }],
    },
    {
      name: 'a body built by a function without the id, posted to a path ending in /orders on a Tango base',
      code: `import axios from 'axios';

const api = axios.create({ baseURL: process.env.TANGO_API_URL });

function body(utid: string) {
  return { accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 10 };
}

export const order = (utid: string) => api.post('/orders', { ...body(utid), sendEmail: false });
`,
      errors: [{ messageId: 'missing', line: 9, column: 40, endLine: 9, endColumn: 48 }],
    },
    {
      name: 'externalRefId (lower-case d) is not the key Tango reads',
      code: `import axios from 'axios';

export const order = (reward: { id: string; utid: string }) =>
  axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: reward.utid, amount: 5, externalRefId: reward.id,
  });
`,
      errors: [
        {
          messageId: 'misspelled',
          data: { key: 'externalRefId' },
          line: 5,
          column: 93,
          endLine: 5,
          endColumn: 106,
          suggestions: [
            {
              messageId: 'renameKey',
              data: { key: 'externalRefId', retry: '' },
              output: `import axios from 'axios';

export const order = (reward: { id: string; utid: string }) =>
  axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: reward.utid, amount: 5, externalRefID: reward.id,
  });
`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: referenceOrderID is the order id Tango returns, not the key it reads',
      filename: 'orders.js',
      code: `const axios = require('axios');

exports.order = (row) =>
  axios.post('https://api.tangocard.com/raas/v2/orders', {
    accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: row.utid, amount: row.amount, 'referenceOrderID': row.id,
  });
`,
      errors: [
        {
          messageId: 'misspelled',
          line: 5,
          column: 99,
          endLine: 5,
          endColumn: 117,
          suggestions: [
            {
              messageId: 'renameKey',
              output: `const axios = require('axios');

exports.order = (row) =>
  axios.post('https://api.tangocard.com/raas/v2/orders', {
    accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: row.utid, amount: row.amount, externalRefID: row.id,
  });
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a constant id and an empty id',
      code: `import axios from 'axios';

const ORDERS = 'https://integration-api.tangocard.com/raas/v2/orders';
const base = { accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: 'U561593', amount: 10 };

export const first = () => axios.post(ORDERS, { ...base, externalRefID: 'order-1' });
export const second = () => axios.post(ORDERS, { ...base, externalRefID: '' });
`,
      errors: [
        { messageId: 'constant', line: 6, column: 73, endLine: 6, endColumn: 82 },
        { messageId: 'empty', line: 7, column: 74, endLine: 7, endColumn: 76 },
      ],
    },
    {
      name: 'an id computed once at module load and shared by every order',
      code: `import { v4 as uuidv4 } from 'uuid';
import ky from 'ky';

const RUN_ID = uuidv4();

export const order = (utid: string) =>
  ky.post('https://api.tangocard.com/raas/v2/orders', {
    json: { accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 10, externalRefID: RUN_ID },
  });
`,
      errors: [{ messageId: 'oncePerProcess', line: 4, column: 16, endLine: 4, endColumn: 24 }],
    },
    {
      name: 'randomUUID() inside the retry loop: a new id per attempt',
      code: `import { randomUUID } from 'node:crypto';
import axios from 'axios';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function order(utid: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
        accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 10, externalRefID: randomUUID(),
      });
    } catch {
      await sleep(1000 * 2 ** attempt);
    }
  }
}
`,
      errors: [{ messageId: 'perAttempt', data: { retry: 'a retry loop', key: '' }, line: 10, column: 100, endLine: 10, endColumn: 112 }],
    },
    {
      name: 'the attempt counter in the id',
      code: `import axios from 'axios';

export async function order(reward: { id: string; utid: string }) {
  let tries = 0;
  while (tries < 3) {
    tries++;
    try {
      return await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
        accountIdentifier: 'rewards', customerIdentifier: 'acme', utid: reward.utid, amount: 10,
        externalRefID: \`\${reward.id}-\${tries}\`,
      });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** tries));
    }
  }
}
`,
      errors: [{ messageId: 'perAttempt', line: 10, column: 40, endLine: 10, endColumn: 45 }],
    },
    {
      name: 'Date.now() inside the function given to p-retry',
      code: `import axios from 'axios';
import pRetry from 'p-retry';

export const order = (utid: string) =>
  pRetry(
    () =>
      axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
        accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 10, externalRefID: String(Date.now()),
      }),
    { retries: 5 },
  );
`,
      errors: [{ messageId: 'perAttempt', data: { retry: 'p-retry', key: '' }, line: 8, column: 107, endLine: 8, endColumn: 117 }],
    },
    {
      name: 'CommonJS async-retry: Math.random() in the retried function',
      filename: 'retry.js',
      code: `const retry = require('async-retry');
const fetch = require('node-fetch');

module.exports = (utid) =>
  retry(async () => {
    const externalRefID = Math.random().toString(36).slice(2);
    const res = await fetch('https://api.tangocard.com/raas/v2/orders', {
      method: 'POST',
      body: JSON.stringify({ accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 10, externalRefID }),
    });
    return res.json();
  });
`,
      errors: [{ messageId: 'perAttempt', data: { retry: 'async-retry', key: '' }, line: 6, column: 27, endLine: 6, endColumn: 40 }],
    },
    {
      name: 'a recursive retry that regenerates the id',
      code: `import { nanoid } from 'nanoid';
import axios from 'axios';

export async function order(utid: string, attempt = 0): Promise<unknown> {
  try {
    return await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
      accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 10, externalRefID: nanoid(),
    });
  } catch (error) {
    if (attempt >= 3) throw error;
    await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 1000));
    return order(utid, attempt + 1);
  }
}
`,
      errors: [{ messageId: 'perAttempt', data: { retry: 'a recursive retry', key: '' }, line: 7, column: 98, endLine: 7, endColumn: 106 }],
    },
    {
      name: 'an SDK order call without the id',
      code: `import { TangoClient } from '@acme/tango-sdk';

const client = new TangoClient({ platformName: process.env.TANGO_PLATFORM ?? '' });

export const order = (utid: string) => client.orders.create({ accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 5 });
`,
      errors: [{ messageId: 'missing', line: 5, column: 40, endLine: 5, endColumn: 60 }],
    },
    {
      name: 'a wrapper in the same file whose body is its parameter',
      code: `const TANGO_ORDERS_URL = 'https://integration-api.tangocard.com/raas/v2/orders';

async function send(order: object) {
  return fetch(TANGO_ORDERS_URL, { method: 'POST', body: JSON.stringify(order) });
}

export const redeem = (utid: string) => send({ accountIdentifier: 'rewards', customerIdentifier: 'acme', utid, amount: 5 });
`,
      errors: [{ messageId: 'missing', line: 7, column: 41, endLine: 7, endColumn: 45 }],
    },
    {
      name: 'cross-file: the order module calls the wrapper with a body that lacks the id',
      filename: service('src/orders.ts'),
      code: `import type { Reward } from './order-body.js';
import { orderBody } from './order-body.js';
import { createOrder } from './tango-orders.js';

export const placeReward = (reward: Reward) => createOrder(orderBody(reward));
`,
      errors: [{ messageId: 'missing', line: 5, column: 48, endLine: 5, endColumn: 59 }],
    },
    {
      name: 'cross-file: the retry loop builds a fresh id for each attempt and hands it to the wrapper',
      filename: service('src/orders.ts'),
      code: `import { config } from './config.js';
import type { Reward } from './order-body.js';
import { orderBody } from './order-body.js';
import { backoffDelay, sleep } from './sleep.js';
import { createOrder } from './tango-orders.js';

export async function placeReward(reward: Reward) {
  for (let attempt = 0; attempt < config.retry.attempts; attempt++) {
    try {
      return await createOrder({ ...orderBody(reward), externalRefID: \`\${reward.id}-\${Date.now()}\` });
    } catch {
      await sleep(backoffDelay(attempt));
    }
  }
  return undefined;
}
`,
      errors: [{ messageId: 'perAttempt', line: 10, column: 87, endLine: 10, endColumn: 97 }],
    },
    {
      name: 'cross-file: the wrapper generates the id itself, and the order module retries the wrapper',
      filename: service('src/orders.ts'),
      code: `import type { Reward } from './order-body.js';
import { sleep } from './sleep.js';
import { createOrderFor } from './tango-orders.js';

export async function placeReward(reward: Reward) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await createOrderFor(reward);
    } catch {
      await sleep(attempt * attempt * 1000);
    }
  }
  return undefined;
}
`,
      errors: [{ messageId: 'perAttempt', line: 8, column: 20, endLine: 8, endColumn: 34 }],
    },
    {
      name: 'cross-file: a body builder in another module stamps the time, and is called on every attempt',
      filename: service('src/orders.ts'),
      code: `import { tango } from './http.js';
import type { Reward } from './order-body.js';
import { stampedOrderBody } from './order-body.js';
import { backoffDelay, sleep } from './sleep.js';

export async function placeReward(reward: Reward) {
  let attempt = 0;
  while (true) {
    try {
      return await tango.post('/orders', stampedOrderBody(reward));
    } catch (error) {
      if (++attempt > 3) throw error;
      await sleep(backoffDelay(attempt));
    }
  }
}
`,
      errors: [{ messageId: 'perAttempt', line: 10, column: 20, endLine: 10, endColumn: 30 }],
    },
    {
      name: 'ESM JavaScript: ky with a constant id read from a module constant',
      filename: 'orders.mjs',
      code: `import ky from 'ky';

const REF = 'acme-order';

export const order = (utid) =>
  ky.post('https://api.tangocard.com/raas/v2/orders', { json: { accountIdentifier: 'a', customerIdentifier: 'c', utid, amount: 5, externalRefID: REF } });
`,
      errors: [{ messageId: 'constant', line: 6, column: 146, endLine: 6, endColumn: 149 }],
    },
  ],
});
