import fs from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { isModuleScope, libraryMember } from './dpop.js';
import type { ProofField } from './dpop.js';
import { findDeclaration } from './scope.js';
import { nameWords } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { objectsOf, propertyName, skipOuter } from './values.js';
import { Flags, Kind, forEachChild, isArrowFunction, isAwaitExpression, isBinaryExpression, isBindingElement, isCallExpression, isClassLike, isConstructorDeclaration, isExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isImportClause, isImportSpecifier, isNewExpression, isParameter, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyDeclaration, isSpreadElement, isStringLiteral, isTypeReferenceNode, isVariableDeclaration } from './syntax.js';

/** A problem found in a value, with the node that shows it. */
export interface ValueProblem<K extends string> {
  readonly kind: K;
  readonly node: ts.Node | undefined;
  /** Extra text for the message (an encoding, a member name, a URL expression). */
  readonly detail?: string;
}

const MAX_LEAVES = 32;

/** The values a value can be, with alternatives and concatenations flattened. */
export function leaves(value: Value): Value[] {
  const out: Value[] = [];
  const stack: Value[] = [value];
  while (stack.length > 0 && out.length < MAX_LEAVES) {
    const current = stack.pop() as Value;
    if (current.kind === 'alternatives') stack.push(...[...current.options].reverse());
    else if (current.kind === 'concat') stack.push(...[...current.parts].reverse());
    else if (current.kind === 'env' && current.fallback) stack.push(current.fallback, { ...current, fallback: undefined });
    else out.push(current);
  }
  return out;
}

/** The dotted global name a call is made on (`Date.now`, `crypto.randomUUID`), if any. */
function globalCallee(value: Value): string | undefined {
  return value.kind === 'call' && value.callee.kind === 'global' ? value.callee.name : undefined;
}

/** The last name of what a call calls: `exportKey` for `crypto.subtle.exportKey(...)` or `subtle.exportKey(...)`. */
function callName(value: Value): string | undefined {
  if (value.kind !== 'call') return undefined;
  const callee = value.callee;
  if (callee.kind === 'member') return callee.name;
  if (callee.kind === 'global') return callee.name.split('.').pop();
  if (callee.kind === 'import') return callee.path[callee.path.length - 1];
  return undefined;
}

