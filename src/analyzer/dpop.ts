import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { indexFile } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { enclosingFunction } from './requests.js';
import { findDeclaration } from './scope.js';
import type { Bindings, ObjectEntry, Value, ValueOf, ValueResolver } from './values.js';
import { accessName, objectsOf, propertyName, skipOuter } from './values.js';
import { Kind, getModifiers, isArrayLiteralExpression, isAwaitExpression, isBinaryExpression, isCallExpression, isClassStaticBlockDeclaration, isConditionalExpression, isFunctionLike, isIdentifier, isNewExpression, isObjectLiteralExpression, isParameter, isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isTypeOfExpression, isVariableDeclaration } from './syntax.js';

/** Who builds a proof: a library, or the application from a claims object it signs itself. */
export type ProofLibrary = 'jose' | 'jsonwebtoken' | 'dpop' | 'oauth4webapi' | 'hand-built';

/** One header parameter or claim of a proof. */
export interface ProofField {
  /** The value, resolved with the bindings of the call that built the proof. */
  readonly value: Value;
  /** The expression that sets it as written (property value, setter or call argument). */
  readonly expression: ts.Expression | undefined;
  /** The property or call that sets it. */
  readonly node: ts.Node;
  /** Set by the library itself to a correct value (jose `setIssuedAt()`, everything the `dpop` package sets). */
  readonly implicit: boolean;
}

/** The header parameters or claims of a proof. */
export interface ProofFields {
  readonly fields: ReadonlyMap<string, ProofField>;
  /** Other fields may exist: a spread or an object that could not be resolved. */
  readonly open: boolean;
}

/** A DPoP proof construction site. */
export interface DpopProof {
  readonly library: ProofLibrary;
  /** The proof's identity: `new SignJWT(...)`, the `sign`/`generateProof`/`DPoP` call, or the claims object. */
  readonly node: ts.Node;
  /** Where findings about the proof as a whole are reported. */
  readonly anchor: ts.Node;
  /** Parameter bindings of the call through which the proof was reached (values differ per call site). */
  readonly env: Bindings;
  /** Undefined when the header is not known (a claims object signed by unknown code). */
  readonly header: ProofFields | undefined;
  readonly claims: ProofFields | undefined;
  /** Built by a library that gets every field right by construction (oauth4webapi's DPoP handle). */
  readonly managed: boolean;
  /** Computed once when the module loads, not per request. */
  readonly moduleScope: boolean;
}

/** A place that sets a request header. */
export interface HeaderSite {
  /** The expression whose value is sent. */
  readonly expression: ts.Expression;
  /** The property, assignment or call that sets the header. */
  readonly node: ts.Node;
  /** The header's value, in the bindings of the object holding it. */
  readonly value: () => Value;
}

/** A DPoP header set on outgoing requests, with the proofs it can carry. */
export interface ProofAttachment {
  readonly dpop: HeaderSite;
  /** The `Authorization` header sent with it, when known. */
  readonly authorization: HeaderSite | undefined;
  /** The requests known to send it (empty when the headers are built apart from any known request). */
  readonly requests: readonly HttpRequest[];
  readonly proofs: readonly DpopProof[];
  /** The axios interceptor or got/ky hook that sets the header, if that is where it is set. */
  readonly hook: ts.FunctionLikeDeclaration | undefined;
}

/** The DPoP facts of one file. */
export interface DpopModel {
  /** Proofs constructed in the file (values resolved without call-site bindings). */
  readonly proofs: readonly DpopProof[];
  /** DPoP headers set in the file or on its requests, with the proofs they carry (resolved per call site). */
  readonly attachments: readonly ProofAttachment[];
  /** Module-scope variables holding a proof made by a helper in another module, computed once at load. */
  readonly loadTimeProofs: readonly { readonly declaration: ts.VariableDeclaration; readonly proofs: readonly DpopProof[] }[];
}

const JOSE_SIGNERS = new Set(['SignJWT', 'CompactSign', 'FlattenedSign']);
const HEADER_SETTERS = new Set(['set', 'append', 'setHeader', 'header']);
const MAX_PROOF_DEPTH = 5;
/** Files that mention none of these cannot build, keep or attach a DPoP proof. */
const DPOP_TEXT = /dpop|proof|\bhtu\b|\bhtm\b/i;

/** The DPoP proofs and proof-carrying headers of a file, computed once per file. */
export function dpopModel(analysis: FileAnalysis): DpopModel {
  return analysis.memo('dpop:model', () => {
    if (!DPOP_TEXT.test(analysis.sourceFile.text)) return { proofs: [], attachments: [], loadTimeProofs: [] };
    const recognizer = new ProofRecognizer(analysis.resolver);
    return {
      proofs: recognizer.fileProofs(analysis.sourceFile),
      attachments: findAttachments(analysis, recognizer),
      loadTimeProofs: loadTimeProofs(analysis.sourceFile, recognizer),
    };
  });
}

/** Recognises proofs at construction sites and inside resolved values. */
export class ProofRecognizer {
  private readonly cache = new Map<ts.Node, DpopProof | null>();

  constructor(readonly resolver: ValueResolver) {}

