import ts from 'typescript';
import { indexFile, sourceFileOf } from './file-index.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { findDeclaration } from './scope.js';
import { accessName, alternatives, isRequireCall, objectsOf, skipOuter, unknown } from './values.js';
import { isArrowFunction, isBindingElement, isCallExpression, isConstructorDeclaration, isElementAccessExpression, isFunctionDeclaration, isFunctionExpression, isGetAccessorDeclaration, isIdentifier, isImportClause, isImportSpecifier, isMethodDeclaration, isNamespaceImport, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isSetAccessorDeclaration, isShorthandPropertyAssignment, isSpreadElement, isStringLiteralLike, isVariableDeclaration } from './syntax.js';

export type HttpClient = 'fetch' | 'axios' | 'got' | 'ky' | 'superagent' | 'undici' | 'http' | 'request';

/** Where a layer of request options comes from, most specific first. */
export type LayerOrigin = 'request' | 'instance' | 'defaults';

/** One source of request options: the request's own options, its instance's, or mutated defaults. */
export interface OptionLayer {
  readonly origin: LayerOrigin;
  /** The options object as written, when the layer is one. */
  readonly object: Value | undefined;
  /** The layer's value for an option: a value, `undefined` when surely absent. */
  readonly get: (name: string) => Value | undefined;
}

/** An outgoing HTTP request site. */
export interface HttpRequest {
  readonly client: HttpClient;
  /** The call that sends the request. */
  readonly node: ts.CallExpression;
  /** Upper-case method, when known. */
  readonly method: string | undefined;
  /** The URL as given to the request (possibly relative to `base`). */
  readonly url: Value | undefined;
  /** The base URL from the instance or options (`baseURL`, `prefixUrl`, a pool's origin). */
  readonly base: Value | undefined;
  /** Option layers, most specific first. */
  readonly layers: readonly OptionLayer[];
  /** The request's own options object expression, where a fix can add an option. */
  readonly optionsNode: ts.Expression | undefined;
  /** Calls chained on the request (`superagent.post(url).set(...).timeout(...)`). */
  readonly chain: readonly ts.CallExpression[];
  /** The expression the request's result is assigned to, for `req.setTimeout(...)` style follow-ups. */
  readonly resultName: ts.Identifier | undefined;
  /** Interceptor or hook functions that can change the options before sending. */
  readonly interceptors: readonly ts.FunctionLikeDeclaration[];
  readonly enclosingFunction: ts.FunctionLikeDeclaration | undefined;
}

interface Instance {
  readonly client: HttpClient;
  readonly layers: readonly OptionLayer[];
  readonly base: Value | undefined;
  readonly creation: ts.CallExpression | ts.NewExpression;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const BODY_METHODS = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici']);

/** Finds every outgoing HTTP request in a file. */
export function findRequests(sourceFile: ts.SourceFile, resolver: ValueResolver, options: { crossFile?: boolean } = {}): HttpRequest[] {
  const crossFile = options.crossFile ?? true;
  if (!crossFile && !CLIENT_HINT.test(sourceFile.text)) return [];
  // Without a client module loaded in the file, its own bindings reach no client but `fetch`, and
  // a member call (`cache.get(key)`) is a request only as `globalThis.fetch(...)`. Resolving every
  // `.get` object of a large bundle was most of its request search.
  const fetchOnly = !crossFile && !CLIENT_IMPORT.test(sourceFile.text);
  const requests: HttpRequest[] = [];
  const calls = indexFile(sourceFile).calls;
  // Innermost calls first: a chain's links are then resolved once each and cached, instead of
  // each outer link resolving the whole chain below it again.
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i] as ts.CallExpression;
    if (!mightBeRequestCallee(call.expression)) continue;
    if (fetchOnly && isMemberCallNotNamedFetch(call.expression)) continue;
    if (!crossFile && isRootedInProjectImport(call.expression)) continue;
    const request = classify(resolver.value(call.expression), call, resolver);
    if (request) requests.push(request);
  }
  return requests.reverse();
}

