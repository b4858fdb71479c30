import rule from '../../src/rules/no-token-exposure.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-token-exposure', rule, {
  valid: [
    {
      name: 'Express: the token stays on the server and only the order result is sent',
      code: `import axios from 'axios';

async function getTangoToken(): Promise<string> {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }));
  return data.access_token;
}

app.get('/catalog', async (req, res) => {
  const token = await getTangoToken();
  const { data } = await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: \`Bearer \${token}\` } });
  res.json(data.brands);
});
`,
    },
    {
      name: 'Express: fields of the token response that are not the token',
      filename: 'status.cjs',
      code: `const axios = require('axios');

router.get('/tango/status', async (req, res) => {
  const { data } = await axios.post('https://sandbox-auth.tangocard.com/oauth/token', {});
  res.json({ expiresIn: data.expires_in, type: data.token_type, scope: data.scope });
});
`,
    },
    {
      name: 'Express: an httpOnly cookie and an HttpOnly Set-Cookie header',
      code: `import axios from 'axios';

router.post('/session', async (req, res) => {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', {});
  res.cookie('tango', data.access_token, { httpOnly: true, secure: true, sameSite: 'strict' });
  res.setHeader('Set-Cookie', \`tango=\${data.access_token}; Path=/; Secure; HttpOnly\`);
  res.sendStatus(204);
});
`,
    },
    {
      name: 'Koa: ctx.cookies is httpOnly by default',
      filename: 'session.mjs',
      code: `import Router from '@koa/router';
import got from 'got';

const router = new Router();
router.post('/session', async (ctx) => {
  const { access_token } = await got.post('https://auth.tangocard.com/oauth/token', { form: { grant_type: 'client_credentials' } }).json();
  ctx.cookies.set('tango', access_token, { secure: true });
  ctx.status = 204;
});
`,
    },
    {
      name: 'Next.js route handler: a token from an API that is not Tango',
      code: `import { NextResponse } from 'next/server';

export async function GET() {
  const response = await fetch('https://auth.tango-dance.example.com/oauth/token', { method: 'POST' });
  const { access_token } = await response.json();
  return NextResponse.json({ token: access_token });
}
`,
    },
    {
      name: 'Next.js (fixture): a route handler that uses the token and returns the order',
      filename: fixture('next-orders', 'app/api/token/route.ts'),
      code: `import { NextResponse } from 'next/server';
import { getTangoToken } from '../../../lib/tango';

export async function GET() {
  const token = await getTangoToken();
  const response = await fetch(\`\${process.env.TANGO_API_URL}/catalogs\`, { headers: { Authorization: \`Bearer \${token}\` } });
  return NextResponse.json(await response.json());
}
`,
    },
    {
      name: 'a server action returning something other than the token',
      code: `'use server';

import { getTangoToken } from '@/lib/tango';

export async function catalogSize() {
  const token = await getTangoToken();
  return token.length > 0;
}
`,
    },
    {
      name: 'a Tango request authenticated with the platform’s own credentials',
      code: `import axios from 'axios';

router.get('/catalog', async (req, res) => {
  const { data } = await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', {
    headers: { Authorization: \`Basic \${Buffer.from(\`\${process.env.TANGO_PLATFORM_NAME}:\${process.env.TANGO_API_KEY}\`).toString('base64')}\`, 'X-Request-Id': req.headers['x-request-id'] },
  });
  res.json(data);
});
`,
    },
    {
      name: "a client's Authorization header forwarded to an API that is not Tango",
      code: `router.get('/profile', async (req, res) => {
  const response = await fetch('https://api.example.com/me', { headers: { Authorization: req.headers.authorization } });
  res.json(await response.json());
});
`,
    },
  ],
  invalid: [
    {
      name: 'Express: res.json with a token from a helper, res.send with the whole response',
      code: `import axios from 'axios';

async function getTangoToken(): Promise<string> {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }));
  return data.access_token;
}

app.get('/tango/token', async (req, res) => {
  res.json({ token: await getTangoToken(), expiresIn: 300 });
});

app.get('/tango/raw', async (req, res) => {
  const response = await axios.post('https://auth.tangocard.com/oauth/token', {});
  res.status(200).send(response.data);
});
`,
      errors: [
        { messageId: 'response', line: 9, column: 14, endLine: 9, endColumn: 42 },
        { messageId: 'response', line: 14, column: 24, endLine: 14, endColumn: 37 },
      ],
    },
    {
      name: 'Express (CommonJS): a readable cookie, a Set-Cookie header without HttpOnly, a header and a redirect',
      filename: 'session.cjs',
      code: `const axios = require('axios');

router.post('/session', async (req, res) => {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', {});
  res.cookie('tango', data.access_token, { secure: true });
  res.cookie('tango_token', data.access_token);
  res.cookie('tango_session', data.access_token, { httpOnly: false });
  res.setHeader('Set-Cookie', \`tango=\${data.access_token}; Path=/; Secure\`);
  res.set('X-Tango-Token', data.access_token);
  res.redirect(\`/checkout?token=\${data.access_token}\`);
});
`,
      errors: [
        { messageId: 'cookie', line: 5, column: 23, endLine: 5, endColumn: 40, suggestions: [{ messageId: 'setHttpOnly', output: `const axios = require('axios');

router.post('/session', async (req, res) => {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', {});
  res.cookie('tango', data.access_token, { secure: true, httpOnly: true });
  res.cookie('tango_token', data.access_token);
  res.cookie('tango_session', data.access_token, { httpOnly: false });
  res.setHeader('Set-Cookie', \`tango=\${data.access_token}; Path=/; Secure\`);
  res.set('X-Tango-Token', data.access_token);
  res.redirect(\`/checkout?token=\${data.access_token}\`);
});
` }] },
        { messageId: 'cookie', line: 6, column: 29, endLine: 6, endColumn: 46, suggestions: [{ messageId: 'setHttpOnly', output: `const axios = require('axios');

router.post('/session', async (req, res) => {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', {});
  res.cookie('tango', data.access_token, { secure: true });
  res.cookie('tango_token', data.access_token, { httpOnly: true });
  res.cookie('tango_session', data.access_token, { httpOnly: false });
  res.setHeader('Set-Cookie', \`tango=\${data.access_token}; Path=/; Secure\`);
  res.set('X-Tango-Token', data.access_token);
  res.redirect(\`/checkout?token=\${data.access_token}\`);
});
` }] },
        { messageId: 'cookie', line: 7, column: 31, endLine: 7, endColumn: 48, suggestions: [{ messageId: 'setHttpOnly', output: `const axios = require('axios');

router.post('/session', async (req, res) => {
  const { data } = await axios.post('https://auth.tangocard.com/oauth/token', {});
  res.cookie('tango', data.access_token, { secure: true });
  res.cookie('tango_token', data.access_token);
  res.cookie('tango_session', data.access_token, { httpOnly: true });
  res.setHeader('Set-Cookie', \`tango=\${data.access_token}; Path=/; Secure\`);
  res.set('X-Tango-Token', data.access_token);
  res.redirect(\`/checkout?token=\${data.access_token}\`);
});
` }] },
        { messageId: 'cookie', line: 8, column: 31, endLine: 8, endColumn: 75 },
        { messageId: 'header', line: 9, column: 28, endLine: 9, endColumn: 45 },
        { messageId: 'redirect', line: 10, column: 16, endLine: 10, endColumn: 54 },
      ],
    },
    {
      name: 'Koa: ctx.body and a redirect',
      filename: 'token.mjs',
      code: `import Router from '@koa/router';
import got from 'got';

const router = new Router();
router.get('/token', async (ctx) => {
  const { access_token } = await got.post('https://auth.tangocard.com/oauth/token', { form: { grant_type: 'client_credentials' } }).json();
  ctx.body = { access_token };
});
router.get('/go', async (ctx) => {
  const { access_token } = await got.post('https://auth.tangocard.com/oauth/token').json();
  ctx.redirect('/app#token=' + access_token);
});
`,
      errors: [
        { messageId: 'response', line: 7, column: 16, endLine: 7, endColumn: 28 },
        { messageId: 'redirect', line: 11, column: 16, endLine: 11, endColumn: 44 },
      ],
    },
    {
      name: 'Fastify: a returned token and reply.send',
      code: `import Fastify from 'fastify';
import { request } from 'undici';

const fastify = Fastify();

async function token() {
  const { body } = await request('https://auth.tangocard.com/oauth/token', { method: 'POST' });
  const json = await body.json();
  return json.access_token;
}

fastify.get('/token', async (request, reply) => {
  return { token: await token() };
});
fastify.get('/token2', async (request, reply) => {
  reply.send(await token());
});
`,
      errors: [
        { messageId: 'response', line: 13, column: 12, endLine: 13, endColumn: 32 },
        { messageId: 'response', line: 16, column: 14, endLine: 16, endColumn: 27 },
      ],
    },
    {
      name: 'Next.js (fixture): NextResponse.json with a token from another module',
      filename: fixture('next-orders', 'app/api/token/route.ts'),
      code: `import { NextResponse } from 'next/server';
import { getTangoToken } from '../../../lib/tango';

export async function GET() {
  return NextResponse.json({ token: await getTangoToken() });
}
`,
      errors: [
        { messageId: 'response', line: 5, column: 30, endLine: 5, endColumn: 58 },
      ],
    },
    {
      name: 'Next.js route handler: Response bodies, a readable cookie and a redirect',
      code: `import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';

async function tangoToken(): Promise<string> {
  const response = await fetch(\`\${process.env.TANGO_AUTH_URL}/oauth/token\`, { method: 'POST' });
  const json = await response.json();
  return json.access_token;
}

export async function GET(request: Request) {
  const token = await tangoToken();
  (await cookies()).set('tango', token, { secure: true });
  return new Response(JSON.stringify({ token }), { headers: { 'Content-Type': 'application/json' } });
}

export async function POST(request: Request) {
  const token = await tangoToken();
  return NextResponse.redirect(new URL(\`/done?token=\${token}\`, request.url));
}

export async function PUT() {
  return Response.json({ accessToken: await tangoToken() });
}

export async function DELETE() {
  const response = NextResponse.json({ ok: true });
  response.cookies.set({ name: 'tango', value: await tangoToken() });
  return response;
}
`,
      errors: [
        { messageId: 'cookie', line: 12, column: 34, endLine: 12, endColumn: 39, suggestions: [{ messageId: 'setHttpOnly', output: `import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';

async function tangoToken(): Promise<string> {
  const response = await fetch(\`\${process.env.TANGO_AUTH_URL}/oauth/token\`, { method: 'POST' });
  const json = await response.json();
  return json.access_token;
}

export async function GET(request: Request) {
  const token = await tangoToken();
  (await cookies()).set('tango', token, { secure: true, httpOnly: true });
  return new Response(JSON.stringify({ token }), { headers: { 'Content-Type': 'application/json' } });
}

export async function POST(request: Request) {
  const token = await tangoToken();
  return NextResponse.redirect(new URL(\`/done?token=\${token}\`, request.url));
}

export async function PUT() {
  return Response.json({ accessToken: await tangoToken() });
}

export async function DELETE() {
  const response = NextResponse.json({ ok: true });
  response.cookies.set({ name: 'tango', value: await tangoToken() });
  return response;
}
` }] },
        { messageId: 'response', line: 13, column: 40, endLine: 13, endColumn: 45 },
        { messageId: 'redirect', line: 18, column: 32, endLine: 18, endColumn: 76 },
        { messageId: 'response', line: 22, column: 26, endLine: 22, endColumn: 57 },
        { messageId: 'cookie', line: 27, column: 41, endLine: 27, endColumn: 66, suggestions: [{ messageId: 'setHttpOnly', output: `import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';

async function tangoToken(): Promise<string> {
  const response = await fetch(\`\${process.env.TANGO_AUTH_URL}/oauth/token\`, { method: 'POST' });
  const json = await response.json();
  return json.access_token;
}

export async function GET(request: Request) {
  const token = await tangoToken();
  (await cookies()).set('tango', token, { secure: true });
  return new Response(JSON.stringify({ token }), { headers: { 'Content-Type': 'application/json' } });
}

export async function POST(request: Request) {
  const token = await tangoToken();
  return NextResponse.redirect(new URL(\`/done?token=\${token}\`, request.url));
}

export async function PUT() {
  return Response.json({ accessToken: await tangoToken() });
}

export async function DELETE() {
  const response = NextResponse.json({ ok: true });
  response.cookies.set({ name: 'tango', value: await tangoToken(), httpOnly: true });
  return response;
}
` }] },
      ],
    },
    {
      name: 'Next.js pages router: res.status().json with the token',
      filename: fixture('next-orders', 'pages/api/token.ts'),
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import { getTangoToken } from '../../lib/tango';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ accessToken: await getTangoToken() });
}
`,
      errors: [
        { messageId: 'response', line: 5, column: 26, endLine: 5, endColumn: 60 },
      ],
    },
    {
      name: 'a server action returning the token',
      filename: fixture('next-orders', 'app/orders/token-action.ts'),
      code: `'use server';