  /** Every proof constructed in a file; claims objects used by a library proof are not listed twice. */
  fileProofs(sourceFile: ts.SourceFile): DpopProof[] {
    const index = indexFile(sourceFile);
    const proofs: DpopProof[] = [];
    const consumed = new Set<ts.Node>();
    for (const expression of index.news) {
      if (!JOSE_SIGNERS.has(calleeName(expression.expression) ?? '')) continue;
      const proof = this.joseProof(expression, undefined);
      if (proof && looksLikeDpop(proof)) proofs.push(proof);
    }
    for (const call of index.calls) {
      const name = calleeName(call.expression);
      if (name !== 'sign' && name !== 'generateProof' && name !== 'DPoP') continue;
      const proof = this.callProof(call, this.resolver.value(call.expression), undefined);
      if (proof && proof.library !== 'jose' && (proof.library !== 'jsonwebtoken' || looksLikeDpop(proof))) proofs.push(proof);
    }
    for (const proof of proofs) for (const object of claimObjects(proof, this.resolver)) consumed.add(object);
    for (const property of index.properties) {
      if (propertyName(property.name) !== 'htm' || !isObjectLiteralExpression(property.parent)) continue;
      const object = property.parent;
      if (consumed.has(object) || !hasProperties(object, ['htu'])) continue;
      const viaLibrary = this.libraryProofThrough(object);
      if (viaLibrary) {
        if (!proofs.some((p) => p.node === viaLibrary.node)) proofs.push(viaLibrary);
      } else if (hasProperties(object, ['jti']) && !isClaimLabels(object)) {
        // `htm` and `htu` alone may be a request description; with `jti` it is a proof's claims.
        proofs.push(this.handBuilt({ kind: 'object', node: object, env: undefined }));
      }
    }
    return proofs.sort((a, b) => a.node.pos - b.node.pos);
  }

  /** The proofs a value (a DPoP header value) can be, following calls into helpers and signers. */
  proofsIn(value: Value, depth = 0): DpopProof[] {
    if (depth > MAX_PROOF_DEPTH) return [];
    switch (value.kind) {
      case 'alternatives':
        return value.options.flatMap((option) => this.proofsIn(option, depth + 1));
      case 'concat':
        return value.parts.flatMap((part) => this.proofsIn(part, depth + 1));
      case 'call': {
        if (!isCallExpression(value.node)) return [];
        const proof = this.callProof(value.node, value.callee, value.env);
        if (proof) return [proof];
        // An unknown signer: the claims object may be among its arguments (`sign(claims, key)`,
        // `base64url(JSON.stringify(claims))`), or it may be a method on a proof (`.then(...)`).
        const found = value.args.flatMap((arg) => (isSpreadElement(arg) ? [] : this.proofsIn(this.resolver.value(arg, value.env), depth + 1)));
        if (found.length > 0 || value.callee.kind !== 'member') return found;
        return this.proofsIn(value.callee.object, depth + 1);
      }
      case 'object':
        return isClaimsObject(value, this.resolver) ? [this.handBuilt(value)] : [];
      default:
        return [];
    }
  }

  /** A proof built by a call: jose `.sign()`, jsonwebtoken `sign`, the `dpop` package, oauth4webapi's handle. */
  callProof(call: ts.CallExpression, callee: Value, env: Bindings): DpopProof | undefined {
    const member = libraryMember(callee);
    if (member?.module === 'jsonwebtoken' && member.name === 'sign') return this.cached(call, env, () => this.jsonwebtokenProof(call, env));
    if (member?.module === 'dpop' && (member.name === 'generateProof' || member.name === undefined)) {
      return this.cached(call, env, () => this.dpopPackageProof(call, env));
    }
    if (member?.module === 'oauth4webapi' && member.name === 'DPoP') {
      return { library: 'oauth4webapi', node: call, anchor: call, env, header: undefined, claims: undefined, managed: true, moduleScope: false };
    }
    if (callee.kind === 'member' && callee.name === 'sign') {
      const root = chainRoot(call);
      if (root && JOSE_SIGNERS.has(calleeName(root.expression) ?? '')) return this.joseProof(root, env);
    }
    return undefined;
  }

  /** jose: `new SignJWT(claims).setProtectedHeader(header).setIssuedAt().setJti(id).sign(key)` and `CompactSign`. */
  joseProof(root: ts.NewExpression, env: Bindings): DpopProof | undefined {
    return this.cached(root, env, () => {
      const callee = libraryMember(this.resolver.value(root.expression));
      if (callee?.module !== 'jose' || !JOSE_SIGNERS.has(callee.name ?? '')) return undefined;
      const payload = root.arguments?.[0];
      const isJwt = callee.name === 'SignJWT';
      const payloadValue = payload ? this.resolver.value(payload, env) : undefined;
      const claimsSource = payloadValue && (isJwt ? payloadValue : encodedObject(payloadValue, this.resolver));
      const claims = fieldsOf(claimsSource, this.resolver);
      let header: ProofFields | undefined;
      let sign: ts.CallExpression | undefined;
      const extra = new Map<string, ProofField>();
      for (const call of fluentChain(root)) {
        const method = (call.expression as ts.PropertyAccessExpression).name.text;
        const arg = call.arguments[0];
        if (method === 'setProtectedHeader' && arg) header = fieldsOf(this.resolver.value(arg, env), this.resolver);
        else if (method === 'setJti' && arg) extra.set('jti', this.field(arg, call, env));
        else if (method === 'setIssuedAt') extra.set('iat', arg ? this.field(arg, call, env) : implicitField(call));
        else if (method === 'sign') sign = call;
      }
      const merged = claims ? withFields(claims, extra) : extra.size > 0 ? { fields: extra, open: true } : undefined;
      return {
        library: 'jose',
        node: root,
        anchor: root.expression,
        env,
        header,
        claims: merged,
        managed: false,
        moduleScope: isModuleScope(sign ?? root),
      };
    });
  }