/** A quote around a module specifier: a string or a template literal. */
const QUOTE = "['\"`]";
/** The modules of the modelled clients, as a specifier names them. */
const CLIENT_MODULES = String.raw`(?:node:)?(?:axios|got|ky|superagent|undici|https?|request(?:-promise(?:-native)?)?)`;
/**
 * Text a file needs to send a request through its own bindings: `fetch`, or the quoted name of a
 * client module. Without one, only a client imported from another project module could send a
 * request, and those are followed only when asked for.
 */
const CLIENT_HINT = new RegExp(`fetch|${QUOTE}${CLIENT_MODULES}${QUOTE}`);
/**
 * A client module loaded: `from 'axios'`, or quoted as a call's first argument (`require('got')`,
 * `import('undici')`, a `createRequire` function). A file can quote `"https"` for other reasons.
 */
const CLIENT_IMPORT = new RegExp(String.raw`(?:\bfrom\s*|\(\s*)${QUOTE}${CLIENT_MODULES}${QUOTE}`);

/** A member call other than `.fetch(...)`: without a client module, not a request. */
function isMemberCallNotNamedFetch(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return isPropertyAccessExpression(inner) && inner.name.text !== 'fetch';
}

/** The request a call sends, if it is one. */
export function requestAt(call: ts.CallExpression, resolver: ValueResolver): HttpRequest | undefined {
  if (!mightBeRequestCallee(call.expression)) return undefined;
  const callee = resolver.value(call.expression);
  return classify(callee, call, resolver);
}

/**
 * True when a callee starts from a binding imported from a module of the project (`./http`,
 * `@/lib/client`), whose value would have to be read from another file.
 */
function isRootedInProjectImport(expression: ts.Expression): boolean {
  let root = skipOuter(expression);
  while (isPropertyAccessExpression(root) || isCallExpression(root) || isElementAccessExpression(root)) root = skipOuter(root.expression);
  if (!isIdentifier(root)) return false;
  const declaration = findDeclaration(root);
  if (!declaration) return false;
  let specifier: ts.Expression | undefined;
  if (isImportClause(declaration)) specifier = declaration.parent.moduleSpecifier;
  else if (isImportSpecifier(declaration)) specifier = declaration.parent.parent.parent.moduleSpecifier;
  else if (isNamespaceImport(declaration)) specifier = declaration.parent.parent.moduleSpecifier;
  else {
    let holder: ts.Node = declaration;
    while (isBindingElement(holder)) holder = holder.parent.parent;
    const initializer = isVariableDeclaration(holder) && holder.initializer ? skipOuter(holder.initializer) : undefined;
    if (initializer && isCallExpression(initializer) && isRequireCall(initializer)) specifier = initializer.arguments[0];
  }
  return specifier !== undefined && isStringLiteralLike(specifier) && !isPackageSpecifier(specifier.text);
}

function isPackageSpecifier(specifier: string): boolean {
  return /^(?:node:|@[a-z0-9][\w.-]*\/|[a-z0-9])/i.test(specifier) && !specifier.startsWith('@/');
}

/** Member names through which the modelled clients send a request. */
const REQUEST_MEMBERS = new Set([...METHODS, ...BODY_METHODS, 'del', 'request', 'fetch', 'stream']);

/**
 * Cheap syntactic filter before resolving a callee: a bare name (`fetch`, `got`, an instance
 * called directly), a call result called again, or a member named like a request method.
 * Everything else (`list.push(x)`, `node.getText()`) cannot send a request, and resolving it
 * would cost as much as the rest of the analysis.
 */
function mightBeRequestCallee(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (isIdentifier(inner)) return true;
  if (isPropertyAccessExpression(inner)) return REQUEST_MEMBERS.has(inner.name.text);
  if (isCallExpression(inner)) return true;
  return false;
}

