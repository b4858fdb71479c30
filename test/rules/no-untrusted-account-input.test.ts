import rule from '../../src/rules/no-untrusted-account-input.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-untrusted-account-input', rule, {
  valid: [
    {
      name: 'Express: identifiers from the signed-in user and env',
      code: `import express from 'express';
import axios from 'axios';

const app = express();

app.post('/orders', async (req, res) => {
  const { utid, amount } = req.body;
  const { data } = await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: req.user.accountIdentifier,
    customerIdentifier: process.env.TANGO_CUSTOMER_ID,
    utid,
    amount,
  });
  res.json(data);
});
`,
    },
    {
      name: 'Express: an authorizer called on the value before the order',
      code: `import axios from 'axios';
import { assertOwnsAccount } from './authz';

router.post('/orders', async (req, res) => {
  const { accountIdentifier, utid, amount } = req.body;
  await assertOwnsAccount(req.user, accountIdentifier);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier,
    customerIdentifier: req.user.customerIdentifier,
    utid,
    amount,
  });
  res.sendStatus(201);
});
`,
    },
    {
      name: 'Express: a lookup keyed by the signed-in user',
      code: `import axios from 'axios';

router.post('/orders', async (req, res) => {
  const account = await db.account.findFirst({ where: { identifier: req.body.accountIdentifier, ownerId: req.user.id } });
  if (!account) return res.sendStatus(403);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: req.body.accountIdentifier,
    customerIdentifier: account.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
  res.sendStatus(201);
});
`,
    },
    {
      name: "Express: a comparison against the caller's own accounts",
      code: `import axios from 'axios';

router.post('/orders', async (req, res) => {
  const accountIdentifier = req.body.accountIdentifier;
  if (!req.user.accountIdentifiers.includes(accountIdentifier)) return res.sendStatus(403);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier,
    customerIdentifier: req.user.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
});
`,
    },
    {
      name: 'Express: a record looked up by the input, then checked against the user',
      filename: 'orders.cjs',
      code: `const axios = require('axios');

router.post('/orders', async (req, res) => {
  const account = await Account.findById(req.params.accountId);
  if (account.ownerId !== req.user.id) return res.sendStatus(403);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: req.params.accountId,
    customerIdentifier: account.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
});
`,
    },
    {
      name: 'Express: an authorizer middleware on the route',
      code: `import axios from 'axios';

router.post('/accounts/:accountIdentifier/orders', authorizeAccountAccess, async (req, res) => {
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: req.params.accountIdentifier,
    customerIdentifier: req.user.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
});
`,
    },
    {
      name: 'an authorizer named in settings.tango.authorizers (a glob)',
      settings: { tango: {"authorizers": ["policy.ensure*"]} },
      code: `import axios from 'axios';

router.post('/orders', async (req, res) => {
  policy.ensureMember(req.user, req.body.accountIdentifier);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: req.body.accountIdentifier,
    customerIdentifier: req.user.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
});
`,
    },
    {
      name: 'Express (fixture): the helper in another module gets an authorized account',
      filename: fixture('express-orders', 'src/routes/orders.ts'),
      code: `import { Router } from 'express';
import { assertOwnsAccount } from '../authz.js';
import { orderFor } from '../tango.js';

export const orders = Router();

orders.post('/orders', async (req, res) => {
  const { accountIdentifier, utid, amount } = req.body;
  assertOwnsAccount(req.user, accountIdentifier);
  res.json(await orderFor(accountIdentifier, req.user.customerIdentifier, utid, amount));
});
`,
    },
    {
      name: 'Next.js route handler (fixture): the account comes from the session',
      filename: fixture('next-orders', 'app/api/orders/route.ts'),
      code: `import { NextResponse } from 'next/server';
import { auth } from '../../../lib/auth';
import { accountOf } from '../../../lib/accounts';
import { placeOrder } from '../../../lib/tango';

export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user?.id) return NextResponse.json({ error: 'Sign in first' }, { status: 401 });
  const { utid, amount } = await request.json();
  const { accountIdentifier, customerIdentifier } = await accountOf(session.user.id);
  return NextResponse.json(await placeOrder({ accountIdentifier, customerIdentifier, utid, amount }));
}
`,
    },
    {
      name: 'Next.js route handler: the requested account checked against the session',
      code: `import { getServerSession } from 'next-auth';

export async function POST(request: Request) {
  const session = await getServerSession();
  const body = await request.json();
  if (body.accountIdentifier !== session?.user.accountIdentifier) return new Response(null, { status: 403 });
  const response = await fetch(\`\${process.env.TANGO_API_URL}/orders\`, {
    method: 'POST',
    body: JSON.stringify({ accountIdentifier: body.accountIdentifier, customerIdentifier: 'acme', utid: body.utid, amount: body.amount }),
  });
  return Response.json(await response.json());
}
`,
    },
    {
      name: 'NestJS (fixture): the controller asks the accounts service first',
      filename: fixture('nest-orders', 'src/orders.controller.ts'),
      code: `import { Body, Controller, Post } from '@nestjs/common';
import { AccountsService } from './accounts.service';
import { TangoService } from './tango.service';

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly tango: TangoService,
    private readonly accounts: AccountsService,
  ) {}

  @Post()
  async create(@Body() dto: { accountIdentifier: string; utid: string; amount: number }, @CurrentUser() user: { id: string; customerIdentifier: string }) {
    await this.accounts.assertOwnsAccount(user.id, dto.accountIdentifier);
    return this.tango.placeOrder(dto.accountIdentifier, user.customerIdentifier, dto.utid, dto.amount);
  }
}
`,
    },
    {
      name: 'NestJS: a guard named for ownership on the route',
      code: `import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import axios from 'axios';

@Controller('accounts/:accountIdentifier/orders')
export class OrdersController {
  @Post()
  @UseGuards(AccountOwnerGuard)
  create(@Param('accountIdentifier') accountIdentifier: string, @Body() dto: { utid: string; amount: number }) {
    return axios.post('https://api.tangocard.com/raas/v2/orders', { accountIdentifier, customerIdentifier: 'acme', utid: dto.utid, amount: dto.amount });
  }
}
`,
    },
    {
      name: 'a server action whose identifiers come from the session',
      code: `'use server';

import { auth } from '@/auth';

export async function redeem(formData: FormData) {
  const session = await auth();
  await fetch('https://integration-api.tangocard.com/raas/v2/orders', {
    method: 'POST',
    body: JSON.stringify({
      accountIdentifier: session.user.accountIdentifier,
      customerIdentifier: session.user.customerIdentifier,
      utid: formData.get('utid'),
      amount: Number(formData.get('amount')),
    }),
  });
}
`,
    },
    {
      name: 'request input forwarded to an API that is not Tango',
      filename: 'newsletter.js',
      code: `import axios from 'axios';

app.post('/newsletter', async (req, res) => {
  await axios.post('https://api.example.com/subscribers', req.body);
  await fetch('https://tango-dance.example.com/classes', { method: 'POST', body: JSON.stringify({ accountIdentifier: req.body.accountIdentifier }) });
  res.sendStatus(204);
});
`,
    },
    {
      name: 'a script with fixed identifiers (no request input)',
      code: `import axios from 'axios';

export async function topUp(amount: number) {
  return axios.post('https://integration-api.tangocard.com/raas/v2/creditCardDeposits', {
    accountIdentifier: 'acme-main',
    customerIdentifier: 'acme',
    amount,
  });
}
`,
    },
  ],
  invalid: [
    {
      name: 'Express: identifiers destructured from req.body',
      filename: 'orders.mjs',
      code: `import express from 'express';
import axios from 'axios';

const app = express();

app.post('/orders', async (req, res) => {
  const { accountIdentifier, customerIdentifier, utid, amount } = req.body;
  const { data } = await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier,
    customerIdentifier,
    utid,
    amount,
  });
  res.json(data);
});
`,
      errors: [
        { messageId: 'field', line: 9, column: 5, endLine: 9, endColumn: 22 },
        { messageId: 'field', line: 10, column: 5, endLine: 10, endColumn: 23 },
      ],
    },
    {
      name: 'Express (CommonJS): an identifier from the query string, converted',
      filename: 'accounts.cjs',
      code: `const axios = require('axios');

router.get('/accounts', async (req, res) => {
  const customer = String(req.query.customer);
  const { data } = await axios.get(\`https://api.tangocard.com/raas/v2/customers/\${customer}/accounts\`);
  res.json(data);
});
`,
      errors: [
        { messageId: 'url', line: 5, column: 83, endLine: 5, endColumn: 91 },
      ],
    },
    {
      name: 'Express: the whole body forwarded, and spread into a new one',
      code: `import axios from 'axios';

router.post('/orders', async (req, res) => {
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', req.body);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', { ...req.body, externalRefID: crypto.randomUUID() });
  res.sendStatus(201);
});
`,
      errors: [
        { messageId: 'body', line: 4, column: 76, endLine: 4, endColumn: 84 },
        { messageId: 'body', line: 5, column: 78, endLine: 5, endColumn: 89 },
      ],
    },
    {
      name: 'Express: a lookup keyed only by the input is no authorization',
      code: `import axios from 'axios';

router.post('/orders', async (req, res) => {
  const account = await Account.findById(req.body.accountIdentifier);
  if (!account) return res.sendStatus(404);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: req.body.accountIdentifier,
    customerIdentifier: account.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
});
`,
      errors: [
        { messageId: 'field', line: 7, column: 5, endLine: 7, endColumn: 50 },
      ],
    },
    {
      name: 'Express: an authorizer called after the order is too late',
      code: `import axios from 'axios';

router.post('/orders', async (req, res) => {
  const { accountIdentifier } = req.body;
  const result = await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier,
    customerIdentifier: req.user.customerIdentifier,
    utid: req.body.utid,
    amount: req.body.amount,
  });
  await assertOwnsAccount(req.user, accountIdentifier);
  res.json(result.data);
});
`,
      errors: [
        { messageId: 'field', line: 6, column: 5, endLine: 6, endColumn: 22 },
      ],
    },
    {
      name: 'Express: schema validation is not authorization',
      code: `import axios from 'axios';
import { z } from 'zod';

const OrderRequest = z.object({ accountIdentifier: z.string(), utid: z.string(), amount: z.number() });

router.post('/orders', async (req, res) => {
  const order = OrderRequest.parse(req.body);
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', {
    accountIdentifier: order.accountIdentifier,
    customerIdentifier: 'acme',
    utid: order.utid,
    amount: order.amount,
  });
});
`,
      errors: [
        { messageId: 'field', line: 9, column: 5, endLine: 9, endColumn: 47 },
      ],
    },
    {
      name: 'Express: axios query params on an orders listing',
      code: `import axios from 'axios';

router.get('/orders', async (req, res) => {
  const { data } = await axios.get('https://integration-api.tangocard.com/raas/v2/orders', {
    params: { accountIdentifier: req.query.account, elementsPerBlock: 50 },
  });
  res.json(data);
});
`,
      errors: [
        { messageId: 'field', line: 5, column: 15, endLine: 5, endColumn: 51 },
      ],
    },
    {
      name: 'Express (fixture): input passed to a helper in another module',
      filename: fixture('express-orders', 'src/routes/orders.ts'),
      code: `import { Router } from 'express';
import { getAccount, orderFor, placeOrder } from '../tango.js';

export const orders = Router();

orders.post('/orders', async (req, res) => {
  const { accountIdentifier, utid, amount } = req.body;
  res.json(await orderFor(accountIdentifier, req.user.customerIdentifier, utid, amount));
});

orders.post('/orders/raw', async (req, res) => {
  res.json(await placeOrder(req.body));
});

orders.get('/accounts/:id', async (req, res) => {
  res.json(await getAccount(req.user.customerIdentifier, req.params.id));
});
`,
      errors: [
        { messageId: 'field', line: 8, column: 27, endLine: 8, endColumn: 44 },
        { messageId: 'body', line: 12, column: 29, endLine: 12, endColumn: 37 },
        { messageId: 'url', line: 16, column: 58, endLine: 16, endColumn: 71 },
      ],
    },
    {
      name: 'Express (fixture, CommonJS): input passed to a required helper',
      filename: fixture('express-orders', 'src/routes/legacy.cjs'),
      code: `const express = require('express');
const { placeOrder } = require('../tango-legacy.cjs');

const router = express.Router();

router.post('/orders', async (req, res) => {
  res.json(await placeOrder(req.body.accountIdentifier, req.user.customerIdentifier, req.body.utid, req.body.amount));
});

module.exports = router;
`,
      errors: [
        { messageId: 'field', line: 7, column: 29, endLine: 7, endColumn: 55 },
      ],
    },
    {
      name: 'Koa: ctx.request.body through a helper in the same file',
      code: `import Router from '@koa/router';
import axios from 'axios';

async function placeOrder(accountIdentifier: string, amount: number) {
  return axios.post('https://api.tangocard.com/raas/v2/orders', { accountIdentifier, customerIdentifier: 'acme', utid: 'U761382', amount });
}

const router = new Router();
router.post('/orders', async (ctx) => {
  ctx.body = await placeOrder(ctx.request.body.accountIdentifier, 25);
});
`,
      errors: [
        { messageId: 'field', line: 5, column: 67, endLine: 5, endColumn: 84 },
      ],
    },
    {
      name: 'Fastify: request.body with got',
      code: `import Fastify from 'fastify';
import got from 'got';

const fastify = Fastify();

fastify.post('/orders', async (request, reply) => {
  const body = request.body as { account: string; customer: string };
  return got.post('https://api.tangocard.com/raas/v2/orders', {
    json: { accountIdentifier: body.account, customerIdentifier: body.customer, utid: 'U761382', amount: 25 },
  }).json();
});
`,
      errors: [
        { messageId: 'field', line: 9, column: 13, endLine: 9, endColumn: 44 },
        { messageId: 'field', line: 9, column: 46, endLine: 9, endColumn: 79 },
      ],
    },
    {
      name: 'Next.js route handler (fixture): the JSON body passed to a helper',
      filename: fixture('next-orders', 'app/api/orders/route.ts'),
      code: `import { NextResponse } from 'next/server';
import { placeOrder } from '../../../lib/tango';

export async function POST(request: Request) {
  const { accountIdentifier, customerIdentifier, utid, amount } = await request.json();
  return NextResponse.json(await placeOrder({ accountIdentifier, customerIdentifier, utid, amount }));
}
`,
      errors: [
        { messageId: 'field', line: 6, column: 47, endLine: 6, endColumn: 64 },
        { messageId: 'field', line: 6, column: 66, endLine: 6, endColumn: 84 },
      ],
    },
    {
      name: 'Next.js route handler: account lookups from the query string and route params (undici)',
      code: `import { request as undiciRequest } from 'undici';

export async function GET(request: Request, { params }: { params: Promise<{ accountIdentifier: string }> }) {
  const { accountIdentifier } = await params;
  const customer = new URL(request.url).searchParams.get('customer');
  const { body } = await undiciRequest(\`https://api.tangocard.com/raas/v2/customers/\${customer}/accounts/\${accountIdentifier}\`);
  return Response.json(await body.json());
}
`,
      errors: [
        { messageId: 'url', line: 6, column: 87, endLine: 6, endColumn: 95 },
        { messageId: 'url', line: 6, column: 108, endLine: 6, endColumn: 125 },
      ],
    },
    {
      name: 'Next.js route handler: nextUrl search params into the order body (fetch)',
      code: `import { NextRequest, NextResponse } from 'next/server';

export async function POST(request: NextRequest) {
  const response = await fetch('https://integration-api.tangocard.com/raas/v2/orders', {
    method: 'POST',
    body: JSON.stringify({
      accountIdentifier: request.nextUrl.searchParams.get('account'),
      customerIdentifier: 'acme',
      utid: 'U761382',
      amount: 25,
    }),
  });
  return NextResponse.json(await response.json());
}
`,
      errors: [
        { messageId: 'field', line: 7, column: 7, endLine: 7, endColumn: 69 },
      ],
    },
    {
      name: 'Next.js pages router (fixture): req.body passed to a helper',
      filename: fixture('next-orders', 'pages/api/orders.ts'),
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import { placeOrder } from '../../lib/tango';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json(await placeOrder(req.body));
}
`,
      errors: [
        { messageId: 'body', line: 5, column: 41, endLine: 5, endColumn: 49 },
      ],
    },
    {
      name: 'a server action module (fixture): form fields passed to a helper',
      filename: fixture('next-orders', 'app/orders/actions.ts'),
      code: `'use server';

import { placeOrder } from '../../lib/tango';

export async function redeem(formData: FormData) {
  return placeOrder({
    accountIdentifier: String(formData.get('accountIdentifier')),
    customerIdentifier: String(formData.get('customerIdentifier')),
    utid: String(formData.get('utid')),
    amount: Number(formData.get('amount')),
  });
}
`,
      errors: [
        { messageId: 'field', line: 7, column: 5, endLine: 7, endColumn: 65 },
        { messageId: 'field', line: 8, column: 5, endLine: 8, endColumn: 67 },
      ],
    },
    {
      name: "an inline server action's argument",
      code: `export default function RedeemPage() {
  async function redeem(accountIdentifier: string, utid: string) {
    'use server';
    await fetch('https://integration-api.tangocard.com/raas/v2/orders', {
      method: 'POST',
      body: JSON.stringify({ accountIdentifier, customerIdentifier: 'acme', utid, amount: 10 }),
    });
  }
  return redeem;
}
`,
      errors: [
        { messageId: 'field', line: 6, column: 30, endLine: 6, endColumn: 47 },
      ],
    },
    {
      name: 'NestJS: @Body() and @Param() straight into the order',
      code: `import { Body, Controller, Param, Post } from '@nestjs/common';
import axios from 'axios';

@Controller('customers/:customer/orders')
export class OrdersController {
  @Post()
  create(@Param('customer') customer: string, @Body() dto: { accountIdentifier: string; utid: string; amount: number }) {
    return axios.post('https://api.tangocard.com/raas/v2/orders', {
      accountIdentifier: dto.accountIdentifier,
      customerIdentifier: customer,
      utid: dto.utid,
      amount: dto.amount,
    });
  }
}
`,
      errors: [
        { messageId: 'field', line: 9, column: 7, endLine: 9, endColumn: 47 },
        { messageId: 'field', line: 10, column: 7, endLine: 10, endColumn: 35 },
      ],
    },
    {
      name: 'NestJS (fixture): @Body() passed to an injected service in another module',
      filename: fixture('nest-orders', 'src/orders.controller.ts'),
      code: `import { Body, Controller, Post } from '@nestjs/common';
import { TangoService } from './tango.service';

@Controller('orders')
export class OrdersController {
  constructor(private readonly tango: TangoService) {}

  @Post()
  async create(@Body() dto: { accountIdentifier: string; customerIdentifier: string; utid: string; amount: number }) {
    return this.tango.placeOrder(dto.accountIdentifier, dto.customerIdentifier, dto.utid, dto.amount);
  }
}
`,
      errors: [
        { messageId: 'field', line: 10, column: 34, endLine: 10, endColumn: 55 },
        { messageId: 'field', line: 10, column: 57, endLine: 10, endColumn: 79 },
      ],
    },
  ],
});