  /** jsonwebtoken: `sign(payload, key, { algorithm, header: { typ, jwk }, jwtid, noTimestamp })`. */
  private jsonwebtokenProof(call: ts.CallExpression, env: Bindings): DpopProof {
    const [payload, , optionsArg] = call.arguments;
    const claims = fieldsOf(payload ? this.resolver.value(payload, env) : undefined, this.resolver);
    const options = optionsArg ? this.resolver.value(optionsArg, env) : undefined;
    const optionObjects = options ? objectsOf(options) : [];
    let header: ProofFields | undefined;
    if (!optionsArg || optionObjects.length > 0) {
      const headerValue = options && this.resolver.property(options, 'header');
      const declared = headerValue ? fieldsOf(headerValue, this.resolver) : { fields: new Map<string, ProofField>(), open: false };
      const extra = new Map<string, ProofField>();
      const algorithm = this.option(options, 'algorithm');
      if (algorithm && !declared?.fields.has('alg')) extra.set('alg', algorithm);
      header = declared ? withFields(declared, extra, false) : undefined;
    }
    let merged = claims;
    if (claims) {
      const extra = new Map<string, ProofField>();
      const jwtid = this.option(options, 'jwtid');
      if (jwtid && !claims.fields.has('jti')) extra.set('jti', jwtid);
      const noTimestamp = options && this.resolver.property(options, 'noTimestamp');
      if (!claims.fields.has('iat') && !(noTimestamp?.kind === 'boolean' && noTimestamp.value)) extra.set('iat', implicitField(call));
      merged = withFields(claims, extra, false);
    }
    return { library: 'jsonwebtoken', node: call, anchor: call.expression, env, header, claims: merged, managed: false, moduleScope: isModuleScope(call) };
  }

  /** The `dpop` package: `generateProof(keyPair, htu, htm, nonce?, accessToken?, additional?)`. */
  private dpopPackageProof(call: ts.CallExpression, env: Bindings): DpopProof {
    const [, htu, htm, nonce, accessToken, additional] = call.arguments;
    const fields = new Map<string, ProofField>();
    const extraClaims = additional ? fieldsOf(this.resolver.value(additional, env), this.resolver) : undefined;
    for (const [name, field] of extraClaims?.fields ?? []) fields.set(name, field);
    if (htu) fields.set('htu', this.field(htu, call, env));
    if (htm) fields.set('htm', this.field(htm, call, env));
    if (nonce) fields.set('nonce', this.field(nonce, call, env));
    const token = accessToken ? this.field(accessToken, call, env) : undefined;
    if (token && !isAbsent(token.value, env)) fields.set('ath', { ...token, implicit: true });
    fields.set('jti', implicitField(call));
    fields.set('iat', implicitField(call));
    const header = new Map<string, ProofField>(['typ', 'alg', 'jwk'].map((name) => [name, implicitField(call)]));
    return {
      library: 'dpop',
      node: call,
      anchor: call.expression,
      env,
      header: { fields: header, open: false },
      claims: { fields, open: false },
      managed: false,
      moduleScope: isModuleScope(call),
    };
  }

  /** A claims object signed by code the analysis does not know; the header is taken from a header object beside it. */
  private handBuilt(object: ValueOf<'object'>): DpopProof {
    return this.cached(object.node, object.env, () => {
      const headerObject = nearbyHeaderObject(object.node);
      return {
        library: 'hand-built',
        node: object.node,
        anchor: object.node,
        env: object.env,
        header: headerObject ? fieldsOf({ kind: 'object', node: headerObject, env: object.env }, this.resolver) : undefined,
        claims: fieldsOf(object, this.resolver),
        managed: false,
        moduleScope: isModuleScope(object.node),
      };
    }) as DpopProof;
  }

  /** A library proof reached by calling the helper a claims object literal is passed to. */
  private libraryProofThrough(object: ts.ObjectLiteralExpression): DpopProof | undefined {
    const call = object.parent;
    if (!call || !isCallExpression(call) || !call.arguments.includes(object)) return undefined;
    const value = this.resolver.value(call);
    return this.proofsIn(value).find((proof) => proof.library !== 'hand-built' && claimObjects(proof, this.resolver).includes(object));
  }