function classify(callee: Value, call: ts.CallExpression, resolver: ValueResolver): HttpRequest | undefined {
  if (callee.kind === 'alternatives') {
    for (const option of callee.options) {
      const request = classify(option, call, resolver);
      if (request) return request;
    }
    return undefined;
  }
  if (callee.kind === 'global') {
    if (callee.name === 'fetch' || callee.name === 'globalThis.fetch' || callee.name === 'window.fetch') {
      return fetchRequest(call, resolver, 'fetch');
    }
    return undefined;
  }
  if (callee.kind === 'import') return moduleRequest(callee, call, resolver);
  if (callee.kind === 'call') {
    const instance = instanceOf(callee, resolver);
    if (instance) return instanceRequest(instance, undefined, call, resolver);
  }
  if (callee.kind === 'member') {
    const instance = instanceOf(callee.object, resolver);
    if (instance) return instanceRequest(instance, callee.name, call, resolver);
  }
  return undefined;
}

function moduleRequest(callee: ValueOf<'import'>, call: ts.CallExpression, resolver: ValueResolver): HttpRequest | undefined {
  const path = callee.path[0] === 'default' ? callee.path.slice(1) : callee.path;
  const [member, ...rest] = path;
  if (rest.length > 0) return undefined;
  const module = callee.module;
  if (FETCH_MODULES.has(module) && (member === undefined ? module !== 'undici' : member === 'fetch')) {
    // undici's fetch takes fetch's options (a signal, a dispatcher), not those of undici.request.
    return fetchRequest(call, resolver, 'fetch');
  }
  const defaults = globalDefaults(module, call, resolver);
  switch (module) {
    case 'axios':
      return axiosRequest(member, call, resolver, defaults, undefined);
    case 'got':
      return gotLikeRequest('got', member, call, resolver, []);
    case 'ky':
      return gotLikeRequest('ky', member, call, resolver, []);
    case 'request':
    case 'request-promise':
    case 'request-promise-native':
      return gotLikeRequest('request', member, call, resolver, []);
    case 'superagent':
      return superagentRequest(member, call, resolver);
    case 'undici':
      return member === 'request' || member === 'stream' ? undiciRequest(call, resolver, undefined) : undefined;
    case 'http':
    case 'https':
      return member === 'request' || member === 'get' ? nodeHttpRequest(module, member, call, resolver) : undefined;
    default:
      return undefined;
  }
}

function fetchRequest(call: ts.CallExpression, resolver: ValueResolver, client: HttpClient): HttpRequest {
  const [input, init] = call.arguments;
  const layer = objectLayer('request', init, resolver);
  const method = stringOption(layer.get('method'))?.toUpperCase() ?? 'GET';
  // Node's fetch and undici's accept an undici `dispatcher`, whose options (timeouts, TLS) apply.
  const dispatcher = layer.get('dispatcher');
  const dispatcherInstance = dispatcher ? instanceOf(dispatcher, resolver) : undefined;
  return build(call, client, {
    method,
    url: input ? resolver.value(input) : undefined,
    layers: [layer, ...(dispatcherInstance?.layers ?? [])],
    optionsNode: init,
  });
}

function axiosRequest(
  member: string | undefined,
  call: ts.CallExpression,
  resolver: ValueResolver,
  defaults: OptionLayer[],
  instance: Instance | undefined,
): HttpRequest | undefined {
  const args = call.arguments;
  let url: ts.Expression | undefined;
  let config: ts.Expression | undefined;
  let method: string | undefined;
  if (member === undefined || member === 'request') {
    const first = args[0];
    const firstValue = first ? resolver.value(first) : undefined;
    if (first && member === undefined && firstValue && !isOptionsObject(firstValue) && isStringLike(firstValue)) {
      url = first;
      config = args[1];
    } else {
      config = first;
    }
  } else if (METHODS.has(member) || BODY_METHODS.has(member)) {
    url = args[0];
    config = BODY_METHODS.has(member) ? args[2] : args[1];
    method = member.replace(/Form$/, '').toUpperCase();
  } else {
    return undefined;
  }
  const layer = objectLayer('request', config, resolver);
  const layers = [layer, ...(instance?.layers ?? []), ...defaults];
  method ??= stringOption(layer.get('method'))?.toUpperCase() ?? 'GET';
  return build(call, 'axios', {
    method,
    url: url ? resolver.value(url) : layer.get('url'),
    base: firstOption(layers, 'baseURL'),
    layers,
    optionsNode: config,
    interceptors: instance ? interceptorsOf(instance.creation, resolver) : [],
  });
}

