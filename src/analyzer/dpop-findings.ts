import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { DpopProof, HeaderSite, ProofAttachment, ProofField } from './dpop.js';
import { dpopModel, headerGroups, isInterceptorUse, isLeftOut, isModuleScope, requestHeaders } from './dpop.js';
import { athProblem, htmProblem, htuProblem, iatProblem, isPublicName, jtiProblem, jwkProblem, leaves, originPathname, privateExport, sharedOrigin } from './dpop-checks.js';
import { indexFile } from './file-index.js';
import type { TextEdit } from './edits.js';
import type { HttpRequest } from './requests.js';
import { enclosingFunction, requestAt, requestOption } from './requests.js';
import { findDeclaration } from './scope.js';
import { isTestFile } from './test-files.js';
import { nameWords } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { skipOuter } from './values.js';
import { Flags, Kind, forEachChild, isArrayLiteralExpression, isArrowFunction, isAsExpression, isAwaitExpression, isBinaryExpression, isBindingElement, isBlock, isCallExpression, isClassLike, isExpression, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isIdentifier, isIterationStatement, isMethodDeclaration, isNewExpression, isParameter, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isShorthandPropertyAssignment, isTemplateSpan, isVariableDeclaration } from './syntax.js';

export type DpopRule =
  | 'dpop-authorization-scheme'
  | 'dpop-htu-without-query'
  | 'dpop-fresh-jti'
  | 'dpop-require-ath'
  | 'dpop-public-jwk-only'
  | 'dpop-valid-proof';

/** A DPoP problem in the linted file. `problem` names the case within the rule. */
export interface DpopFinding {
  readonly rule: DpopRule;
  readonly problem: string;
  readonly range: readonly [number, number];
  readonly data: Readonly<Record<string, string>>;
  /** A suggested rewrite (`DPoP ${token}`, `url.origin + url.pathname`, `crypto.randomUUID()`). */
  readonly fix?: TextEdit;
}

/** How a proof is sent, as far as known: the requests, their methods and URLs, the access token. */
interface ProofContext {
  readonly attachment: ProofAttachment | undefined;
  readonly methods: readonly string[];
  readonly urls: readonly Value[];
  /** The access token values sent in `Authorization`, when the proof is sent with one. */
  readonly tokens: readonly Value[] | undefined;
  readonly axiosHook: boolean;
}