  private option(options: Value | undefined, name: string): ProofField | undefined {
    if (!options) return undefined;
    for (const object of objectsOf(options)) {
      const entry = this.resolver.entries(object).entries.findLast((e) => e.name === name);
      if (entry) return lazyField(entry.value, propertyExpression(entry.property), entry.property);
    }
    return undefined;
  }

  private field(expression: ts.Expression, node: ts.Node, env: Bindings): ProofField {
    return lazyField(() => this.resolver.value(expression, env), expression, node);
  }

  private cached<T extends DpopProof | undefined>(node: ts.Node, env: Bindings, compute: () => T): T {
    if (env && env.size > 0) return compute();
    if (this.cache.has(node)) return (this.cache.get(node) ?? undefined) as T;
    const proof = compute();
    this.cache.set(node, proof ?? null);
    return proof;
  }
}

/** `export const proof = await createProof(...)` at module scope, the proof built by another module. */
function loadTimeProofs(sourceFile: ts.SourceFile, recognizer: ProofRecognizer): DpopModel['loadTimeProofs'] {
  const found: { declaration: ts.VariableDeclaration; proofs: DpopProof[] }[] = [];
  for (const declaration of indexFile(sourceFile).variables) {
    const init = declaration.initializer && skipOuter(declaration.initializer);
    const call = init && isAwaitExpression(init) ? skipOuter(init.expression) : init;
    if (!call || !isCallExpression(call) || !isModuleScope(declaration)) continue;
    const proofs = recognizer.proofsIn(recognizer.resolver.value(call)).filter((p) => !p.managed && p.node.getSourceFile() !== sourceFile);
    if (proofs.length > 0) found.push({ declaration, proofs });
  }
  return found;
}

function lazyField(compute: () => Value, expression: ts.Expression | undefined, node: ts.Node): ProofField {
  let value: Value | undefined;
  return {
    get value() {
      value ??= compute();
      return value;
    },
    expression,
    node,
    implicit: false,
  };
}

function implicitField(node: ts.Node): ProofField {
  return { value: { kind: 'unknown', node }, expression: undefined, node, implicit: true };
}