/** got, ky and request: `client(url, options)`, `client(options)`, `client.get(url, options)`. */
function gotLikeRequest(
  client: 'got' | 'ky' | 'request',
  member: string | undefined,
  call: ts.CallExpression,
  resolver: ValueResolver,
  instanceLayers: readonly OptionLayer[],
): HttpRequest | undefined {
  if (member !== undefined && !METHODS.has(member) && !(client === 'request' && member === 'del')) return undefined;
  const [first, second] = call.arguments;
  const firstValue = first ? resolver.value(first) : undefined;
  // `request(url, callback)`: a callback is not an options object.
  const optionsArg = firstValue && isOptionsObject(firstValue) ? first : isCallback(second, resolver) ? undefined : second;
  const layer = objectLayer('request', optionsArg, resolver);
  const layers = [layer, ...instanceLayers];
  const url = optionsArg === first ? (layer.get('url') ?? layer.get('uri')) : firstValue;
  const method = member ? (member === 'del' ? 'DELETE' : member.toUpperCase()) : (stringOption(firstOption(layers, 'method'))?.toUpperCase() ?? 'GET');
  return build(call, client, {
    method,
    url,
    base: firstOption(layers, client === 'request' ? 'baseUrl' : 'prefixUrl') ?? (client === 'ky' ? firstOption(layers, 'prefix') : undefined),
    layers,
    optionsNode: optionsArg,
    interceptors: hooksOf(layers, resolver),
  });
}

function superagentRequest(member: string | undefined, call: ts.CallExpression, resolver: ValueResolver): HttpRequest | undefined {
  const args = call.arguments;
  let method: string | undefined;
  let url: ts.Expression | undefined;
  if (member === undefined) {
    const methodValue = args[0] ? resolver.value(args[0]) : undefined;
    if (args.length >= 2) {
      method = stringOption(methodValue)?.toUpperCase();
      url = args[1];
    } else {
      method = 'GET';
      url = args[0];
    }
  } else if (METHODS.has(member) || member === 'del') {
    method = member === 'del' ? 'DELETE' : member.toUpperCase();
    url = args[0];
  } else {
    return undefined;
  }
  const chain = chainedCalls(call);
  return build(call, 'superagent', {
    method,
    url: url ? resolver.value(url) : undefined,
    layers: [chainLayer(chain, resolver)],
    chain,
  });
}

function undiciRequest(call: ts.CallExpression, resolver: ValueResolver, instance: Instance | undefined): HttpRequest {
  const [first, second] = call.arguments;
  const firstValue = first ? resolver.value(first) : undefined;
  const optionsFirst = instance !== undefined || (firstValue !== undefined && isOptionsObject(firstValue));
  const optionsArg = optionsFirst ? first : isCallback(second, resolver) ? undefined : second;
  const layer = objectLayer('request', optionsArg, resolver);
  const layers = [layer, ...(instance?.layers ?? [])];
  const dispatcher = layer.get('dispatcher');
  const dispatcherInstance = dispatcher ? instanceOf(dispatcher, resolver) : undefined;
  return build(call, 'undici', {
    method: stringOption(layer.get('method'))?.toUpperCase() ?? 'GET',
    // `{ origin, path }`: an Agent's request names its origin; a Pool's comes from the pool.
    url: optionsFirst ? layer.get('path') : firstValue,
    base: optionsFirst ? (layer.get('origin') ?? instance?.base) : undefined,
    layers: [...layers, ...(dispatcherInstance?.layers ?? [])],
    optionsNode: optionsArg,
  });
}