import { redirect } from 'next/navigation';
import { getTangoToken } from '../../lib/tango';

export async function tangoToken() {
  return getTangoToken();
}

export async function checkout() {
  redirect(\`/checkout?token=\${await getTangoToken()}\`);
}
`,
      errors: [
        { messageId: 'response', line: 7, column: 10, endLine: 7, endColumn: 25 },
        { messageId: 'redirect', line: 11, column: 12, endLine: 11, endColumn: 54 },
      ],
    },
    {
      name: 'NestJS (fixture): a controller returning the injected service’s token',
      filename: fixture('nest-orders', 'src/token.controller.ts'),
      code: `import { Controller, Get } from '@nestjs/common';
import { TangoService } from './tango.service';

@Controller('tango')
export class TokenController {
  constructor(private readonly tango: TangoService) {}

  @Get('token')
  async token() {
    return { accessToken: await this.tango.accessToken() };
  }
}
`,
      errors: [
        { messageId: 'response', line: 10, column: 14, endLine: 10, endColumn: 57 },
      ],
    },
    {
      name: "relaying the client's Authorization header, or all its headers, to Tango",
      code: `import axios from 'axios';

router.get('/catalog', async (req, res) => {
  const a = await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: req.headers.authorization } });
  const b = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: req.headers });
  const c = await fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { ...req.headers, Accept: 'application/json' } });
  res.json([a.data, await b.json(), await c.json()]);
});
`,
      errors: [
        { messageId: 'relay', line: 4, column: 115, endLine: 4, endColumn: 140 },
        { messageId: 'relay', line: 5, column: 94, endLine: 5, endColumn: 105 },
        { messageId: 'relay', line: 6, column: 96, endLine: 6, endColumn: 110 },
      ],
    },
    {
      name: 'Next.js route handler relaying request.headers.get("authorization")',
      code: `export async function GET(request: Request) {
  const response = await fetch('https://api.tangocard.com/raas/v2/catalogs', {
    headers: { Authorization: request.headers.get('authorization') ?? '' },
  });
  return Response.json(await response.json());
}
`,
      errors: [
        { messageId: 'relay', line: 3, column: 31, endLine: 3, endColumn: 73 },
      ],
    },
  ],
});