function memberCallee(value: Value): { name: string; object: Value } | undefined {
  return value.kind === 'call' && value.callee.kind === 'member' ? { name: value.callee.name, object: value.callee.object } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Where a value is computed.

/** A variable or class member a field reads that is set once and shared by every proof. */
export interface SharedOrigin {
  readonly name: string;
  readonly scope: 'module' | 'class' | 'import';
  /** True when the code increments it (a counter). */
  readonly counter: boolean;
}

/**
 * What a field expression reads when it is not computed per proof: a module-scope variable, an
 * imported constant, or a class field (`this.jti`), following local aliases.
 */
export function sharedOrigin(expression: ts.Expression): SharedOrigin | undefined {
  let current = unwrap(expression);
  for (let step = 0; step < 8; step++) {
    if (isIdentifier(current)) {
      const declaration = findDeclaration(current);
      if (!declaration) return undefined;
      if (isImportSpecifier(declaration) || isImportClause(declaration)) return { name: current.text, scope: 'import', counter: false };
      if (!isVariableDeclaration(declaration)) return undefined;
      const initializer = declaration.initializer && unwrap(declaration.initializer);
      if (initializer && (isArrowFunction(initializer) || isFunctionExpression(initializer))) return undefined;
      if (isModuleScope(declaration)) return { name: current.text, scope: 'module', counter: isIncremented(current.text, current.getSourceFile()) };
      const isConst = (declaration.parent.flags & Flags.Const) !== 0;
      if (!isConst || !initializer) return undefined;
      current = initializer;
      continue;
    }
    if (isPropertyAccessExpression(current) && current.expression.kind === Kind.ThisKeyword) {
      const cls = classOf(current);
      if (!cls || !isClassState(cls, current.name.text)) return undefined;
      return { name: `this.${current.name.text}`, scope: 'class', counter: isIncremented(current.name.text, current.getSourceFile()) };
    }
    return undefined;
  }
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = skipOuter(expression);
  while (isAwaitExpression(current)) current = skipOuter(current.expression);
  return current;
}

function classOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isClassLike(current)) return current;
    if (isFunctionDeclaration(current) || isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** A class member holding state (a field, or assigned in the constructor), not a method or getter. */
function isClassState(cls: ts.ClassLikeDeclaration, name: string): boolean {
  for (const member of cls.members) {
    if (propertyName(member.name) !== name) continue;
    if (isPropertyDeclaration(member)) {
      const init = member.initializer && unwrap(member.initializer);
      return !init || !(isArrowFunction(init) || isFunctionExpression(init));
    }
    return false;
  }
  const constructor = cls.members.find(isConstructorDeclaration);
  return Boolean(constructor?.body && new RegExp(`\\bthis\\.${escapeRegExp(name)}\\s*=`).test(constructor.body.getText()));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when a name is incremented anywhere in the file (`n++`, `++n`, `n += 1`, `this.n++`). */
function isIncremented(name: string, sourceFile: ts.SourceFile): boolean {
  const escaped = escapeRegExp(name);
  return new RegExp(`(?:\\+\\+|--)\\s*(?:this\\.)?${escaped}\\b|\\b${escaped}\\s*(?:\\+\\+|--|[+-]=)`).test(sourceFile.text);
}

function isIncrement(node: ts.Node): boolean {
  return (
    (isPostfixUnaryExpression(node) || isPrefixUnaryExpression(node)) &&
    (node.operator === Kind.PlusPlusToken || node.operator === Kind.MinusMinusToken)
  );
}

/** Nodes under a node, breadth-first, without recursion (bounded). */
function descendants(node: ts.Node, limit = 200): ts.Node[] {
  const out: ts.Node[] = [];
  const queue: ts.Node[] = [node];
  while (queue.length > 0 && out.length < limit) {
    const current = queue.shift() as ts.Node;
    out.push(current);
    forEachChild(current, (child) => {
      queue.push(child);
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// jti

export type JtiProblem = 'constant' | 'shared' | 'counter' | 'predictable';

const CLOCK = /^(?:Date\.now|performance\.now|Math\.random|process\.hrtime(?:\.bigint)?|Date)$/;

/** Why a jti is not fresh per proof, if it is not. */
export function jtiProblem(field: ProofField): ValueProblem<JtiProblem> | undefined {
  if (field.implicit) return undefined;
  const expression = field.expression;
  if (expression) {
    const origin = sharedOrigin(expression);
    if (origin) return { kind: origin.counter ? 'counter' : 'shared', node: expression, detail: origin.name };
    if (descendants(expression).some(isIncrement)) return { kind: 'counter', node: expression };
  }
  const values = leaves(field.value);
  if (values.length > 0 && values.every((v) => v.kind === 'string' || v.kind === 'number')) return { kind: 'constant', node: values[0]?.node };
  for (const value of values) {
    if (value.node && isIncrement(value.node)) return { kind: 'counter', node: value.node };
    const clock = clockSource(value);
    if (clock) return { kind: 'predictable', node: value.node, detail: clock };
  }
  return undefined;
}

/** `Date.now()`, `Math.random()` and friends anywhere in how a value is computed. */
function clockSource(value: Value, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const name = globalCallee(value);
  if (name && CLOCK.test(name)) return name === 'Date' ? 'new Date()' : `${name}()`;
  const member = memberCallee(value);
  if (member) return clockSource(member.object, depth + 1);
  if (value.kind === 'call') {
    for (const arg of value.args) {
      const found = syntacticClock(arg);
      if (found) return found;
    }
  }
  if (value.kind === 'unknown' && value.node && isExpression(value.node)) return syntacticClock(value.node);
  return undefined;
}

/** A clock or `Math.random` in an expression that is not also drawing from a CSPRNG. */
function syntacticClock(node: ts.Node): string | undefined {
  const text = node.getText();
  if (/randomUUID|randomBytes|getRandomValues|nanoid|uuid|v4\s*\(/i.test(text)) return undefined;
  const match = /\b(Date\.now|performance\.now|Math\.random)\s*\(|\bnew\s+Date\s*\(/.exec(text);
  if (!match) return undefined;
  return match[1] ? `${match[1]}()` : 'new Date()';
}

// ---------------------------------------------------------------------------------------------
// iat

export type IatProblem = 'milliseconds' | 'constant' | 'module-load' | 'date-object';

/** Why an `iat` is not the current time in seconds. `acceptsDate`: jose's `setIssuedAt(date)`. */
export function iatProblem(field: ProofField, acceptsDate: boolean): ValueProblem<IatProblem> | undefined {
  if (field.implicit) return undefined;
  const expression = field.expression;
  if (expression) {
    const origin = sharedOrigin(expression);
    if (origin) return { kind: 'module-load', node: expression, detail: origin.name };
  }
  const values = leaves(field.value);
  if (values.length > 0 && values.every((v) => v.kind === 'number')) return { kind: 'constant', node: values[0]?.node };
  for (const value of values) {
    const node = value.node;
    if (!node || !isExpression(node)) continue;
    if (isMilliseconds(node)) return { kind: 'milliseconds', node };
    if (!acceptsDate && globalCallee(value) === 'Date' && isNewExpression(node)) return { kind: 'date-object', node };
  }
  if (expression && isMilliseconds(unwrap(expression))) return { kind: 'milliseconds', node: expression };
  return undefined;
}

/** `Date.now()`, `new Date().getTime()`, `+new Date()`, and sums of them: epoch milliseconds. */
function isMilliseconds(node: ts.Expression, depth = 0): boolean {
  if (depth > 8) return false;
  const inner = unwrap(node);
  if (isCallExpression(inner)) {
    const callee = skipOuter(inner.expression);
    const text = callee.getText();
    if (text === 'Date.now') return true;
    if (isPropertyAccessExpression(callee) && (callee.name.text === 'getTime' || callee.name.text === 'valueOf')) {
      return /^new\s+Date\b/.test(skipOuter(callee.expression).getText());
    }
    if (/^(?:Math\.(?:floor|round|trunc|ceil)|Number|parseInt)$/.test(text) && inner.arguments[0]) return isMilliseconds(inner.arguments[0], depth + 1);
    return false;
  }
  if (isPrefixUnaryExpression(inner) && inner.operator === Kind.PlusToken) return /^new\s+Date\b/.test(skipOuter(inner.operand).getText());
  if (isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (op === Kind.PlusToken || op === Kind.MinusToken) return isMilliseconds(inner.left, depth + 1) || isMilliseconds(inner.right, depth + 1);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// htu

export type HtuProblem = 'href' | 'to-string' | 'url-object' | 'request-url' | 'search' | 'query-literal' | 'passed-through';

const REQUEST_URL_MEMBERS = new Set(['url', 'originalUrl', 'uri']);

/**
 * Why an `htu` can carry a query string or fragment. `requestUrls` are the URL values of the
 * requests the proof is sent with: an htu that is one of them, unproven to be query-free, is the
 * full URL passed through.
 */
export function htuProblem(field: ProofField, requestUrls: readonly Value[], resolver: ValueResolver): ValueProblem<HtuProblem> | undefined {
  if (field.implicit) return undefined;
  const values = leaves(field.value);
  for (const value of values) {
    const problem = htuLeafProblem(value, resolver);
    if (problem) return problem;
  }
  for (const url of requestUrls) {
    const urlNodes = new Set(leaves(url).map((v) => v.node));
    const shared = values.find((v) => v.kind !== 'string' && v.node && urlNodes.has(v.node));
    if (shared && !provenQueryFree(url)) return { kind: 'passed-through', node: shared.node };
  }
  return undefined;
}

function htuLeafProblem(value: Value, resolver: ValueResolver): ValueProblem<HtuProblem> | undefined {
  switch (value.kind) {
    case 'string':
      return /[?#]/.test(value.value) ? { kind: 'query-literal', node: value.node, detail: value.value } : undefined;
    case 'member':
      if (value.name === 'href') return { kind: 'href', node: value.node };
      if (value.name === 'search' || value.name === 'hash') return { kind: 'search', node: value.node, detail: value.name };
      if (REQUEST_URL_MEMBERS.has(value.name)) return { kind: 'request-url', node: value.node };
      return undefined;
    case 'global':
      if (/(?:^|\.)href$/.test(value.name) || value.name === 'document.URL') return { kind: 'href', node: value.node };
      return undefined;
    case 'call': {
      if (globalCallee(value) === 'URL') return { kind: 'url-object', node: value.node };
      const member = memberCallee(value);
      if (member?.name === 'toString' && isUrlObject(member.object, resolver)) return { kind: 'to-string', node: value.node };
      return undefined;
    }
    case 'unknown': {
      const node = value.node;
      if (!node) return undefined;
      if (isPropertyAccessExpression(node)) {
        if (node.name.text === 'href') return { kind: 'href', node };
        if (REQUEST_URL_MEMBERS.has(node.name.text)) return { kind: 'request-url', node };
      }
      if (declaredAsUrl(node)) return { kind: 'url-object', node };
      // `url.origin + url.pathname + url.search`: the resolver does not fold sums of unknowns.
      for (const operand of plusOperands(node)) {
        const problem = leaves(resolver.value(operand)).map((v) => htuLeafProblem(v, resolver)).find(Boolean);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A parameter or variable declared with the type `URL`. */
function declaredAsUrl(node: ts.Node): boolean {
  if (!isParameter(node) && !isVariableDeclaration(node)) return false;
  const type = node.type;
  return type !== undefined && isTypeReferenceNode(type) && type.typeName.getText() === 'URL';
}

/** The operands of a chain of `+`, left to right; nothing when the node is not a sum. */
function plusOperands(node: ts.Node): ts.Expression[] {
  if (!isBinaryExpression(node) || node.operatorToken.kind !== Kind.PlusToken) return [];
  const operands: ts.Expression[] = [];
  const stack: ts.Expression[] = [node];
  while (stack.length > 0) {
    const current = skipOuter(stack.pop() as ts.Expression);
    if (isBinaryExpression(current) && current.operatorToken.kind === Kind.PlusToken) stack.push(current.right, current.left);
    else operands.push(current);
  }
  return operands;
}

function isUrlObject(value: Value, resolver: ValueResolver): boolean {
  if (globalCallee(value) === 'URL') return true;
  if (value.kind === 'member' && (value.name === 'url' || value.name === 'location')) return true;
  if ((value.kind === 'unknown' || value.kind === 'member') && value.node) {
    const words = nameWords(value.node.getText().split('.').pop() ?? '');
    return words.includes('url') || words.includes('location');
  }
  return value.kind === 'alternatives' && value.options.some((o) => isUrlObject(o, resolver));
}

function provenQueryFree(url: Value): boolean {
  return leaves(url).every((v) => (v.kind === 'string' && !/[?#]/.test(v.value)) || (v.kind === 'member' && (v.name === 'origin' || v.name === 'pathname')) || v.kind === 'env');
}

/** `X.origin + X.pathname` for an htu reading `X.href`, `X.toString()` or the URL object `X` itself. */
export function originPathname(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  let target: ts.Expression | undefined;
  if (isPropertyAccessExpression(node) && node.name.text === 'href') target = node.expression;
  else if (isCallExpression(node) && isPropertyAccessExpression(node.expression) && node.expression.name.text === 'toString' && node.arguments.length === 0) {
    target = node.expression.expression;
  } else if (isIdentifier(node)) target = node;
  const inner = target && skipOuter(target);
  if (!inner || !isPlainReference(inner)) return undefined;
  const text = inner.getText();
  return `${text}.origin + ${text}.pathname`;
}

/** `url`, `options.url`, `this.target`: a reference that can be repeated without side effects. */
function isPlainReference(node: ts.Expression): boolean {
  let current = node;
  while (isPropertyAccessExpression(current)) current = current.expression;
  return isIdentifier(current) || current.kind === Kind.ThisKeyword;
}

// ---------------------------------------------------------------------------------------------
// htm

export type HtmProblem = 'invalid' | 'mismatch' | 'axios-lowercase';

/** Why an `htm` is not the method of the request it is sent with. */
export function htmProblem(
  field: ProofField,
  methods: readonly string[],
  inAxiosInterceptor: boolean,
): ValueProblem<HtmProblem> | undefined {
  if (field.implicit) return undefined;
  const values = leaves(field.value);
  const strings = values.filter((v): v is Extract<Value, { kind: 'string' }> => v.kind === 'string');
  const invalid = strings.find((v) => !/^[A-Z]+$/.test(v.value));
  if (invalid) return { kind: 'invalid', node: invalid.node, detail: invalid.value };
  if (strings.length === values.length && strings.length > 0) {
    for (const method of methods) {
      if (!strings.some((v) => v.value === method)) return { kind: 'mismatch', node: strings[0]?.node, detail: method };
    }
  }
  if (inAxiosInterceptor) {
    const raw = values.find((v) => v.kind === 'member' && v.name === 'method');
    if (raw) return { kind: 'axios-lowercase', node: raw.node };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// ath

export type AthProblem = 'encoding' | 'hash' | 'raw-token' | 'not-hashed';

interface AthShape {
  hash?: string | undefined;
  encoding?: string | undefined;
  /** The value that was hashed or encoded, as far as followed. */
  input?: Value | undefined;
}

/**
 * Why an `ath` is not base64url(SHA-256(token)). `tokens` are the values of the access token sent
 * with the proof, when known.
 */
export function athProblem(field: ProofField, tokens: readonly Value[], resolver: ValueResolver): ValueProblem<AthProblem> | undefined {
  if (field.implicit) return undefined;
  const tokenNodes = new Set(tokens.flatMap((t) => leaves(t).map((v) => v.node)));
  for (const value of leaves(field.value)) {
    if (value.kind === 'nullish') continue;
    const shape = athShape(value, resolver, 0);
    const node = value.node ?? field.expression;
    if (shape.hash !== undefined && shape.hash !== 'sha256') return { kind: 'hash', node, detail: shape.hash };
    if (shape.encoding !== undefined && shape.encoding !== 'base64url') return { kind: 'encoding', node, detail: shape.encoding };
    if (shape.hash === undefined && isToken(shape.input ?? value, tokenNodes)) {
      return { kind: shape.encoding ? 'not-hashed' : 'raw-token', node };
    }
  }
  return undefined;
}

function isToken(value: Value, tokenNodes: ReadonlySet<ts.Node | undefined>): boolean {
  if (value.node && tokenNodes.has(value.node)) return true;
  if (value.kind !== 'unknown' && value.kind !== 'member' && value.kind !== 'env') return false;
  const node = value.node;
  if (!node) return false;
  const name = value.kind === 'env' ? value.name : isParameter(node) ? node.name.getText() : node.getText().split('.').pop() ?? '';
  const words = nameWords(name);
  return words.includes('token') && !words.includes('id');
}

const HASH_NAMES: Record<string, string> = { 'sha-256': 'sha256', 'sha-1': 'sha1', 'sha-384': 'sha384', 'sha-512': 'sha512' };

function normalizeHash(name: string): string {
  const lower = name.toLowerCase();
  return HASH_NAMES[lower] ?? lower;
}

/** Follows how an `ath` value is computed: the hash, the final encoding, and the hashed input. */
function athShape(value: Value, resolver: ValueResolver, depth: number): AthShape {
  if (depth > 8 || value.kind !== 'call') return { input: value };
  const argValue = (index: number): Value | undefined => {
    const arg = value.args[index];
    return arg && !isSpreadElement(arg) ? resolver.value(arg, value.env) : undefined;
  };
  const argText = (index: number): string | undefined => {
    const v = argValue(index);
    return v?.kind === 'string' ? v.value : undefined;
  };
  const library = libraryMember(value.callee);
  if (library?.module === 'jose' || (value.callee.kind === 'import' && value.callee.module === 'jose')) {
    const path = value.callee.kind === 'import' ? value.callee.path.join('.') : '';
    if (/base64url\.encode$/.test(path)) return { ...innerShape(argValue(0), resolver, depth), encoding: 'base64url' };
  }
  if (value.callee.kind === 'import' && (value.callee.module === 'base64url' || value.callee.module === 'js-base64')) {
    return { ...innerShape(argValue(0), resolver, depth), encoding: 'base64url' };
  }
  if (library?.module === 'js-sha256') return { hash: 'sha256', encoding: 'hex', input: argValue(0) };
  if (library?.module === 'crypto' && library.name === 'createHash') return { hash: argText(0) && normalizeHash(argText(0) as string) };
  const global = globalCallee(value);
  if (global === 'btoa') return { ...innerShape(argValue(0), resolver, depth), encoding: 'base64' };
  if (global === 'Buffer.from') return { ...innerShape(argValue(0), resolver, depth), encoding: undefined };
  const member = memberCallee(value);
  if (!member) return { input: value };
  switch (member.name) {
    case 'createHash':
      return { hash: argText(0) && normalizeHash(argText(0) as string) };
    case 'update':
      return { ...athShape(member.object, resolver, depth + 1), input: argValue(0) };
    case 'digest': {
      const first = argText(0);
      if (member.object.kind === 'member' && member.object.name === 'subtle') {
        return { hash: first && normalizeHash(first), encoding: 'raw bytes', input: argValue(1) };
      }
      if (member.object.kind === 'global' && member.object.name.endsWith('subtle')) {
        return { hash: first && normalizeHash(first), encoding: 'raw bytes', input: argValue(1) };
      }
      return { ...athShape(member.object, resolver, depth + 1), encoding: first ?? 'raw bytes' };
    }
    case 'toString': {
      const inner = athShape(member.object, resolver, depth + 1);
      return { ...inner, encoding: argText(0) ?? inner.encoding };
    }
    case 'replace':
    case 'replaceAll': {
      const inner = athShape(member.object, resolver, depth + 1);
      const pattern = value.args[0]?.getText() ?? '';
      const makesUrlSafe = /\\\+|'\+'|"\+"|\\\//.test(pattern) || /^\/=/.test(pattern);
      return inner.encoding === 'base64' && makesUrlSafe ? { ...inner, encoding: 'base64url' } : inner;
    }
    case 'encode':
      if (member.object.kind === 'import' && /base64url$/i.test(member.object.path.join('.'))) {
        return { ...innerShape(argValue(0), resolver, depth), encoding: 'base64url' };
      }
      return { input: value };
    default:
      return { input: value };
  }
}

function innerShape(value: Value | undefined, resolver: ValueResolver, depth: number): AthShape {
  if (!value) return {};
  const inner = athShape(value, resolver, depth + 1);
  return { hash: inner.hash, input: inner.input };
}

// ---------------------------------------------------------------------------------------------
// jwk

export type JwkProblem = 'private-member' | 'private-export' | 'private-half' | 'private-file';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const PRIVATE_KEY_CALLS = /^(?:importPKCS8|createPrivateKey|importJWK|generateSecret|createSecretKey)$/;

/** Why a `jwk` header carries private key material, if it does. */
export function jwkProblem(field: ProofField, resolver: ValueResolver): ValueProblem<JwkProblem> | undefined {
  if (field.implicit) return undefined;
  for (const value of leaves(field.value)) {
    const problem = jwkLeafProblem(value, field, resolver);
    if (problem) return problem;
  }
  const file = field.expression && jsonFileOf(field.expression);
  if (file && isPrivateKeyFile(file)) return { kind: 'private-file', node: field.expression, detail: path.basename(file) };
  return undefined;
}

function jwkLeafProblem(value: Value, field: ProofField, resolver: ValueResolver): ValueProblem<JwkProblem> | undefined {
  for (const object of objectsOf(value)) {
    for (const entry of resolver.entries(object).entries) {
      if (PRIVATE_MEMBERS.includes(entry.name) && entry.value().kind !== 'nullish') return { kind: 'private-member', node: entry.property, detail: entry.name };
    }
  }
  if (value.kind === 'call') {
    const exported = privateExport(value, resolver);
    if (exported) return { kind: 'private-export', node: value.node, detail: exported };
    const parsed = jsonParseFile(value, resolver);
    if (parsed && isPrivateKeyFile(parsed)) return { kind: 'private-file', node: value.node, detail: path.basename(parsed) };
  }
  if (value.kind === 'module' && isPrivateKeyFile(value.file)) return { kind: 'private-file', node: field.expression, detail: path.basename(value.file) };
  if (isPrivateKeyValue(value, resolver)) return { kind: 'private-half', node: value.node ?? field.expression };
  return undefined;
}

/**
 * The private key a call exports as a JWK, as written (`exportJWK(privateKey)`,
 * `privateKey.export({ format: 'jwk' })`, `crypto.subtle.exportKey('jwk', keyPair.privateKey)`).
 */
export function privateExport(value: Value, resolver: ValueResolver): string | undefined {
  if (value.kind !== 'call') return undefined;
  const library = libraryMember(value.callee);
  const key = value.args[0];
  if (library?.module === 'jose' && library.name === 'exportJWK' && key && isPrivateKey(key, value, resolver)) return key.getText();
  const member = memberCallee(value);
  if (member?.name === 'export' && isPrivateKeyValue(member.object, resolver)) {
    const callee = value.node.expression;
    return isPropertyAccessExpression(callee) ? callee.expression.getText() : 'export';
  }
  const exportKey = member?.name === 'exportKey' || /(?:^|\.)subtle\.exportKey$/.test(globalCallee(value) ?? '');
  const target = value.args[1];
  if (exportKey && target && isPrivateKey(target, value, resolver)) return target.getText();
  return undefined;
}

/** A name that says its value is a public key: `publicJwk`, `PUBLIC_KEY`. */
export function isPublicName(text: string): boolean {
  return nameWords(text).includes('public');
}

function isPrivateKey(expression: ts.Expression, call: Extract<Value, { kind: 'call' }>, resolver: ValueResolver): boolean {
  if (isPrivateName(expression.getText())) return true;
  return isPrivateKeyValue(resolver.value(expression, call.env), resolver);
}

/** A key pair's private half, a key imported from private material, or something named as a private key. */
function isPrivateKeyValue(value: Value, resolver: ValueResolver, depth = 0): boolean {
  if (depth > 4) return false;
  if (value.kind === 'member') return isPrivateName(value.name);
  if (value.kind === 'call') {
    const name = callName(value);
    if (name && PRIVATE_KEY_CALLS.test(name)) return true;
    if (name === 'importKey') {
      const format = value.args[0] && resolver.value(value.args[0], value.env);
      return format?.kind === 'string' && format.value === 'pkcs8';
    }
    return false;
  }
  if (value.kind === 'alternatives') return value.options.some((o) => isPrivateKeyValue(o, resolver, depth + 1));
  if (value.kind === 'unknown' && value.node) {
    const node = value.node;
    const name = isParameter(node) || isBindingElement(node) ? node.name.getText() : isIdentifier(node) ? node.text : undefined;
    return name !== undefined && isPrivateName(name);
  }
  return false;
}

function isPrivateName(text: string): boolean {
  const words = nameWords(text.split('.').pop() ?? text);
  if (words.includes('public')) return false;
  return words.includes('private') || words.includes('priv') || (words.includes('secret') && words.includes('key')) || (words.includes('signing') && words.includes('key'));
}

/** `JSON.parse(fs.readFileSync(path))`: the file path, when it is known. */
function jsonParseFile(value: Extract<Value, { kind: 'call' }>, resolver: ValueResolver): string | undefined {
  if (globalCallee(value) !== 'JSON.parse' || !value.args[0]) return undefined;
  const read = resolver.value(value.args[0], value.env);
  const reader = read.kind === 'call' ? (libraryMember(read.callee)?.name ?? (read.callee.kind === 'member' ? read.callee.name : undefined)) : undefined;
  if (read.kind !== 'call' || (reader !== 'readFileSync' && reader !== 'readFile')) return undefined;
  const target = memberCallee(read)?.name === 'toString' ? undefined : read.args[0];
  if (!target) return undefined;
  const text = leaves(resolver.value(target, read.env))
    .map((v) => (v.kind === 'string' ? v.value : ''))
    .join('');
  return text === '' ? target.getText() : text;
}

/** The JSON file an identifier is imported or required from. */
function jsonFileOf(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (!isIdentifier(inner)) return undefined;
  const declaration = findDeclaration(inner);
  let specifier: string | undefined;
  if (declaration && isImportClause(declaration) && isStringLiteral(declaration.parent.moduleSpecifier)) {
    specifier = declaration.parent.moduleSpecifier.text;
  } else if (declaration && isVariableDeclaration(declaration) && declaration.initializer) {
    const init = skipOuter(declaration.initializer);
    if (isCallExpression(init) && isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && isStringLiteral(init.arguments[0])) {
      specifier = init.arguments[0].text;
    }
  }
  if (!specifier || !/\.json$/i.test(specifier)) return undefined;
  return specifier.startsWith('.') ? path.resolve(path.dirname(inner.getSourceFile().fileName), specifier) : specifier;
}

/** Larger than any JWK or JWK set a DPoP key would be read from. */
const MAX_KEY_FILE_BYTES = 1_000_000;

/** A key file is private when its name says so, it is a PEM/PKCS#8 key, or its JWK has a private member. */
function isPrivateKeyFile(file: string): boolean {
  const base = path.basename(file);
  if (/\.(?:pem|key|p8)$/i.test(base) || isPrivateName(base.replace(/\.[a-z]+$/i, ''))) return true;
  if (!/\.json$/i.test(base) || !path.isAbsolute(file)) return false;
  try {
    // Only a regular, small file: reading a named pipe would block forever, a device or a huge file is no key.
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_KEY_FILE_BYTES) return false;
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && PRIVATE_MEMBERS.some((member) => member in parsed);
  } catch {
    return false;
  }
}