function nodeHttpRequest(module: 'http' | 'https', member: string, call: ts.CallExpression, resolver: ValueResolver): HttpRequest {
  const [first, second] = call.arguments;
  const firstValue = first ? resolver.value(first) : undefined;
  const optionsArg = firstValue && isOptionsObject(firstValue) ? first : second && !isCallback(second, resolver) ? second : undefined;
  const layer = objectLayer('request', optionsArg, resolver);
  let url: Value | undefined = optionsArg === first ? undefined : firstValue;
  if (!url && optionsArg) {
    const host = layer.get('hostname') ?? layer.get('host');
    if (host) {
      const scheme: Value = layer.get('protocol') ?? { kind: 'string', value: `${module}:`, node: optionsArg };
      const parts: Value[] = [scheme, { kind: 'string', value: '//', node: optionsArg }, host];
      const port = layer.get('port');
      if (port) parts.push({ kind: 'string', value: ':', node: optionsArg }, port);
      const path = layer.get('path');
      if (path) parts.push(path);
      url = { kind: 'concat', parts, node: optionsArg };
    }
  }
  const method = member === 'get' ? 'GET' : (stringOption(layer.get('method'))?.toUpperCase() ?? 'GET');
  return build(call, 'http', {
    method,
    url,
    layers: [layer],
    optionsNode: optionsArg,
    resultName: resultIdentifier(call),
  });
}

function instanceRequest(instance: Instance, member: string | undefined, call: ts.CallExpression, resolver: ValueResolver): HttpRequest | undefined {
  switch (instance.client) {
    case 'axios':
      return axiosRequest(member, call, resolver, globalDefaults('axios', call, resolver), instance);
    case 'got':
    case 'ky':
    case 'request':
      return gotLikeRequest(instance.client, member, call, resolver, instance.layers);
    case 'undici':
      return member === 'request' || member === 'stream' ? undiciRequest(call, resolver, instance) : undefined;
    default:
      return undefined;
  }
}

/**
 * The client instance a value is: `axios.create(...)`, `got.extend(...)`, `ky.create(...)`,
 * `request.defaults(...)`, undici `new Pool(origin)` / `new Client(origin)` / `new Agent(...)`,
 * including instances extended from other instances and exported from other modules.
 */
export function instanceOf(value: Value, resolver: ValueResolver, depth = 0): Instance | undefined {
  if (depth > 8) return undefined;
  if (value.kind === 'alternatives') {
    for (const option of value.options) {
      const instance = instanceOf(option, resolver, depth + 1);
      if (instance) return instance;
    }
    return undefined;
  }
  if (value.kind !== 'call') return undefined;
  const callee = value.callee;
  const options = value.args[0];
  if (callee.kind === 'import') {
    const path = callee.path[0] === 'default' ? callee.path.slice(1) : callee.path;
    const [member] = path;
    if (path.length !== 1) return undefined;
    const creation = value.node;
    if (callee.module === 'axios' && member === 'create') {
      // `instance.defaults.x = v` changes the merged config, so it wins over the create options;
      // `axios.defaults` were merged in at creation.
      const layers = [
        ...instanceDefaults(creation, resolver),
        objectLayer('instance', options, resolver, value.env),
        ...globalDefaults('axios', creation, resolver),
      ];
      return { client: 'axios', layers, base: firstOption(layers, 'baseURL'), creation };
    }
    if ((callee.module === 'got' && member === 'extend') || (callee.module === 'ky' && (member === 'create' || member === 'extend'))) {
      const layers = value.args.map((arg) => objectLayer('instance', arg, resolver, value.env));
      return { client: callee.module, layers, base: firstOption(layers, 'prefixUrl'), creation };
    }
    if ((callee.module === 'request' || callee.module.startsWith('request-promise')) && member === 'defaults') {
      const layers = [objectLayer('instance', options, resolver, value.env)];
      return { client: 'request', layers, base: firstOption(layers, 'baseUrl'), creation };
    }
    if (callee.module === 'undici' && (member === 'Pool' || member === 'Client' || member === 'Agent')) {
      const originArg = member === 'Agent' ? undefined : value.args[0];
      const optionsArg = member === 'Agent' ? value.args[0] : value.args[1];
      return {
        client: 'undici',
        layers: [objectLayer('instance', optionsArg, resolver, value.env)],
        base: originArg ? resolver.value(originArg, value.env) : undefined,
        creation,
      };
    }
    return undefined;
  }
  if (callee.kind === 'member' && (callee.name === 'extend' || callee.name === 'create' || callee.name === 'defaults')) {
    const parent = instanceOf(callee.object, resolver, depth + 1);
    if (!parent) return undefined;
    const layers = [...value.args.map((arg) => objectLayer('instance', arg, resolver, value.env)), ...parent.layers];
    const baseName = parent.client === 'axios' ? 'baseURL' : parent.client === 'request' ? 'baseUrl' : 'prefixUrl';
    return { client: parent.client, layers, base: firstOption(layers, baseName), creation: value.node };
  }
  return undefined;
}

