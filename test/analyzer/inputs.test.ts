import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TangoSettings, Value } from '../../src/analyzer/index.js';
import { analyze, DEFAULT_SETTINGS, readSettings } from '../../src/analyzer/index.js';
import { isAuthorizerName, isUserValue, requestInput } from '../../src/analyzer/inputs.js';
import type { ValueResolver } from '../../src/analyzer/values.js';
import { FIXTURES } from '../rules/rule-tester.js';

/** The value passed to the one `use(...)` call in `code`. */
function usedValue(code: string, file: string): { value: Value; resolver: ValueResolver } {
  const analysis = analyze({ filePath: path.join(FIXTURES, 'express-orders', file), text: code, settings: DEFAULT_SETTINGS });
  const stack: ts.Node[] = [analysis.sourceFile];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'use' && node.arguments[0]) {
      return { value: analysis.resolver.value(node.arguments[0]), resolver: analysis.resolver };
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  throw new Error(`no use(...) call in ${code}`);
}

/** The request input passed to `use(...)`, as `source:path`, or `none`. */
function inputOf(code: string, file = 'src/server.ts'): string {
  const { value, resolver } = usedValue(code, file);
  const input = requestInput(value, resolver);
  return input ? `${input.source}:${input.path.join('.')}` : 'none';
}

function isUser(code: string): boolean {
  const { value, resolver } = usedValue(code, 'src/server.ts');
  return isUserValue(value, resolver);
}

describe('requestInput', () => {
  it.each([
    ['Express req.body, destructured', `app.post('/o', (req, res) => { const { accountIdentifier } = req.body; use(accountIdentifier); });`, 'body:accountIdentifier'],
    ['Express req.query, converted', `router.get('/o', (req, res) => { const id = Number(req.query.id); use(id); });`, 'query:id'],
    ['Express req.params', `router.get('/o/:id', function (req, res) { use(req.params.id); });`, 'params:id'],
    ['Express req.get(name), lower-cased', `app.use((req, res, next) => { use(req.get('X-Account')); });`, 'headers:x-account'],
    ['a handler registered by name', `function create(request, reply) { use(request.body.account); }\nfastify.post('/o', create);`, 'body:account'],
    ['Koa ctx.request.body', `router.post('/o', async (ctx) => { use(ctx.request.body.accountIdentifier); });`, 'body:accountIdentifier'],
    ['Koa ctx.query', `app.use(async (ctx, next) => { use(ctx.query.customer); });`, 'query:customer'],
    ['Next.js request.json()', `export async function POST(request: Request) { const body = await request.json(); use(body.accountIdentifier); }`, 'body:accountIdentifier'],
    ['Next.js formData().get()', `export async function POST(request: Request) { const form = await request.formData(); use(form.get('account')); }`, 'body:account'],
    ['Next.js nextUrl.searchParams', `export async function GET(request: NextRequest) { use(request.nextUrl.searchParams.get('account')); }`, 'query:account'],
    ['Next.js new URL(request.url)', `export async function GET(request: Request) { const { searchParams } = new URL(request.url); use(searchParams.get('c')); }`, 'query:c'],
    ['Next.js route params', `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) { const { id } = await params; use(id); }`, 'params:id'],
    ['next/headers', `import { headers } from 'next/headers';\nexport async function f() { use((await headers()).get('Authorization')); }`, 'headers:authorization'],
    ['a server action argument', `'use server';\nexport async function redeem(formData: FormData) { use(formData.get('account')); }`, 'action-argument:account'],
    ['an inline server action', `async function redeem(accountIdentifier: string) { 'use server'; use(accountIdentifier); }`, 'action-argument:'],
    ['NestJS @Body(key)', `class C { @Post() create(@Body('accountIdentifier') id: string) { use(id); } }`, 'body:accountIdentifier'],
    ['NestJS @Query()', `class C { @Get() list(@Query() query: { account: string }) { use(query.account); } }`, 'query:account'],
    ['zod parse keeps the input', `app.post('/o', (req, res) => { const order = Order.parse(req.body); use(order.accountIdentifier); });`, 'body:accountIdentifier'],
    ['a local helper returning it', `function pick(body) { return body.accountIdentifier; }\napp.post('/o', (req, res) => { use(pick(req.body)); });`, 'body:accountIdentifier'],
  ])('%s', (_name, code, expected) => {
    expect(inputOf(code)).toBe(expected);
  });

  it.each([
    ['the signed-in user', `app.post('/o', (req, res) => { use(req.user.accountIdentifier); });`],
    ['an env variable', `app.post('/o', (req, res) => { use(process.env.TANGO_ACCOUNT); });`],
    ['a parameter of an ordinary function', `function place(order) { use(order.accountIdentifier); }`],
    ['a typed outgoing request', `function send(request: OrderRequest) { use(request.body); }`],
    ['a non-exported function of a server action module', `'use server';\nasync function helper(account: string) { use(account); }`],
  ])('not input: %s', (_name, code) => {
    expect(inputOf(code)).toBe('none');
  });

  it('recognises the pages router by path', () => {
    const code = `export default async function handler(input, output) { use(input.query.account); }`;
    expect(inputOf(code, 'pages/api/orders.ts')).toBe('query:account');
    expect(inputOf(code, 'lib/orders.ts')).toBe('none');
  });
});

describe('isUserValue', () => {
  it.each([
    ['req.user', `app.post('/o', (req, res) => { use(req.user.id); });`, true],
    ['Koa ctx.state.user', `router.post('/o', async (ctx) => { use(ctx.state.user.id); });`, true],
    ['NextAuth auth()', `import { auth } from './auth';\nexport async function f() { const session = await auth(); use(session.user.id); }`, true],
    ['NestJS @CurrentUser()', `class C { @Post() create(@CurrentUser() me: User) { use(me.id); } }`, true],
    ['a lookup keyed by the user', `app.post('/o', async (req, res) => { const user = await db.user.findUnique({ where: { id: req.user.id } }); use(user.accounts); });`, true],
    ['request input', `app.post('/o', (req, res) => { use(req.body.userId); });`, false],
    ['a lookup keyed by input', `app.post('/o', async (req, res) => { const user = await getUser(req.body.userId); use(user.accounts); });`, false],
  ])('%s', (_name, code, expected) => {
    expect(isUser(code)).toBe(expected);
  });
});

describe('isAuthorizerName', () => {
  const settings: TangoSettings = readSettings({ authorizers: ['requireMembership', 'policy.ensure*'] });

  it.each(['assertOwnsAccount', 'assertOwnership', 'authorizeAccount', 'authoriseOrder', 'canOrderFor', 'verifyAccountAccess', 'checkAccess', 'AccountOwnerGuard'])(
    'accepts %s by default',
    (name) => {
      expect(isAuthorizerName(name, DEFAULT_SETTINGS)).toBe(true);
    },
  );

  it.each(['cancel', 'canonicalize', 'authenticate', 'verifyToken', 'AuthGuard', 'validate'])('rejects %s by default', (name) => {
    expect(isAuthorizerName(name, DEFAULT_SETTINGS)).toBe(false);
  });

  it('accepts names and globs from settings.tango.authorizers', () => {
    expect(isAuthorizerName('requireMembership', settings)).toBe(true);
    expect(isAuthorizerName('policy.ensureMember', settings)).toBe(true);
    expect(isAuthorizerName('ensureMember', settings)).toBe(false);
  });
});