function propertyExpression(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (isPropertyAssignment(property)) return property.initializer;
  if (isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** The fields of an object value; undefined when the value is not a known object. */
export function fieldsOf(value: Value | undefined, resolver: ValueResolver): ProofFields | undefined {
  if (!value) return undefined;
  const objects = objectsOf(value);
  if (objects.length === 0) return undefined;
  const fields = new Map<string, ProofField>();
  let open = value.kind === 'alternatives' && value.options.some((option) => option.kind !== 'object' && option.kind !== 'nullish');
  for (const object of objects) {
    const entries = objectEntries(object, resolver, 0);
    open ||= entries.open;
    for (const entry of entries.entries) fields.set(entry.name, lazyField(entry.value, propertyExpression(entry.property), entry.property));
  }
  return { fields, open };
}

/**
 * The entries of an object as `resolver.entries` gives them, except that a conditional spread
 * whose condition tests a parameter the call did not pass takes the branch it would take:
 * `...(accessToken === undefined ? {} : { ath })` adds no `ath` when the caller omits the token.
 */
function objectEntries(object: ValueOf<'object'>, resolver: ValueResolver, depth: number): { entries: ObjectEntry[]; open: boolean } {
  const env = object.env;
  if (!env || env.size === 0 || depth > 4 || !object.node.properties.some(isSpreadAssignment)) return resolver.entries(object);
  const entries: ObjectEntry[] = [];
  let open = false;
  for (const property of object.node.properties) {
    if (isSpreadAssignment(property)) {
      const chosen = chosenBranch(property.expression, env, resolver);
      if (chosen === null) continue;
      const spread = resolver.value(chosen, env);
      const objects = objectsOf(spread);
      if (objects.length === 0 && spread.kind !== 'nullish') open = true;
      if (spread.kind === 'alternatives' && spread.options.some((o) => o.kind !== 'object')) open = true;
      for (const inner of objects) {
        const nested = objectEntries(inner, resolver, depth + 1);
        entries.push(...nested.entries);
        open ||= nested.open;
      }
      continue;
    }
    const name = propertyName(property.name);
    if (name === undefined) {
      open = true;
      continue;
    }
    const expression = propertyExpression(property);
    entries.push({ name, property, value: () => (expression ? resolver.value(expression, env) : { kind: 'unknown', node: property }) });
  }
  return { entries, open };
}

/** The expression a spread spreads once its condition is decided; null when it spreads nothing. */
function chosenBranch(expression: ts.Expression, env: Bindings, resolver: ValueResolver): ts.Expression | null {
  const inner = skipOuter(expression);
  if (isConditionalExpression(inner)) {
    const truth = conditionTruth(inner.condition, env, resolver);
    return truth === undefined ? inner : truth ? inner.whenTrue : inner.whenFalse;
  }
  if (isBinaryExpression(inner) && inner.operatorToken.kind === Kind.AmpersandAmpersandToken) {
    const truth = conditionTruth(inner.left, env, resolver);
    return truth === undefined ? inner : truth ? inner.right : null;
  }
  return inner;
}

/** Whether a condition holds, decided only when it tests a parameter that was not passed. */
function conditionTruth(condition: ts.Expression, env: Bindings, resolver: ValueResolver): boolean | undefined {
  let inner = skipOuter(condition);
  let negated = false;
  while (isPrefixUnaryExpression(inner) && inner.operator === Kind.ExclamationToken) {
    negated = !negated;
    inner = skipOuter(inner.operand);
  }
  const truth = testedTruth(inner, env, resolver);
  return truth === undefined ? undefined : truth !== negated;
}

function testedTruth(inner: ts.Expression, env: Bindings, resolver: ValueResolver): boolean | undefined {
  if (isIdentifier(inner)) return isAbsent(resolver.value(inner, env), env) ? false : undefined;
  if (isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    const equal = op === Kind.EqualsEqualsEqualsToken || op === Kind.EqualsEqualsToken;
    const notEqual = op === Kind.ExclamationEqualsEqualsToken || op === Kind.ExclamationEqualsToken;
    if (!equal && !notEqual) return undefined;
    const [tested, against] = isNullishLiteral(inner.right) ? [inner.left, inner.right] : [inner.right, inner.left];
    if (!isNullishLiteral(against)) return undefined;
    const operand = skipOuter(tested);
    const target = isTypeOfExpression(operand) ? operand.expression : operand;
    if (!isIdentifier(target) || !isAbsent(resolver.value(target, env), env)) return undefined;
    return equal;
  }
  return undefined;
}

/**
 * True when a field that is written is surely left out of the proof for these bindings:
 * `ath: undefined`, or `ath: accessToken ? hash(accessToken) : undefined` in a call that did not
 * pass `accessToken` (JSON drops undefined members).
 */
export function isLeftOut(field: ProofField, env: Bindings, resolver: ValueResolver): boolean {
  if (field.implicit) return false;
  if (field.value.kind === 'nullish') return true;
  const expression = field.expression && skipOuter(field.expression);
  if (!expression || !env || env.size === 0) return false;
  const chosen = chosenBranch(expression, env, resolver);
  if (chosen === null) return true;
  return chosen !== expression && isAbsent(resolver.value(chosen, env), env);
}

/** `undefined`, `null` or the string `'undefined'` (compared with `typeof x`). */
function isNullishLiteral(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (inner.kind === Kind.NullKeyword) return true;
  if (isIdentifier(inner)) return inner.text === 'undefined';
  return isStringLiteral(inner) && inner.text === 'undefined';
}

function withFields(base: ProofFields, extra: ReadonlyMap<string, ProofField>, override = true): ProofFields {
  if (extra.size === 0) return base;
  const fields = new Map(base.fields);
  for (const [name, field] of extra) if (override || !fields.has(name)) fields.set(name, field);
  return { fields, open: base.open };
}

/** The object behind `new TextEncoder().encode(JSON.stringify(claims))` and similar encodings. */
function encodedObject(value: Value, resolver: ValueResolver, depth = 0): Value | undefined {
  if (value.kind === 'object' || depth > 4) return value.kind === 'object' ? value : undefined;
  if (value.kind !== 'call') return undefined;
  for (const arg of value.args) {
    if (isSpreadElement(arg)) continue;
    const found = encodedObject(resolver.value(arg, value.env), resolver, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A proof whose claims or header say it is a DPoP proof (a jose or jsonwebtoken JWT may be anything). */
function looksLikeDpop(proof: DpopProof): boolean {
  const typ = proof.header?.fields.get('typ')?.value;
  if (typ?.kind === 'string' && /dpop/i.test(typ.value)) return true;
  if (proof.header?.fields.has('jwk')) return true;
  const claims = proof.claims?.fields;
  return Boolean(claims?.has('htm') && claims.has('htu'));
}

function isClaimsObject(value: ValueOf<'object'>, resolver: ValueResolver): boolean {
  const names = new Set(resolver.entries(value).entries.map((e) => e.name));
  return names.has('htm') && names.has('htu');
}

/**
 * A table naming the claims rather than holding them, as an OAuth library writes for its error
 * messages: `{ jti: 'jwt id', htm: 'http method', htu: 'http uri' }`. No proof has words with
 * spaces in all three.
 */
function isClaimLabels(object: ts.ObjectLiteralExpression): boolean {
  return ['jti', 'htm', 'htu'].every((name) => {
    const property = object.properties.find((p) => propertyName(p.name) === name);
    return property !== undefined && isPropertyAssignment(property) && isStringLiteralLike(property.initializer) && /\s/.test(property.initializer.text);
  });
}

function hasProperties(object: ts.ObjectLiteralExpression, names: readonly string[]): boolean {
  const present = new Set(object.properties.map((p) => propertyName(p.name)));
  return names.every((name) => present.has(name));
}

/** The object literals a proof's claims come from. */
function claimObjects(proof: DpopProof, resolver: ValueResolver): ts.Node[] {
  if (proof.library === 'hand-built') return [proof.node];
  if (proof.library === 'jose' && isNewExpression(proof.node)) {
    const arg = proof.node.arguments?.[0];
    const value = arg && resolver.value(arg, proof.env);
    const object = value && (calleeName(proof.node.expression) === 'SignJWT' ? value : encodedObject(value, resolver));
    return object ? objectsOf(object).map((o) => o.node) : [];
  }
  if (proof.library === 'jsonwebtoken' && isCallExpression(proof.node) && proof.node.arguments[0]) {
    return objectsOf(resolver.value(proof.node.arguments[0], proof.env)).map((o) => o.node);
  }
  return [];
}

/** A module and member for a library import value: `jose.SignJWT`, `jsonwebtoken.sign`, `dpop` default. */
export function libraryMember(value: Value): { module: string; name: string | undefined } | undefined {
  if (value.kind !== 'import') return undefined;
  const path = value.path[0] === 'default' ? value.path.slice(1) : value.path;
  if (path.length > 1) return undefined;
  return { module: value.module, name: path[0] };
}

/** The last name of a callee: `sign` for `jwt.sign`, `SignJWT` for `jose.SignJWT`. */
function calleeName(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (isIdentifier(inner)) return inner.text;
  if (isPropertyAccessExpression(inner)) return inner.name.text;
  return undefined;
}

/** The calls chained on a jose signer, including calls made later on a variable holding it. */
function fluentChain(root: ts.Expression): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const pending: ts.Expression[] = [root];
  const seen = new Set<ts.Node>();
  while (pending.length > 0) {
    let current = pending.pop() as ts.Node;
    for (;;) {
      let parent = current.parent;
      while (parent && (isParenthesizedExpression(parent) || isAwaitExpression(parent))) {
        current = parent;
        parent = parent.parent;
      }
      if (!parent || !isPropertyAccessExpression(parent) || parent.expression !== current) break;
      const call = parent.parent;
      if (!call || !isCallExpression(call) || call.expression !== parent) break;
      calls.push(call);
      current = call;
    }
    const declaration = current.parent;
    if (declaration && isVariableDeclaration(declaration) && declaration.initializer === current && isIdentifier(declaration.name) && !seen.has(declaration)) {
      seen.add(declaration);
      pending.push(...laterUses(declaration));
    }
  }
  return calls;
}

/** Identifiers referring to a variable, as receivers of method calls, in the variable's scope. */
function laterUses(declaration: ts.VariableDeclaration): ts.Identifier[] {
  const name = (declaration.name as ts.Identifier).text;
  const scope = enclosingFunction(declaration) ?? declaration.getSourceFile();
  const uses: ts.Identifier[] = [];
  for (const call of indexFile(declaration.getSourceFile()).calls) {
    if (call.pos < scope.pos || call.end > scope.end) continue;
    const callee = call.expression;
    if (!isPropertyAccessExpression(callee)) continue;
    const receiver = callee.expression;
    if (isIdentifier(receiver) && receiver.text === name && findDeclaration(receiver) === declaration) uses.push(receiver);
  }
  return uses;
}

/** The `new SignJWT(...)` a `.sign()` call is chained on, directly or through variables. */
function chainRoot(call: ts.CallExpression): ts.NewExpression | undefined {
  let current: ts.Expression = call;
  for (let step = 0; step < 24; step++) {
    current = skipOuter(current);
    if (isAwaitExpression(current)) current = current.expression;
    else if (isCallExpression(current) && isPropertyAccessExpression(current.expression)) current = current.expression.expression;
    else if (isNewExpression(current)) return current;
    else if (isIdentifier(current)) {
      const declaration = findDeclaration(current);
      if (!declaration || !isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
      current = declaration.initializer;
    } else return undefined;
  }
  return undefined;
}

/** An object literal with `typ` or `alg` + `jwk` in the same function as a hand-built claims object. */
function nearbyHeaderObject(claims: ts.ObjectLiteralExpression): ts.ObjectLiteralExpression | undefined {
  const sourceFile = claims.getSourceFile();
  const scope = enclosingFunction(claims) ?? sourceFile;
  for (const property of indexFile(sourceFile).properties) {
    if (property.pos < scope.pos || property.end > scope.end) continue;
    const name = propertyName(property.name);
    if (name !== 'typ' && name !== 'jwk') continue;
    const object = property.parent;
    if (object === claims || !isObjectLiteralExpression(object) || belongsToSigner(object)) continue;
    if ((enclosingFunction(object) ?? sourceFile) !== scope) continue;
    if (name === 'typ' || hasProperties(object, ['alg'])) return object;
  }
  return undefined;
}

/** A header object nested in options (jsonwebtoken's `header`) or given to `setProtectedHeader`: a library proof's. */
function belongsToSigner(object: ts.ObjectLiteralExpression): boolean {
  const parent = object.parent;
  if (parent && isPropertyAssignment(parent)) return true;
  return Boolean(parent && isCallExpression(parent) && calleeName(parent.expression) === 'setProtectedHeader');
}

/** True when a node is evaluated once, when its module loads. */
export function isModuleScope(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) || isClassStaticBlockDeclaration(current)) return false;
    if (isPropertyDeclaration(current) && !getModifiers(current)?.some((m) => m.kind === Kind.StaticKeyword)) return false;
  }
  return true;
}

/**
 * True when a value is surely absent: nullish, or a parameter the call that bound this function's
 * parameters did not pass (`generateProof(kp, htu, htm, nonce, token)` in a helper called without `token`).
 */
export function isAbsent(value: Value, env: Bindings): boolean {
  if (value.kind === 'nullish') return true;
  if (value.kind === 'alternatives') return value.options.every((option) => isAbsent(option, env));
  if (value.kind !== 'unknown' || !value.node || !isParameter(value.node) || !env || env.size === 0) return false;
  const parameter = value.node;
  const owner = parameter.parent;
  if (parameter.initializer || parameter.dotDotDotToken || env.has(parameter)) return false;
  return [...env.keys()].some((key) => key.parent === owner);
}

// ---------------------------------------------------------------------------------------------
// Header sites: where a DPoP (and an Authorization) header is set.

/** The DPoP and Authorization headers set together (one object, one function's assignments, one chain). */
export interface HeaderGroup {
  dpop?: HeaderSite;
  /** The DPoP property sits in an object not otherwise known to be headers: it counts only if it holds a proof. */
  weak?: boolean;
  authorization?: HeaderSite;
  hook?: ts.FunctionLikeDeclaration | undefined;
}

function findAttachments(analysis: FileAnalysis, recognizer: ProofRecognizer): ProofAttachment[] {
  const { resolver, sourceFile } = analysis;
  const byExpression = new Map<ts.Node, { group: HeaderGroup; requests: HttpRequest[] }>();
  const add = (group: HeaderGroup, request: HttpRequest | undefined): void => {
    if (!group.dpop) return;
    let entry = byExpression.get(group.dpop.expression);
    if (!entry) {
      entry = { group, requests: [] };
      byExpression.set(group.dpop.expression, entry);
    }
    entry.group.authorization ??= group.authorization;
    if (request && !entry.requests.includes(request)) entry.requests.push(request);
  };
  // Only a file that names the DPoP header can attach a proof to one of its requests.
  const requests = /dpop/i.test(sourceFile.text) ? analysis.requests : [];
  for (const request of requests) {
    const own = requestHeaders(request, resolver);
    if (own.dpop) add(own, request);
    for (const hook of request.interceptors) {
      for (const group of headerGroups(hook.getSourceFile(), resolver, hook)) {
        add({ ...group, authorization: group.authorization ?? own.authorization, hook }, request);
      }
    }
  }
  for (const group of headerGroups(sourceFile, resolver, undefined)) add(group, undefined);
  const attachments: ProofAttachment[] = [];
  for (const { group, requests } of byExpression.values()) {
    const dpop = group.dpop as HeaderSite;
    const proofs = recognizer.proofsIn(dpop.value());
    if (group.weak && requests.length === 0 && proofs.length === 0) continue;
    // oauth4webapi's `{ DPoP }` option holds the handle that makes proofs, not a header.
    if (proofs.length > 0 && proofs.every((proof) => proof.managed)) continue;
    attachments.push({ dpop, authorization: group.authorization, requests, proofs, hook: group.hook ?? hookAround(dpop.node) });
  }
  return attachments.sort((a, b) => a.dpop.expression.pos - b.dpop.expression.pos);
}

const requestHeaderCache = new WeakMap<HttpRequest, HeaderGroup>();

/** The DPoP and Authorization headers of a request's option layers, most specific first. */
export function requestHeaders(request: HttpRequest, resolver: ValueResolver): HeaderGroup {
  const cached = requestHeaderCache.get(request);
  if (cached) return cached;
  const group: HeaderGroup = {};
  for (const layer of request.layers) {
    const headers = layer.get('headers');
    if (headers) collectHeaders(headers, resolver, group, 0);
  }
  requestHeaderCache.set(request, group);
  return group;
}

function collectHeaders(headers: Value, resolver: ValueResolver, group: HeaderGroup, depth: number): void {
  if (depth > 4) return;
  if (headers.kind === 'call') {
    const init = headers.args[0];
    if (init && !isSpreadElement(init)) collectHeaders(resolver.value(init, headers.env), resolver, group, depth + 1);
    return;
  }
  for (const object of objectsOf(headers)) {
    const entries = resolver.entries(object).entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (!entry) continue;
      const name = entry.name.toLowerCase();
      if (name === 'common') collectHeaders(entry.value(), resolver, group, depth + 1);
      if (name !== 'dpop' && name !== 'authorization') continue;
      const expression = propertyExpression(entry.property);
      if (!expression) continue;
      const site: HeaderSite = { expression, node: entry.property.pos >= 0 ? entry.property : expression, value: entry.value };
      if (name === 'dpop') group.dpop ??= site;
      else group.authorization ??= site;
    }
  }
}

/**
 * Header groups set in a file or one function: header objects, `x.headers.DPoP = v` assignments
 * and `headers.set('DPoP', v)` calls, grouped with the Authorization header set beside them.
 */
export function headerGroups(sourceFile: ts.SourceFile, resolver: ValueResolver, within: ts.Node | undefined, all = false): HeaderGroup[] {
  const index = indexFile(sourceFile);
  const inside = (node: ts.Node): boolean => !within || (node.pos >= within.pos && node.end <= within.end);
  const groups = new Map<ts.Node | string, HeaderGroup>();
  const groupFor = (key: ts.Node | string): HeaderGroup => {
    let group = groups.get(key);
    if (!group) {
      group = {};
      groups.set(key, group);
    }
    return group;
  };
  for (const property of index.properties) {
    const name = propertyName(property.name)?.toLowerCase();
    if ((name !== 'dpop' && name !== 'authorization') || !inside(property) || !isObjectLiteralExpression(property.parent)) continue;
    const expression = propertyExpression(property) as ts.Expression;
    const site: HeaderSite = { expression, node: property, value: () => resolver.value(expression) };
    const group = groupFor(property.parent);
    if (name === 'dpop') {
      group.dpop = site;
      group.weak = !isHeaderObject(property.parent);
    } else group.authorization = site;
  }
  for (const assignment of index.memberAssignments) {
    if (!inside(assignment)) continue;
    const left = assignment.left as ts.AccessExpression;
    const name = accessName(left)?.toLowerCase();
    if (name !== 'dpop' && name !== 'authorization') continue;
    const owner = receiverKey(left.expression);
    if (!owner) continue;
    const right = assignment.right;
    const site: HeaderSite = { expression: right, node: assignment, value: () => resolver.value(right) };
    const group = groupFor(`${functionKey(assignment)}:${owner}`);
    if (name === 'dpop') group.dpop = site;
    else group.authorization = site;
  }
  for (const call of index.calls) {
    const callee = skipOuter(call.expression);
    if (!isPropertyAccessExpression(callee) || !HEADER_SETTERS.has(callee.name.text) || !inside(call)) continue;
    const [nameArg, valueArg] = call.arguments;
    if (!nameArg || !valueArg || !isStringLiteralLike(nameArg)) continue;
    const name = nameArg.text.toLowerCase();
    if (name !== 'dpop' && name !== 'authorization') continue;
    const site: HeaderSite = { expression: valueArg, node: call, value: () => resolver.value(valueArg) };
    const group = groupFor(`${functionKey(call)}:${chainKey(callee.expression)}`);
    if (name === 'dpop') group.dpop = site;
    else group.authorization = site;
  }
  return [...groups.values()].filter((group) => all || group.dpop);
}

/** `config.headers` for `config.headers.DPoP`, normalising axios's `headers.common`; only headers objects. */
function receiverKey(expression: ts.Expression): string | undefined {
  let inner = skipOuter(expression);
  if (isPropertyAccessExpression(inner) && inner.name.text === 'common') inner = skipOuter(inner.expression);
  const text = inner.getText();
  return /headers$/i.test(text) ? text : undefined;
}

/** The receiver of a header setter, with a superagent chain collapsed to its request call. */
function chainKey(expression: ts.Expression): string {
  let inner = skipOuter(expression);
  while (isCallExpression(inner) && isPropertyAccessExpression(inner.expression) && HEADER_SETTERS.has(inner.expression.name.text)) {
    inner = skipOuter(inner.expression.expression);
  }
  return inner.getText();
}

function functionKey(node: ts.Node): number {
  return enclosingFunction(node)?.pos ?? -1;
}

/**
 * An object literal with a DPoP property is surely a headers object when it sits under `headers`,
 * in `new Headers(...)`, in a variable named for headers, or beside other headers. Elsewhere
 * (`{ dpop: 'required' }` in a config, oauth4webapi's `{ DPoP }` option holding a handle) it is
 * one only if its value turns out to be a proof.
 */
function isHeaderObject(object: ts.ObjectLiteralExpression): boolean {
  const parent = object.parent;
  if (parent && isPropertyAssignment(parent) && /^headers$/i.test(propertyName(parent.name) ?? '')) return true;
  if (parent && isNewExpression(parent) && calleeName(parent.expression) === 'Headers') return true;
  if (parent && isVariableDeclaration(parent) && /headers?$/i.test(parent.name.getText())) return true;
  return object.properties.some((p) => /^(?:authorization|content-type|accept)$/i.test(propertyName(p.name) ?? ''));
}

/** The function a header assignment sits in when that function is an axios interceptor or got/ky hook. */
function hookAround(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  const fn = enclosingFunction(node);
  if (!fn) return undefined;
  const parent = fn.parent;
  if (parent && isCallExpression(parent) && isInterceptorUse(parent)) return fn;
  if (parent && isArrayLiteralExpression(parent)) {
    const holder = parent.parent;
    if (holder && isPropertyAssignment(holder) && propertyName(holder.name) === 'beforeRequest') return fn;
  }
  return undefined;
}

/** `x.interceptors.request.use(fn)`. */
export function isInterceptorUse(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!isPropertyAccessExpression(callee) || callee.name.text !== 'use') return false;
  const request = skipOuter(callee.expression);
  if (!isPropertyAccessExpression(request) || request.name.text !== 'request') return false;
  const interceptors = skipOuter(request.expression);
  return isPropertyAccessExpression(interceptors) && interceptors.name.text === 'interceptors';
}