function objectLayer(origin: LayerOrigin, expression: ts.Expression | undefined, resolver: ValueResolver, env?: ReadonlyMap<ts.Node, Value>): OptionLayer {
  if (!expression) return { origin, object: undefined, get: () => undefined };
  const object = resolver.value(expression, env);
  if (object.kind === 'nullish') return { origin, object, get: () => undefined };
  return { origin, object, get: (name) => resolver.property(object, name, expression) };
}

/** A layer of `instance.defaults.x = v` (and `axios.defaults.x = v`) assignments. */
function assignmentLayer(assignments: Map<string, Value>): OptionLayer {
  return { origin: 'defaults', object: undefined, get: (name) => assignments.get(name) };
}

/** `instance.defaults.<name> = value` in the file that creates the instance. */
function instanceDefaults(creation: ts.CallExpression | ts.NewExpression, resolver: ValueResolver): OptionLayer[] {
  const assignments = defaultsAssignments(sourceFileOf(creation), resolver, (target) => target.kind === 'call' && target.node === creation);
  return assignments.size > 0 ? [assignmentLayer(assignments)] : [];
}

/** `axios.defaults.<name> = value` in the file of the request. */
function globalDefaults(module: string, call: ts.Node, resolver: ValueResolver): OptionLayer[] {
  if (module !== 'axios') return [];
  const assignments = defaultsAssignments(
    sourceFileOf(call),
    resolver,
    (target) => target.kind === 'import' && target.module === 'axios' && target.path.every((p) => p === 'default'),
  );
  return assignments.size > 0 ? [assignmentLayer(assignments)] : [];
}

function defaultsAssignments(sourceFile: ts.SourceFile, resolver: ValueResolver, matches: (target: Value) => boolean): Map<string, Value> {
  const found = new Map<string, Value>();
  for (const assignment of indexFile(sourceFile).memberAssignments) {
    const left = assignment.left as ts.AccessExpression;
    const name = accessName(left);
    const owner = skipOuter(left.expression);
    if (name === undefined || !isPropertyAccessExpression(owner) || owner.name.text !== 'defaults') continue;
    if (!matches(resolver.value(owner.expression))) continue;
    found.set(name, resolver.value(assignment.right));
  }
  return found;
}

/** Functions registered with `instance.interceptors.request.use(fn)` in the instance's file. */
function interceptorsOf(creation: ts.CallExpression | ts.NewExpression, resolver: ValueResolver): ts.FunctionLikeDeclaration[] {
  const found: ts.FunctionLikeDeclaration[] = [];
  for (const call of indexFile(sourceFileOf(creation)).calls) {
    const callee = skipOuter(call.expression);
    if (!isPropertyAccessExpression(callee) || callee.name.text !== 'use') continue;
    const request = skipOuter(callee.expression);
    if (!isPropertyAccessExpression(request) || request.name.text !== 'request') continue;
    const interceptors = skipOuter(request.expression);
    if (!isPropertyAccessExpression(interceptors) || interceptors.name.text !== 'interceptors') continue;
    const target = resolver.value(interceptors.expression);
    if (target.kind !== 'call' || target.node !== creation) continue;
    const fn = call.arguments[0] && resolver.value(call.arguments[0]);
    if (fn?.kind === 'function') found.push(fn.node);
  }
  return found;
}

/** got and ky `hooks.beforeRequest` functions. */
function hooksOf(layers: readonly OptionLayer[], resolver: ValueResolver): ts.FunctionLikeDeclaration[] {
  const found: ts.FunctionLikeDeclaration[] = [];
  for (const layer of layers) {
    const hooks = layer.get('hooks');
    const before = hooks && resolver.property(hooks, 'beforeRequest');
    if (before?.kind !== 'array') continue;
    for (const element of before.node.elements) {
      const fn = resolver.value(element, before.env);
      if (fn.kind === 'function') found.push(fn.node);
    }
  }
  return found;
}

