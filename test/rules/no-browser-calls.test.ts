import rule from '../../src/rules/no-browser-calls.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();

const nextApp = (file: string): string => fixture('next-app-router', file);
const nextPages = (file: string): string => fixture('next-pages-router', file);
const vite = (file: string): string => fixture('vite-spa', file);
const nuxt = (file: string): string => fixture('nuxt-store', file);

ruleTester.run('no-browser-calls', rule, {
  valid: [
    {
      name: 'a client component posting a Tango-shaped body to its own backend and calling a server action',
      filename: nextApp('app/rewards/RewardButton.tsx'),
      code: `'use client';

import { redeem } from './actions';

export default function RewardButton() {
  async function order(utid: string) {
    await fetch('/api/rewards', {
      method: 'POST',
      body: JSON.stringify({ accountIdentifier: 'acme', customerIdentifier: 'acme', utid, amount: 10 }),
    });
  }
  return <button onClick={() => { order('U1'); redeem('U1'); }}>Order</button>;
}
`,
    },
    {
      name: 'a server action calling Tango',
      filename: nextApp('app/rewards/actions.ts'),
      code: `'use server';

import axios from 'axios';

export async function redeem(utid: string) {
  return axios.post('https://integration-api.tangocard.com/raas/v2/orders', { utid }, { timeout: 20_000 });
}
`,
    },
    {
      name: 'a route handler calling Tango',
      filename: nextApp('app/api/rewards/route.ts'),
      code: `export async function POST(request: Request) {
  const body = await request.json();
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST', body: JSON.stringify(body) });
  return Response.json(await response.json());
}
`,
    },
    {
      name: 'a server component calling Tango',
      filename: nextApp('app/rewards/page.tsx'),
      code: `import RewardButton from './RewardButton';

export default async function RewardsPage() {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
  const catalog = await response.json();
  return <RewardButton brands={catalog.brands} />;
}
`,
    },
    {
      name: 'a lib imported by a route handler, a server action and a server component only',
      filename: nextApp('lib/tango-server.ts'),
      code: `export async function listCatalog() {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
  return response.json();
}
`,
    },
    {
      name: "a lib a client component imports only for its types (import type)",
      filename: nextApp('lib/orders.ts'),
      code: `export interface Order { referenceOrderID: string }

export async function recentOrders(): Promise<Order[]> {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/orders');
  return (await response.json()).orders;
}
`,
    },
    {
      name: "a module importing 'server-only'",
      filename: nextApp('lib/tango-token.ts'),
      code: `import 'server-only';

export const getToken = () => fetch('https://sandbox-auth.tangocard.com/oauth/token', { method: 'POST' });
`,
    },
    {
      name: 'middleware',
      filename: nextApp('middleware.ts'),
      code: `export async function middleware() {
  await fetch('https://integration-api.tangocard.com/raas/v2/accounts/acme');
}
`,
    },
    {
      name: 'a public feature flag named for Tango',
      filename: nextApp('lib/flags.ts'),
      code: `export const tangoEnabled = process.env.NEXT_PUBLIC_TANGO_ENABLED === 'true';
export const tangoClientId = process.env.NEXT_PUBLIC_TANGO_CLIENT_ID;
`,
    },
    {
      name: 'a client component calling a dance-class API named tango',
      filename: nextApp('app/dance/DanceClasses.tsx'),
      code: `'use client';

const TANGO_API_URL = 'https://api.tango-dance.example';

export async function listClasses() {
  const response = await fetch(\`\${TANGO_API_URL}/classes\`);
  return response.json();
}
`,
    },
    {
      name: 'a client component with placeholder, env-only and public-key values under Tango names',
      filename: nextApp('components/TangoSetup.tsx'),
      code: `'use client';

const tango = { platformKey: '<your-tango-platform-key>', apiKey: process.env.TANGO_API_KEY };
const tangoPublicKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE';
const tangoPlatformName = 'acme-rewards';

export function TangoSetup() {
  return <p>{tango.platformKey}{tangoPublicKey}{tangoPlatformName}</p>;
}
`,
    },
    {
      name: 'a pages-router page posting to its API route',
      filename: nextPages('pages/index.tsx'),
      code: `export default function Home() {
  const order = () =>
    fetch('/api/order', {
      method: 'POST',
      body: JSON.stringify({ accountIdentifier: 'acme', customerIdentifier: 'acme', utid: 'U1', amount: 10 }),
    });
  return <button onClick={order}>Order</button>;
}
`,
    },
    {
      name: 'a pages-router page calling Tango in getServerSideProps',
      filename: nextPages('pages/rewards.tsx'),
      code: `export async function getServerSideProps() {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
  return { props: { catalog: await response.json() } };
}

export default function Rewards() {
  return null;
}
`,
    },
    {
      name: 'a pages-router API route (CommonJS)',
      filename: nextPages('pages/api/legacy.js'),
      code: `const axios = require('axios');

module.exports = async function handler(req, res) {
  const { data } = await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 20000 });
  res.json(data);
};
`,
    },
    {
      name: "a lib only a page's getServerSideProps imports (Next.js strips it from the bundle)",
      filename: nextPages('lib/catalog.ts'),
      code: `export async function listBrands() {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
  return response.json();
}
`,
    },
    {
      name: 'a Vite component posting to its own backend',
      filename: vite('src/components/Checkout.tsx'),
      code: `export default function Checkout() {
  const order = () =>
    fetch('/api/rewards', {
      method: 'POST',
      body: JSON.stringify({ accountIdentifier: 'acme', customerIdentifier: 'acme', utid: 'U1', amount: 10 }),
    });
  return <button onClick={order}>Order</button>;
}
`,
    },
    {
      name: 'a Vite feature flag',
      filename: vite('src/components/FeatureGate.tsx'),
      code: `export const enabled = import.meta.env.VITE_TANGO_ENABLED === 'true';
`,
    },
    {
      name: 'the Express server of a Vite project',
      filename: vite('server/index.ts'),
      code: `import axios from 'axios';

export const order = (body: object) =>
  axios.post('https://integration-api.tangocard.com/raas/v2/orders', body, { timeout: 20_000 });
`,
    },
    {
      name: 'a Vite build config reading process.env.VITE_ (Node, not the bundle)',
      filename: vite('vite.config.ts'),
      code: `export const key = process.env.VITE_TANGO_KEY;
`,
    },
    {
      name: 'a module nothing imports and nothing marks as browser code',
      filename: vite('src/widgets/tango-widget.ts'),
      code: `export const loadCatalog = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
`,
    },
    {
      name: 'settings.tango.serverFiles wins over the Vite convention',
      filename: vite('src/components/RewardForm.tsx'),
      settings: { tango: { serverFiles: ['src/components/RewardForm.tsx'] } },
      code: `export const load = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
`,
    },
    {
      name: 'a test file of a component, with a fake key',
      filename: vite('src/components/RewardForm.test.tsx'),
      code: `const tangoApiKey = 'Q2hhbmdlVGhpc0tleQ9fZmFrZQ';

it('orders', async () => {
  await fetch('https://integration-api.tangocard.com/raas/v2/orders', { headers: { Authorization: tangoApiKey } });
});
`,
    },
    {
      name: 'a Nuxt store posting to its own API',
      filename: nuxt('store/cart.ts'),
      code: `export const checkout = () =>
  fetch('/api/rewards', {
    method: 'POST',
    body: JSON.stringify({ accountIdentifier: 'acme', customerIdentifier: 'acme', utid: 'U1', amount: 10 }),
  });
`,
    },
    {
      name: 'a Nuxt server route',
      filename: nuxt('server/api/rewards.post.ts'),
      code: `export default async () => (await fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' })).json();
`,
    },
    {
      name: 'a .server module',
      filename: nuxt('utils/rewards.server.ts'),
      code: `export const orderReward = () => fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' });
`,
    },
    {
      name: 'isomorphic code guarded by typeof window',
      code: `export async function catalog() {
  const where = typeof window === 'undefined' ? 'server' : window.location.host;
  return fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { 'X-From': where } });
}
`,
    },
    {
      name: 'a parameter named document is no browser global',
      code: `export function save(document: { id: string }) {
  return fetch(\`https://integration-api.tangocard.com/raas/v2/orders/\${document.id}\`);
}
`,
    },
    {
      name: 'navigator.hardwareConcurrency exists in Node too',
      code: `const workers = navigator.hardwareConcurrency;
export const catalog = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { 'X-Workers': String(workers) } });
`,
    },
  ],
  invalid: [
    {
      name: "a 'use client' component calling Tango in a click handler",
      filename: nextApp('app/rewards/OrderNow.tsx'),
      code: `'use client';

export default function OrderNow() {
  async function order() {
    await fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' });
  }
  return <button onClick={order}>Order</button>;
}
`,
      errors: [{ messageId: 'request', data: { reason: "this module starts with 'use client'" }, line: 5, column: 11, endLine: 5, endColumn: 16 }],
    },
    {
      name: 'a lib imported by a client component calls Tango: reported there, naming the importer',
      filename: nextApp('lib/tango-browser.ts'),
      code: `export async function sendReward(utid: string) {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/orders', {
    method: 'POST',
    body: JSON.stringify({ utid }),
  });
  return response.json();
}
`,
      errors: [
        {
          messageId: 'importedRequest',
          data: { importer: 'app/rewards/RewardButton.tsx', via: '', importerReason: "it starts with 'use client'" },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'a lib reached from a client component through another module (tsconfig paths and relative imports)',
      filename: nextApp('lib/tango-http.ts'),
      code: `export async function tangoGet(path: string) {
  const response = await fetch(\`https://api.tangocard.com/raas/v2\${path}\`);
  return response.json();
}
`,
      errors: [
        {
          messageId: 'importedRequest',
          data: { importer: 'app/rewards/RewardButton.tsx', via: ' (through lib/balance.ts)', importerReason: "it starts with 'use client'" },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'a client component calling Tango with an access token fetched from its server',
      filename: nextApp('app/token-widget/TokenWidget.tsx'),
      code: `'use client';

export async function showBalance() {
  const tokenResponse = await fetch('/api/tango-token');
  const { accessToken } = await tokenResponse.json();
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/accounts/acme', {
    headers: { Authorization: \`Bearer \${accessToken}\` },
  });
  return response.text();
}
`,
      errors: [{ messageId: 'serverToken', data: { endpoint: '/api/tango-token', reason: "this module starts with 'use client'" }, line: 6, column: 26, endLine: 6, endColumn: 31 }],
    },
    {
      name: 'an axios access token from a server endpoint (JavaScript, ESM)',
      filename: nextApp('app/token-widget/balance.js'),
      code: `'use client';
import axios from 'axios';

export async function balance() {
  const { data } = await axios.get('/api/tango-token');
  return axios.get('https://integration-api.tangocard.com/raas/v2/accounts/acme', {
    headers: { Authorization: 'Bearer ' + data.access_token },
  });
}
`,
      errors: [{ messageId: 'serverToken', data: { endpoint: '/api/tango-token', reason: "this module starts with 'use client'" }, line: 6, column: 10, endLine: 6, endColumn: 19 }],
    },
    {
      name: 'a Tango credential literal in a client component',
      filename: nextApp('components/TangoSetup.tsx'),
      code: `'use client';

const tango = {
  platformName: 'acme-rewards',
  platformKey: 'tk_live_Q2hhbmdlVGhpc0tleQ9f',
};

export function TangoSetup() {
  return <p>Platform {tango.platformName}</p>;
}
`,
      errors: [{ messageId: 'credentialLiteral', data: { name: 'platformKey', masked: 'tk_l…(28 chars)', reason: "this module starts with 'use client'" }, line: 5, column: 16, endLine: 5, endColumn: 46 }],
    },
    {
      name: 'a Tango SDK constructed in browser code with a key',
      filename: nextApp('components/TangoSdk.ts'),
      code: `'use client';
import { TangoClient } from 'tango-sdk';

export const client = new TangoClient({ apiKey: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5' });
`,
      errors: [{ messageId: 'credentialLiteral', data: { name: 'apiKey', masked: 'Zm9v…(28 chars)', reason: "this module starts with 'use client'" }, line: 4, column: 49, endLine: 4, endColumn: 79 }],
    },
    {
      name: 'a public env variable holding the Tango platform key (the module reads it, so it is browser code)',
      filename: nextApp('lib/public-config.ts'),
      code: `export const tangoPlatformKey = process.env.NEXT_PUBLIC_TANGO_PLATFORM_KEY;
`,
      errors: [
        {
          messageId: 'publicEnvCredential',
          data: { name: 'NEXT_PUBLIC_TANGO_PLATFORM_KEY', prefix: 'NEXT_PUBLIC_' },
          line: 1,
          column: 33,
          endLine: 1,
          endColumn: 75,
        },
      ],
    },
    {
      name: 'a pages-router page calling Tango in a click handler (getServerSideProps stays silent)',
      filename: nextPages('pages/rewards.tsx'),
      code: `export async function getServerSideProps() {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
  return { props: { catalog: await response.json() } };
}

export default function Rewards() {
  const order = () => fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' });
  return <button onClick={order}>Order</button>;
}
`,
      errors: [
        { messageId: 'request', data: { reason: 'Next.js bundles pages-router pages for the browser' }, line: 7, column: 23, endLine: 7, endColumn: 28 },
      ],
    },
    {
      name: 'a Vite component calling Tango with import.meta.env.VITE_TANGO_KEY',
      filename: vite('src/components/RewardForm.tsx'),
      code: `import axios from 'axios';

export function submit(utid: string) {
  return axios.post(
    'https://integration-api.tangocard.com/raas/v2/orders',
    { utid },
    { auth: { username: 'acme', password: import.meta.env.VITE_TANGO_KEY } },
  );
}
`,
      errors: [
        { messageId: 'request', line: 4, column: 10, endLine: 4, endColumn: 20 },
        { messageId: 'publicEnvCredential', data: { name: 'VITE_TANGO_KEY', prefix: 'VITE_' }, line: 7, column: 43, endLine: 7, endColumn: 73 },
      ],
    },
    {
      name: 'a Vite module imported by a component',
      filename: vite('src/api/tango.ts'),
      code: `const TANGO_API_URL = 'https://integration-api.tangocard.com/raas/v2';

export const fetchBalance = () => fetch(\`\${TANGO_API_URL}/accounts/acme\`);
`,
      errors: [
        {
          messageId: 'importedRequest',
          data: {
            importer: 'src/components/RewardForm.tsx',
            via: '',
            importerReason: "Vite bundles src/components and the app's entry files for the browser",
          },
          line: 3,
          column: 35,
          endLine: 3,
          endColumn: 40,
        },
      ],
    },
    {
      name: 'a Vite component in JavaScript',
      filename: vite('src/components/legacy.js'),
      code: `import axios from 'axios';

export const load = () => axios.get('https://api.tangocard.com/raas/v2/catalogs');
`,
      errors: [{ messageId: 'request', line: 3, column: 27, endLine: 3, endColumn: 36 }],
    },
    {
      name: 'settings.tango.browserFiles marks a module as browser code (CommonJS)',
      filename: vite('src/widgets/tango-widget.cjs'),
      settings: { tango: { browserFiles: ['src/widgets/**'] } },
      code: `const axios = require('axios');

module.exports = () => axios.get('https://integration-api.tangocard.com/raas/v2/catalogs');
`,
      errors: [
        { messageId: 'request', data: { reason: 'this module matches settings.tango.browserFiles "src/widgets/**"' }, line: 3, column: 24, endLine: 3, endColumn: 33 },
      ],
    },
    {
      name: 'a Nuxt store calling Tango',
      filename: nuxt('store/rewards.ts'),
      code: `export const refreshBalance = async () => {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/accounts/acme');
  return (await response.json()).currentBalance;
};
`,
      errors: [{ messageId: 'request', data: { reason: 'Nuxt bundles this folder for the browser' }, line: 2, column: 26, endLine: 2, endColumn: 31 }],
    },
    {
      name: 'a .client plugin calling Tango',
      filename: nuxt('plugins/tango.client.ts'),
      code: `export const tangoCatalog = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
`,
      errors: [{ messageId: 'request', data: { reason: '`.client` modules are bundled for the browser' }, line: 1, column: 35, endLine: 1, endColumn: 40 }],
    },
    {
      name: 'a Nuxt composable reading NUXT_PUBLIC_TANGO_API_KEY',
      filename: nuxt('composables/useTangoConfig.ts'),
      code: `export const useTangoConfig = () => ({ apiKey: process.env.NUXT_PUBLIC_TANGO_API_KEY });
`,
      errors: [
        {
          messageId: 'publicEnvCredential',
          data: { name: 'NUXT_PUBLIC_TANGO_API_KEY', prefix: 'NUXT_PUBLIC_' },
          line: 1,
          column: 48,
          endLine: 1,
          endColumn: 85,
        },
      ],
    },
    {
      name: 'a lib imported by a Vue component',
      filename: nuxt('lib/tango-direct.ts'),
      code: `export const orderDirect = () => fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' });
`,
      errors: [
        {
          messageId: 'importedRequest',
          data: { importer: 'components/RewardBadge.vue', via: '', importerReason: 'Vue and Svelte components are bundled for the browser' },
          line: 1,
          column: 34,
          endLine: 1,
          endColumn: 39,
        },
      ],
    },
    {
      name: 'a module using document is browser code',
      code: `document.querySelector('#buy')?.addEventListener('click', () => {
  fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' });
});
`,
      errors: [{ messageId: 'request', data: { reason: 'this module uses the browser global `document`' }, line: 2, column: 3, endLine: 2, endColumn: 8 }],
    },
    {
      name: "a module importing 'client-only'",
      code: `import 'client-only';

export const catalog = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
`,
      errors: [{ messageId: 'request', data: { reason: "this module imports 'client-only'" }, line: 3, column: 30, endLine: 3, endColumn: 35 }],
    },
    {
      name: 'a Create React App secret in process.env.REACT_APP_',
      code: `export const tangoSecret = process.env.REACT_APP_TANGO_CLIENT_SECRET;
`,
      errors: [
        {
          messageId: 'publicEnvCredential',
          data: { name: 'REACT_APP_TANGO_CLIENT_SECRET', prefix: 'REACT_APP_' },
          line: 1,
          column: 28,
          endLine: 1,
          endColumn: 69,
        },
      ],
    },
    {
      name: 'a Tango key destructured from import.meta.env',
      code: `const { VITE_TANGO_PLATFORM_KEY } = import.meta.env;
export const key = VITE_TANGO_PLATFORM_KEY;
`,
      errors: [
        {
          messageId: 'publicEnvCredential',
          data: { name: 'VITE_TANGO_PLATFORM_KEY', prefix: 'VITE_' },
          line: 1,
          column: 9,
          endLine: 1,
          endColumn: 32,
        },
      ],
    },
  ],
});