const NO_CONTEXT: ProofContext = { attachment: undefined, methods: [], urls: [], tokens: undefined, axiosHook: false };
const RETRY_CALLEE = /retry|backoff|attempt/i;
const MEMO_CALLEE = /memo|once|cache/i;
const TOKEN_TYPE_DPOP = /token_?type['"]?\s*(?:===?|!==?|:)\s*['"`]dpop['"`]|['"`]dpop['"`]\s*(?:===?|!==?)\s*[\w.]{0,80}?token_?type/i;

/**
 * The findings of one DPoP rule in the file (all six are computed together, once). Test files
 * (`settings.tango.testFiles`) are skipped: they build fixed or broken proofs on purpose, to
 * test verifiers and snapshot headers.
 */
export function dpopFindings(analysis: FileAnalysis, rule: DpopRule): readonly DpopFinding[] {
  const all = analysis.memo('dpop:findings', () => {
    // Most files have no finding: asking first spares matching their path against the test globs.
    const findings = computeFindings(analysis);
    return findings.length === 0 || isTestFile(analysis.filePath, analysis.project.root, analysis.settings) ? [] : findings;
  });
  return all.length === 0 ? all : all.filter((finding) => finding.rule === rule);
}

function computeFindings(analysis: FileAnalysis): DpopFinding[] {
  const model = dpopModel(analysis);
  const out = new Collector(analysis.sourceFile);
  const { resolver } = analysis;
  const reported = new Set<ts.Node>();
  for (const attachment of model.attachments) {
    const reuse = reuseOf(attachment, model.attachments);
    if (reuse) {
      for (const proof of attachment.proofs) reported.add(proof.node);
      out.add('dpop-fresh-jti', 'reused-proof', [attachment.dpop.expression], { reason: reuse });
    }
    const context = contextOf(attachment);
    for (const proof of attachment.proofs) checkProof(proof, context, out, resolver);
  }
  for (const proof of model.proofs) {
    checkProof(proof, NO_CONTEXT, out, resolver);
    if (proof.moduleScope && !proof.managed && !reported.has(proof.node)) {
      out.add('dpop-fresh-jti', 'reused-proof', [proof.anchor], { reason: 'is computed once, when the module loads, and every request reuses it' });
    }
  }
  for (const { declaration, proofs } of model.loadTimeProofs) {
    if (proofs.every((proof) => reported.has(proof.node)) && model.attachments.some((a) => sameVariable(a.dpop.expression, declaration))) continue;
    const init = unwrap(declaration.initializer as ts.Expression);
    out.add('dpop-fresh-jti', 'reused-proof', [isCallExpression(init) ? init.expression : init], {
      reason: 'is computed once, when the module loads, and every request reuses it',
    });
  }
  privateKeysNamedPublic(analysis, out);
  authorizationFindings(analysis, model.attachments, out);
  return out.sorted();
}

class Collector {
  private readonly findings: DpopFinding[] = [];
  private readonly keys = new Set<string>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /**
   * The first candidate node in the linted file. Declarations are skipped: a value that is an
   * unbound parameter is reported where it is used, not where the parameter is declared.
   */
  place(candidates: readonly (ts.Node | undefined)[]): ts.Node | undefined {
    return candidates.find(
      (node) => node !== undefined && node.pos >= 0 && !isParameter(node) && !isBindingElement(node) && node.getSourceFile() === this.sourceFile,
    );
  }

  add(rule: DpopRule, problem: string, candidates: readonly (ts.Node | undefined)[], data: Record<string, string> = {}, fix?: (node: ts.Node) => TextEdit | undefined): void {
    const node = this.place(candidates);
    if (!node) return;
    const range = [node.getStart(this.sourceFile), node.end] as const;
    const key = `${rule}:${problem}:${range[0]}:${range[1]}:${JSON.stringify(data)}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    const edit = fix?.(node);
    this.findings.push({ rule, problem, range, data, ...(edit ? { fix: edit } : {}) });
  }

  sorted(): DpopFinding[] {
    return this.findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  }
}

function contextOf(attachment: ProofAttachment): ProofContext {
  const methods = [...new Set(attachment.requests.flatMap((r) => knownMethod(r) ?? []))];
  const urls = attachment.requests.flatMap((r) => (r.url ? [r.url] : []));
  const scheme = attachment.authorization ? schemeOf(attachment.authorization.value()) : undefined;
  const carries = scheme && (scheme.scheme === 'dpop' || scheme.scheme === 'bearer');
  const hook = attachment.hook;
  const axiosHook = Boolean(hook?.parent && isCallExpression(hook.parent) && isInterceptorUse(hook.parent));
  return { attachment, methods, urls, tokens: carries ? scheme.token : undefined, axiosHook };
}

/** A request's method when it is known: a client method name, a literal `method` option, or the default. */
function knownMethod(request: HttpRequest): string[] | undefined {
  const option = requestOption(request, 'method');
  if (option && !leaves(option.value).every((v) => v.kind === 'string')) return undefined;
  return request.method ? [request.method] : undefined;
}

function checkProof(proof: DpopProof, context: ProofContext, out: Collector, resolver: ValueResolver): void {
  if (proof.managed) return;
  const claims = proof.claims;
  const header = proof.header;
  const library = proof.library;
  const knowsAll = library === 'jose' || library === 'jsonwebtoken';
  const attachedAt = context.attachment?.dpop.expression;
  const claim = (name: string): ProofField | undefined => claims?.fields.get(name);
  const missing = (name: string): boolean => Boolean(claims && !claims.open && !claims.fields.has(name));

  const htu = claim('htu');
  if (htu) {
    const problem = htuProblem(htu, context.urls, resolver);
    if (problem) {
      const candidates = problem.kind === 'url-object' ? [htu.expression, problem.node] : [problem.node, htu.expression];
      if (problem.kind === 'passed-through') candidates.push(attachedAt);
      const fixable = problem.kind === 'href' || problem.kind === 'to-string' || problem.kind === 'url-object';
      const expression = problem.kind === 'query-literal' ? withoutQuery(problem.detail ?? '') : shortText(problem.node ?? htu.expression);
      out.add('dpop-htu-without-query', problem.kind, candidates, { expression }, fixable ? htuFix : undefined);
    }
  } else if (knowsAll && missing('htu')) out.add('dpop-valid-proof', 'missing-claim', [proof.anchor], { claim: 'htu' });

  const jti = claim('jti');
  if (jti) {
    const problem = jtiProblem(jti);
    if (problem) {
      const candidates = problem.kind === 'constant' || problem.kind === 'predictable' ? [jti.expression, problem.node] : [problem.node, jti.expression];
      out.add('dpop-fresh-jti', problem.kind, candidates, { expression: shortText(problem.node ?? jti.expression), detail: problem.detail ?? '' }, (node) =>
        isExpression(node) ? replaceExpression(node, 'crypto.randomUUID()') : undefined,
      );
    }
  } else if (knowsAll && missing('jti')) out.add('dpop-fresh-jti', 'missing', [proof.anchor]);

  const iat = claim('iat');
  if (iat) {
    const acceptsDate = isCallExpression(iat.node) && iat.node.expression.getText().endsWith('setIssuedAt');
    const problem = iatProblem(iat, acceptsDate);
    if (problem) out.add('dpop-valid-proof', `iat-${problem.kind}`, [problem.node, iat.expression], { expression: shortText(problem.node ?? iat.expression) });
  } else if (knowsAll && missing('iat')) out.add('dpop-valid-proof', 'iat-missing', [proof.anchor]);

  const htm = claim('htm');
  if (htm) {
    const problem = htmProblem(htm, context.methods, context.axiosHook);
    if (problem) {
      const candidates = problem.kind === 'invalid' ? [problem.node, htm.expression] : [problem.node, htm.expression, attachedAt];
      out.add('dpop-valid-proof', `htm-${problem.kind}`, candidates, { htm: problem.kind === 'mismatch' ? literalText(htm) : (problem.detail ?? ''), method: problem.detail ?? '' });
    }
  } else if (knowsAll && missing('htm')) out.add('dpop-valid-proof', 'missing-claim', [proof.anchor], { claim: 'htm' });

  const written = claim('ath');
  const ath = written && !isLeftOut(written, proof.env, resolver) ? written : undefined;
  if (ath) {
    const problem = athProblem(ath, context.tokens ?? [], resolver);
    if (problem) out.add('dpop-require-ath', problem.kind, [problem.node, ath.expression], { detail: problem.detail ?? '' });
  } else if (context.tokens && (written || missing('ath'))) {
    const problem = library === 'dpop' ? dpopPackageMissing(proof) : 'missing';
    // Reached through a helper call, the call that sends the proof is where the token is left out.
    out.add('dpop-require-ath', problem, proof.env && proof.env.size > 0 ? [attachedAt, proof.anchor] : [proof.anchor, attachedAt]);
  }

  if (header) checkHeader(proof, header.fields, !header.open, out, resolver);
}

function checkHeader(proof: DpopProof, fields: ReadonlyMap<string, ProofField>, closed: boolean, out: Collector, resolver: ValueResolver): void {
  const typ = fields.get('typ');
  if (typ && !typ.implicit) {
    const wrong = leaves(typ.value).find((v) => v.kind === 'string' && v.value.toLowerCase() !== 'dpop+jwt');
    if (wrong?.kind === 'string') out.add('dpop-valid-proof', 'typ', [wrong.node, typ.expression], { typ: wrong.value });
  } else if (!typ && closed && proof.library !== 'hand-built') out.add('dpop-valid-proof', proof.library === 'jsonwebtoken' ? 'typ-default' : 'typ-missing', [proof.anchor]);

  const alg = fields.get('alg');
  if (alg && !alg.implicit) {
    const wrong = leaves(alg.value).find((v) => v.kind === 'string' && /^(?:HS\d+|none)$/i.test(v.value));
    if (wrong?.kind === 'string') out.add('dpop-valid-proof', 'alg', [wrong.node, alg.expression], { alg: wrong.value });
  } else if (!alg && closed && proof.library === 'jsonwebtoken') out.add('dpop-valid-proof', 'alg-default', [proof.anchor]);

  const jwk = fields.get('jwk');
  if (jwk) {
    const problem = jwkProblem(jwk, resolver);
    if (problem) out.add('dpop-public-jwk-only', problem.kind, [problem.node, jwk.expression], { detail: problem.detail ?? '' });
  } else if (closed && (proof.library === 'jose' || proof.library === 'jsonwebtoken')) out.add('dpop-valid-proof', 'jwk-missing', [proof.anchor]);
}

/** `generateProof(keyPair, htu, htm)` without the token; with the token passed where the nonce goes, say so. */
function dpopPackageMissing(proof: DpopProof): string {
  const call = proof.node as ts.CallExpression;
  const nonce = call.arguments[3];
  return nonce && nameWords(shortText(nonce)).includes('token') ? 'token-as-nonce' : 'missing-argument';
}

function literalText(field: ProofField): string {
  const value = leaves(field.value).find((v) => v.kind === 'string');
  return value?.kind === 'string' ? value.value : '';
}

function htuFix(node: ts.Node): TextEdit | undefined {
  const text = originPathname(node);
  return text && isExpression(node) ? replaceExpression(node, text) : undefined;
}

/** Replaces an expression, keeping shorthand properties valid and adding parentheses where precedence needs them. */
function replaceExpression(node: ts.Expression, text: string): TextEdit {
  const parent = node.parent;
  if (parent && isShorthandPropertyAssignment(parent)) return { range: [parent.getStart(), parent.end], text: `${parent.name.text}: ${text}` };
  const bare =
    !parent ||
    isPropertyAssignment(parent) ||
    isVariableDeclaration(parent) ||
    isCallExpression(parent) ||
    isNewExpression(parent) ||
    isTemplateSpan(parent) ||
    isReturnStatement(parent) ||
    isArrayLiteralExpression(parent) ||
    isParenthesizedExpression(parent) ||
    isAwaitExpression(parent) ||
    (isBinaryExpression(parent) && parent.operatorToken.kind === Kind.EqualsToken) ||
    !/[+\s]/.test(text);
  return { range: [node.getStart(), node.end], text: bare ? text : `(${text})` };
}

/** A URL up to its query or fragment, which may hold values that must not be printed. */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : `${url.slice(0, cut)}${url[cut]}…`;
}

function shortText(node: ts.Node | undefined): string {
  if (!node || node.pos < 0) return '';
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * `publicJwk: await exportJWK(privateKey)`: a private key exported into a value named as the
 * public key, which the code that builds proofs later puts in the `jwk` header.
 */
function privateKeysNamedPublic(analysis: FileAnalysis, out: Collector): void {
  const { resolver, sourceFile } = analysis;
  if (!/export(?:JWK|Key)?\s*\(/.test(sourceFile.text)) return;
  for (const call of indexFile(sourceFile).calls) {
    const callee = skipOuter(call.expression);
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (name !== 'exportJWK' && name !== 'export' && name !== 'exportKey') continue;
    const target = destinationName(call);
    if (!target || !isPublicName(target)) continue;
    const exported = privateExport(resolver.value(call), resolver);
    if (exported) out.add('dpop-public-jwk-only', 'private-as-public', [call], { name: target, detail: exported });
  }
}

/** The variable or property a call's result is stored in, through `await` and parentheses. */
function destinationName(call: ts.CallExpression): string | undefined {
  let node: ts.Node = call;
  while (node.parent && (isAwaitExpression(node.parent) || isParenthesizedExpression(node.parent) || isAsExpression(node.parent))) node = node.parent;
  const parent = node.parent;
  if (!parent) return undefined;
  if ((isVariableDeclaration(parent) || isPropertyAssignment(parent) || isPropertyDeclaration(parent)) && parent.initializer === node) return parent.name.getText();
  if (isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === Kind.EqualsToken) return parent.left.getText();
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Proof reuse

/** Why a DPoP header value is not a fresh proof per request, phrased to complete "This DPoP proof ...". */
function reuseOf(attachment: ProofAttachment, all: readonly ProofAttachment[]): string | undefined {
  const expression = unwrap(attachment.dpop.expression);
  const origin = sharedOrigin(expression);
  if (origin?.scope === 'class') return `is kept in \`${origin.name}\` and reused by every request`;
  if (origin) return `comes from \`${origin.name}\`, computed once when the module loads, and every request reuses it`;
  const value = attachment.dpop.value();
  const values = leaves(value);
  if (values.length > 0 && values.every((v) => v.kind === 'string')) return 'is a fixed string, so every request sends the same proof';
  if (isIdentifier(expression)) {
    const declaration = findDeclaration(expression);
    if (declaration && isVariableDeclaration(declaration)) {
      if (outsideRetry(attachment.dpop.node, declaration)) return `is computed once, before the retries, and every attempt resends \`${expression.text}\``;
      const earlier = all.filter((other) => other.dpop.expression.pos < attachment.dpop.expression.pos && sameVariable(other.dpop.expression, declaration));
      if (earlier.length > 0) return `in \`${expression.text}\` is sent with more than one request`;
    }
  }
  if (isCallExpression(expression) && cachesProof(expression)) return 'comes from a cache or memoised function, so requests reuse the same proof';
  if (isModuleScope(attachment.dpop.node) && value.kind !== 'function') return 'is computed once, when the module loads, and every request reuses it';
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = skipOuter(expression);
  while (isAwaitExpression(current)) current = skipOuter(current.expression);
  return current;
}

function sameVariable(expression: ts.Expression, declaration: ts.Node): boolean {
  const inner = unwrap(expression);
  return isIdentifier(inner) && findDeclaration(inner) === declaration;
}

/** The header is set inside a loop or retry callback that the proof variable is declared outside of. */
function outsideRetry(node: ts.Node, declaration: ts.VariableDeclaration): boolean {
  const scope = enclosingFunction(declaration) ?? declaration.getSourceFile();
  for (let current = node.parent; current && current !== scope; current = current.parent) {
    if (declaration.pos >= current.pos && declaration.end <= current.end) return false;
    if (isIterationStatement(current, false)) return true;
    if ((isArrowFunction(current) || isFunctionExpression(current)) && current.parent && isCallExpression(current.parent)) {
      const callee = current.parent.expression.getText();
      if (RETRY_CALLEE.test(callee)) return true;
    }
  }
  return false;
}

/** A proof-producing call that is memoised (`memoize(fn)`, `once(fn)`) or returns a cached proof. */
function cachesProof(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!isIdentifier(callee) && !isPropertyAccessExpression(callee)) return false;
  const name = isIdentifier(callee) ? callee : callee.name;
  const declaration = isIdentifier(name) ? findDeclaration(name) : undefined;
  if (declaration && isVariableDeclaration(declaration) && declaration.initializer) {
    const init = unwrap(declaration.initializer);
    if (isCallExpression(init) && MEMO_CALLEE.test(init.expression.getText())) return true;
  }
  const fn = functionOf(declaration, callee);
  if (!fn?.body || !isBlock(fn.body)) return false;
  return returnsCached(fn);
}

function functionOf(declaration: ts.Node | undefined, callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  if (declaration && isFunctionDeclaration(declaration)) return declaration;
  if (declaration && isVariableDeclaration(declaration) && declaration.initializer) {
    const init = unwrap(declaration.initializer);
    if (isArrowFunction(init) || isFunctionExpression(init)) return init;
  }
  if (isPropertyAccessExpression(callee) && callee.expression.kind === Kind.ThisKeyword) {
    for (let current = callee.parent; current; current = current.parent) {
      if (isClassLike(current)) {
        const method = current.members.find((m) => isMethodDeclaration(m) && m.name.getText() === callee.name.text);
        return method as ts.MethodDeclaration | undefined;
      }
    }
  }
  return undefined;
}

/** A function returning a variable or field that outlives the call (`return cached`, `cache.get(key)`). */
function returnsCached(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body as ts.Block;
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (node !== body && isFunctionLike(node)) continue;
    if (isReturnStatement(node) && node.expression && outlivesCall(unwrap(node.expression), fn)) return true;
    forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

function outlivesCall(expression: ts.Expression, fn: ts.FunctionLikeDeclaration): boolean {
  let target = expression;
  if (isBinaryExpression(target) && target.operatorToken.kind === Kind.QuestionQuestionEqualsToken) target = target.left;
  if (isCallExpression(target) && isPropertyAccessExpression(target.expression) && target.expression.name.text === 'get') {
    target = target.expression.expression;
  }
  if (isPropertyAccessExpression(target) && target.expression.kind === Kind.ThisKeyword) return true;
  if (!isIdentifier(target)) return false;
  const declaration = findDeclaration(target);
  if (!declaration || !isVariableDeclaration(declaration)) return false;
  const inside = declaration.pos >= fn.pos && declaration.end <= fn.end;
  return !inside && (declaration.parent.flags & Flags.Const) === 0 ? true : !inside && isMapLike(declaration);
}

function isMapLike(declaration: ts.VariableDeclaration): boolean {
  const init = declaration.initializer && unwrap(declaration.initializer);
  return Boolean(init && isNewExpression(init) && /^(?:Map|WeakMap|LRUCache|LRU)$/.test(init.expression.getText()));
}

// ---------------------------------------------------------------------------------------------
// Authorization scheme

interface Scheme {
  readonly scheme: 'bearer' | 'dpop' | 'basic' | 'other';
  /** The literal holding the scheme word. */
  readonly node: ts.Node | undefined;
  /** The values after the scheme word: the token. */
  readonly token: readonly Value[];
}

/**
 * The scheme of an Authorization value (`Bearer ${token}`, `'DPoP ' + token`) and its token parts.
 * When the value can take several schemes (`dpop ? 'DPoP ' + t : 'Bearer ' + t`), DPoP wins: the
 * code knows about the DPoP scheme and picks it when it applies.
 */
function schemeOf(value: Value): Scheme | undefined {
  const options = value.kind === 'alternatives' ? value.options : [value];
  const schemes: Scheme[] = [];
  for (const option of options) {
    const parts = option.kind === 'concat' ? option.parts : [option];
    const first = parts[0];
    if (first?.kind !== 'string') continue;
    const match = /^\s*(bearer|dpop|basic)\b/i.exec(first.value);
    if (!match) {
      schemes.push({ scheme: 'other', node: first.node, token: [] });
      continue;
    }
    const scheme = (match[1] as string).toLowerCase() as Scheme['scheme'];
    const rest = first.value.slice(match[0].length).trim();
    schemes.push({ scheme, node: first.node, token: rest ? [first, ...parts.slice(1)] : parts.slice(1) });
  }
  return schemes.find((s) => s.scheme === 'dpop') ?? schemes[0];
}

function bearerFix(scheme: Scheme, sourceFile: ts.SourceFile): ((node: ts.Node) => TextEdit | undefined) | undefined {
  const literal = scheme.node;
  if (!literal || literal.pos < 0 || literal.getSourceFile() !== sourceFile) return undefined;
  const start = literal.getStart(sourceFile);
  const offset = literal.getText(sourceFile).search(/bearer/i);
  if (offset < 0) return undefined;
  return () => ({ range: [start + offset, start + offset + 'Bearer'.length], text: 'DPoP' });
}

function authorizationFindings(analysis: FileAnalysis, attachments: readonly ProofAttachment[], out: Collector): void {
  const { resolver, sourceFile, settings } = analysis;
  const done = new Set<ts.Node>();
  for (const attachment of attachments) {
    const authorization = attachment.authorization;
    const scheme = authorization && schemeOf(authorization.value());
    if (!authorization || scheme?.scheme !== 'bearer') continue;
    done.add(authorization.expression);
    out.add('dpop-authorization-scheme', 'bearer-with-proof', [authorization.expression, scheme.node, attachment.dpop.expression], {}, bearerFix(scheme, sourceFile));
  }
  if (settings.dpop === 'never' || !/bearer/i.test(sourceFile.text)) return;
  const tangoRequests = settings.dpop === 'always' ? new Set(analysis.tangoRequests.map((t) => t.request)) : new Set<HttpRequest>();
  const knowsDpopType = TOKEN_TYPE_DPOP.test(sourceFile.text);
  const sites: { site: HeaderSite; request: HttpRequest | undefined }[] = [];
  for (const request of analysis.requests) {
    const authorization = requestHeaders(request, resolver).authorization;
    if (authorization) sites.push({ site: authorization, request });
  }
  for (const group of headerGroups(sourceFile, resolver, undefined, true)) if (group.authorization) sites.push({ site: group.authorization, request: undefined });
  for (const { site, request } of sites) {
    if (done.has(site.expression)) continue;
    const scheme = schemeOf(site.value());
    if (scheme?.scheme !== 'bearer') continue;
    const evidence = knowsDpopType ? 'token_type' : scheme.token.some((t) => fromDpopTokenRequest(t, resolver)) ? 'request' : undefined;
    const problem = evidence === 'token_type' ? 'bearer-token-type' : evidence === 'request' ? 'bearer-dpop-token' : request && tangoRequests.has(request) ? 'bearer-always' : undefined;
    if (!problem) continue;
    done.add(site.expression);
    out.add('dpop-authorization-scheme', problem, [site.expression, scheme.node, request?.node.expression], {}, bearerFix(scheme, sourceFile));
  }
}

/** A token read from the response of a request that sent a DPoP proof (the token is DPoP-bound). */
function fromDpopTokenRequest(token: Value, resolver: ValueResolver): boolean {
  let current: Value | undefined = token;
  for (let step = 0; current && step < 10; step++) {
    if (current.kind === 'member') current = current.object;
    else if (current.kind === 'call') {
      const node = current.node;
      if (isCallExpression(node) && current.callee.kind !== 'member') {
        const request = requestAt(node, resolver);
        if (request) return Boolean(requestHeaders(request, resolver).dpop);
        return false;
      }
      if (isCallExpression(node) && current.callee.kind === 'member') {
        const request = requestAt(node, resolver);
        if (request) return Boolean(requestHeaders(request, resolver).dpop);
        current = current.callee.object;
      } else return false;
    } else return false;
  }
  return false;
}