/** The calls chained on a call: `a().b().c()` gives `[b(), c()]`. */
function chainedCalls(call: ts.CallExpression): ts.CallExpression[] {
  const chain: ts.CallExpression[] = [];
  let current: ts.Expression = call;
  for (;;) {
    const access = current.parent;
    if (!access || !isPropertyAccessExpression(access) || access.expression !== current) break;
    const next = access.parent;
    if (!next || !isCallExpression(next) || next.expression !== access) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

/** superagent options set by chained calls: `.timeout(ms)`, `.set(name, value)`, `.send(body)`. */
function chainLayer(chain: readonly ts.CallExpression[], resolver: ValueResolver): OptionLayer {
  return {
    origin: 'request',
    object: undefined,
    get: (name) => {
      const values: Value[] = [];
      for (const link of chain) {
        const method = (link.expression as ts.PropertyAccessExpression).name.text;
        const [first, second] = link.arguments;
        if (name === 'timeout' && method === 'timeout' && first) values.push(resolver.value(first));
        if (name === 'body' && method === 'send' && first) values.push(resolver.value(first));
        if (name === 'agent' && (method === 'agent' || method === 'ca' || method === 'disableTLSCerts') && first) {
          values.push(resolver.value(first));
        }
        if (name === 'headers' && method === 'set' && first) {
          if (second) {
            values.push({ kind: 'object', node: headerObject(first, second), env: undefined });
          } else {
            values.push(resolver.value(first));
          }
        }
      }
      if (values.length === 0) return undefined;
      return values.length === 1 ? values[0] : alternatives(values, chain[0] as ts.Node);
    },
  };
}

const syntheticHeaders = new WeakMap<ts.Node, ts.ObjectLiteralExpression>();

/** A `{ [name]: value }` object standing for `.set(name, value)`, with the original nodes as children. */
function headerObject(name: ts.Expression, value: ts.Expression): ts.ObjectLiteralExpression {
  let object = syntheticHeaders.get(value);
  if (!object) {
    const key = isStringLiteralLike(name) ? name.text : '';
    object = ts.factory.createObjectLiteralExpression([ts.factory.createPropertyAssignment(ts.factory.createStringLiteral(key), value)]);
    syntheticHeaders.set(value, object);
  }
  return object;
}

function resultIdentifier(call: ts.CallExpression): ts.Identifier | undefined {
  const parent = call.parent;
  if (parent && isVariableDeclaration(parent) && isIdentifier(parent.name)) return parent.name;
  return undefined;
}

function build(
  node: ts.CallExpression,
  client: HttpClient,
  parts: {
    method: string | undefined;
    url: Value | undefined;
    base?: Value | undefined;
    layers: readonly OptionLayer[];
    optionsNode?: ts.Expression | undefined;
    chain?: readonly ts.CallExpression[];
    resultName?: ts.Identifier | undefined;
    interceptors?: readonly ts.FunctionLikeDeclaration[];
  },
): HttpRequest {
  return {
    client,
    node,
    method: parts.method,
    url: parts.url,
    base: parts.base,
    layers: parts.layers,
    optionsNode: parts.optionsNode,
    chain: parts.chain ?? [],
    resultName: parts.resultName,
    interceptors: parts.interceptors ?? [],
    enclosingFunction: enclosingFunction(node),
  };
}

/** The first layer's value for an option, most specific first. */
export function firstOption(layers: readonly OptionLayer[], name: string): Value | undefined {
  for (const layer of layers) {
    const value = layer.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A request option, looked up from the most specific layer down. */
export function requestOption(request: HttpRequest, name: string): { value: Value; layer: OptionLayer } | undefined {
  for (const layer of request.layers) {
    const value = layer.get(name);
    if (value !== undefined) return { value, layer };
  }
  return undefined;
}

const BODY_OPTIONS: Record<HttpClient, readonly string[]> = {
  fetch: ['body'],
  undici: ['body'],
  axios: ['data'],
  got: ['json', 'body', 'form'],
  ky: ['json', 'body'],
  request: ['json', 'body', 'form'],
  superagent: ['body'],
  http: [],
};

/**
 * The body a request sends (axios's `data` argument, fetch's `body`, got's and ky's `json`, a
 * superagent `.send(...)`), with the expression written at the request when there is one, so a
 * caller can resolve it again with parameters bound.
 */
export function requestBody(request: HttpRequest, resolver: ValueResolver): { value: Value; expression: ts.Expression | undefined } | undefined {
  const callee = skipOuter(request.node.expression);
  if (request.client === 'axios' && isPropertyAccessExpression(callee) && BODY_METHODS.has(callee.name.text)) {
    const data = request.node.arguments[1];
    return data && !isSpreadElement(data) ? { value: resolver.value(data), expression: data } : undefined;
  }
  const layer = request.layers[0];
  if (!layer) return undefined;
  for (const name of BODY_OPTIONS[request.client]) {
    const value = layer.get(name);
    if (!value || value.kind === 'boolean') continue;
    const options = request.optionsNode && skipOuter(request.optionsNode);
    const property = options && isObjectLiteralExpression(options)
      ? options.properties.find((p) => (isPropertyAssignment(p) || isShorthandPropertyAssignment(p)) && p.name.getText() === name)
      : undefined;
    const expression = property && (isPropertyAssignment(property) ? property.initializer : isShorthandPropertyAssignment(property) ? property.name : undefined);
    return { value, expression };
  }
  return undefined;
}

/**
 * A request header by case-insensitive name, from every layer's `headers` object (and axios's
 * `headers.common`). Unknown when a headers object could hold it but cannot be read.
 */
export function requestHeader(request: HttpRequest, name: string, resolver: ValueResolver): Value | undefined {
  const wanted = name.toLowerCase();
  for (const layer of request.layers) {
    const headers = layer.get('headers');
    if (!headers) continue;
    const found = headerIn(headers, wanted, resolver, 0);
    if (found) return found;
  }
  return undefined;
}

function headerIn(headers: Value, wanted: string, resolver: ValueResolver, depth: number): Value | undefined {
  if (depth > 4) return undefined;
  const init = headers.kind === 'call' ? headers.args[0] : undefined;
  if (headers.kind === 'call' && init) {
    // new Headers({...})
    return headerIn(resolver.value(init, headers.env), wanted, resolver, depth + 1);
  }
  for (const object of objectsOf(headers)) {
    const { entries, open } = resolver.entries(object);
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry?.name.toLowerCase() === wanted) return entry.value();
    }
    const common = entries.find((e) => e.name === 'common');
    if (common) {
      const inner = headerIn(common.value(), wanted, resolver, depth + 1);
      if (inner) return inner;
    }
    if (open) return unknown(object.node);
  }
  return undefined;
}

/** The innermost function containing a node. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      isFunctionDeclaration(current) ||
      isFunctionExpression(current) ||
      isArrowFunction(current) ||
      isMethodDeclaration(current) ||
      isConstructorDeclaration(current) ||
      isGetAccessorDeclaration(current) ||
      isSetAccessorDeclaration(current)
    ) {
      return current;
    }
  }
  return undefined;
}

function stringOption(value: Value | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

function isStringLike(value: Value): boolean {
  if (value.kind === 'string' || value.kind === 'concat' || value.kind === 'env') return true;
  if (value.kind === 'call' && value.callee.kind === 'global' && value.callee.name === 'URL') return true;
  if (value.kind === 'alternatives') return value.options.some(isStringLike);
  return value.kind === 'unknown' || value.kind === 'member';
}

function isOptionsObject(value: Value): boolean {
  return objectsOf(value).length > 0;
}

/** A callback argument (`(err, res) => ...`, a function declared elsewhere), which is never an options object. */
function isCallback(expression: ts.Expression | undefined, resolver: ValueResolver): boolean {
  if (!expression) return false;
  if (isArrowFunction(expression) || isFunctionExpression(expression)) return true;
  return resolver.value(expression).kind === 'function';
}
