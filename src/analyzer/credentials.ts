import path from 'node:path';
import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { Form } from './credential-forms.js';
import { afterColon, authorizationParts, credentialForms, formText, textRuns } from './credential-forms.js';
import type { CredentialName } from './credential-names.js';
import { credentialName } from './credential-names.js';
import type { Sink, SinkScope } from './credential-sinks.js';
import { ACCESS_TOKEN, PASSWORD, sinksOf } from './credential-sinks.js';
import type { TextEdit } from './edits.js';
import { indexFile } from './file-index.js';
import { findRequests } from './requests.js';
import type { TextWrites } from './text-hints.js';
import { mayReachCredentialHeader, mayReachCredentialParameter, textWrites, writesCredentialName, writesSinkName } from './text-hints.js';
import { decodeBasic, isObviouslyFake, judgeSecret, maskSecret, pemBlocks, placeholderReason } from './secrets.js';
import type { TangoSettings } from './settings.js';
import { nameWords } from './tango.js';
import { isTestFile } from './test-files.js';
import type { ValueResolver } from './values.js';
import { envVarName, propertyName, skipOuter } from './values.js';
import { Kind, isArrayLiteralExpression, isBinaryExpression, isElementAccessExpression, isJsxAttribute, isParenthesizedExpression, isPropertyAccessExpression, isStringLiteral, isStringLiteralLike } from './syntax.js';

export type CredentialProblem = 'hardcoded' | 'env-fallback' | 'basic-token' | 'private-key' | 'private-jwk' | 'imported';

/** A credential written in source. */
export interface CredentialFinding {
  readonly problem: CredentialProblem;
  /** The literal, or for `imported` the place in this file where the other file's literal is used. */
  readonly range: readonly [number, number];
  /** What the value is: "an API key", "a client secret". */
  readonly label: string;
  /** Where it is used, as code: "`apiKey`", "the `Authorization` header". */
  readonly where: string;
  /** The secret masked (see `maskSecret`); never the value itself. */
  readonly masked: string;
  /** For `env-fallback`: the variable. For `hardcoded`: the variable a fix would read. */
  readonly envName?: string;
  /** For `basic-token`: the user (a platform name, not a secret). */
  readonly user?: string;
  /** For `imported`: the file holding the literal, relative to this one. */
  readonly definedIn?: string;
  /** A safe rewrite, offered as a suggestion. */
  readonly fix?: TextEdit;
}

interface Scope extends SinkScope {
  readonly settings: TangoSettings;
  readonly root: string;
  /** Does the file's own text write a strong credential name (see `writesCredentialName`)? */
  readonly writesCredentialName: () => boolean;
  /** `local`: only literals of this file (what this file reports about its own literals). */
  readonly mode: 'local' | 'all';
}

/** Words a value may add to its name's words and still be a label: `password: 'passwordValue'`. */
const LABEL_FILLERS = new Set(['key', 'token', 'secret', 'password', 'value', 'id', 'name', 'the', 'my', 'your']);
/** Calls per file whose callee is resolved to find credential-named parameters: far more than hand-written code makes. */
const MAX_PARAMETER_CALLEES = 2_000;
/** The starts of a `Basic`, `Bearer` or `DPoP` value, a URL with a password, and a form string. */
const LITERAL_SHAPES = /^\s*(?:basic|bearer|dpop)\s|^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@|^[\w.%-]+=/i;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
/**
 * A word as a string literal can spell it: after its first letter, any letter may be written as
 * an identity escape (`B\earer`) or follow a line continuation (a backslash ending the line).
 */
function spelled(word: string): string {
  return [...word].map((letter, i) => (i === 0 ? letter : `(?:\\\\(?:\\r\\n?|[\\n\\u2028\\u2029]))*\\\\?${letter}`)).join('');
}

/**
 * What a file's text holds wherever `literalFindings` or `jwkFinding` can find something: a
 * scheme word, a URL with a user, a string opening with `key=`, a PEM block, a JWK's `kty`, or an
 * escape that names a character by its code (`\u0020`, `\x40`), which can spell any of them. The
 * one other case, a JSX attribute, is named like a strong credential, which `writesCredentialName`
 * looks for.
 */
const LITERAL_HINT = new RegExp(
  [spelled('basic'), spelled('bearer'), spelled('dpop'), ':\\/\\/[^/\\s@]*@', '[\'"`][\\w.%-]+=', '-----BEGIN ', spelled('kty'), '\\\\[ux0-7]'].join('|'),
  'i',
);

/**
 * Every credential written in the linted file, plus credentials written in other files of the
 * project that reach a credential sink here and that their own file does not report (so each
 * literal is reported once: at the literal when its file can tell, else at the sink).
 */
export function credentialFindings(analysis: FileAnalysis): readonly CredentialFinding[] {
  return analysis.memo('credentials:findings', () => {
    const scope: Scope = {
      sourceFile: analysis.sourceFile,
      resolver: analysis.resolver,
      settings: analysis.settings,
      root: analysis.project.root,
      mode: 'all',
      requests: () => analysis.requests,
      mayName: { own: () => writesSinkName(analysis), parameter: () => mayReachCredentialParameter(analysis), header: () => mayReachCredentialHeader(analysis) },
      writesCredentialName: () => writesCredentialName(analysis),
      calleeBudget: { left: MAX_PARAMETER_CALLEES },
    };
    return [...collect(scope).values()].sort((a, b) => a.range[0] - b.range[0]);
  });
}

const localCache = new WeakMap<ts.SourceFile, ReadonlySet<ts.Node>>();

/** The literals of a file that its own lint reports. */
function reportedInOwnFile(sourceFile: ts.SourceFile, scope: Scope): ReadonlySet<ts.Node> {
  let nodes = localCache.get(sourceFile);
  if (!nodes) {
    // The linted file's closure pre-checks hold for this file too: the linted file imports it.
    // Its own text is searched once, though both the literal and the sink search ask.
    let own: TextWrites | undefined;
    const writes = (): TextWrites => (own ??= textWrites(sourceFile.text));
    const mayName = scope.mayName && { ...scope.mayName, own: () => writes().sinkName };
    const local: Scope = { ...scope, sourceFile, mode: 'local', requests: () => findRequests(sourceFile, scope.resolver), mayName, writesCredentialName: () => writes().credentialName };
    nodes = new Set(collect(local).keys());
    localCache.set(sourceFile, nodes);
  }
  return nodes;
}

/** Findings keyed by the literal they are about (one finding per literal). */
function collect(scope: Scope): Map<ts.Node, CredentialFinding> {
  const findings = new Map<ts.Node, CredentialFinding>();
  const add = (node: ts.Node, finding: CredentialFinding): void => {
    if (!findings.has(node)) findings.set(node, finding);
  };
  // Most files write no literal that can be a credential by itself: they are not walked for one.
  if (LITERAL_HINT.test(scope.sourceFile.text) || scope.writesCredentialName()) {
    const index = indexFile(scope.sourceFile);
    for (const literal of index.strings) literalFindings(literal, scope, add);
    for (const property of index.properties) if (propertyName(property.name) === 'kty') jwkFinding(property.parent, scope, add);
  }
  for (const sink of sinksOf(scope)) sinkFindings(sink, scope, add);
  return findings;
}

type Add = (node: ts.Node, finding: CredentialFinding) => void;

/** Credentials recognisable from a literal alone: PEM keys, Basic and Bearer tokens, URL passwords, form strings. */
function literalFindings(literal: ts.StringLiteralLike, scope: Scope, add: Add): void {
  const text = literal.text;
  if (text.length < 6) return;
  // One test for what every check below needs; most literals fail it at their first characters.
  if (!LITERAL_SHAPES.test(text) && !text.includes('-----BEGIN ') && !(literal.parent && isJsxAttribute(literal.parent))) return;
  // Computed on demand: most literals hold no credential, and a node's start means skipping trivia.
  let computed: readonly [number, number] | undefined;
  const range = (): readonly [number, number] => (computed ??= rangeOf(literal));
  if (text.includes('-----BEGIN ')) {
    const block = pemBlocks(pemText(literal, scope.resolver)).find((b) => b.isPrivate && b.plausible);
    if (block && !(isTest(literal, scope) && isObviouslyFake(block.body, 'key'))) {
      add(literal, { problem: 'private-key', range: range(), label: 'a PEM private key', where: `a \`${block.label}\` block`, masked: maskSecret(block.body) });
    }
    return;
  }
  const basic = /^\s*Basic\s+([A-Z0-9+/]+={0,2})\s*$/i.exec(text);
  if (basic) {
    const decoded = decodeBasic(basic[1] as string);
    if (decoded && reportable(decoded.password, PASSWORD, literal, scope)) {
      add(literal, { problem: 'basic-token', range: range(), label: 'a Basic credential', where: 'a pre-encoded `Basic` token', masked: maskSecret(decoded.password), user: decoded.user });
    }
    return;
  }
  const bearer = /^\s*(?:Bearer|DPoP)\s+(\S+)\s*$/i.exec(text);
  if (bearer) {
    const token = bearer[1] as string;
    if (reportable(token, ACCESS_TOKEN, literal, scope)) add(literal, hardcoded(range(), ACCESS_TOKEN, 'an `Authorization` value', token));
    return;
  }
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i.exec(text);
  if (userinfo) {
    const password = safeDecode(userinfo[1] as string);
    if (reportable(password, PASSWORD, literal, scope)) add(literal, hardcoded(range(), PASSWORD, 'the password of a URL', password));
    return;
  }
  if (text.includes('=') && /^[\w.%-]+=/.test(text)) {
    for (const [key, value] of formPairs(text)) {
      const name = credentialName(key);
      if (name?.strength === 'strong' && reportable(value, name, literal, scope)) {
        add(literal, hardcoded(range(), name, `\`${key}\` in a form body`, value));
        return;
      }
    }
  }
  const parent = literal.parent;
  if (parent && isJsxAttribute(parent)) {
    const name = credentialName(parent.name.getText());
    if (name?.strength === 'strong' && reportable(text, name, literal, scope)) add(literal, hardcoded(range(), name, `\`${parent.name.getText()}\``, text));
  }
}

/** A private JWK written as an object literal: `{ kty, ..., d }` (or `k` of a symmetric `oct` key). */
function jwkFinding(object: ts.ObjectLiteralExpression, scope: Scope, add: Add): void {
  const { resolver } = scope;
  const value = resolver.value(object);
  if (value.kind !== 'object') return;
  const kty = resolver.property(value, 'kty');
  const members = kty?.kind === 'string' && kty.value === 'oct' ? ['k'] : PRIVATE_JWK_MEMBERS;
  for (const member of members) {
    const memberValue = resolver.property(value, member);
    if (!memberValue) continue;
    for (const form of credentialForms(memberValue, resolver)) {
      for (const run of textRuns(form)) {
        if (!isOwn(run.node, scope)) continue;
        if (placeholderReason(run.text) || !/^[\w-]{16,}={0,2}$/.test(run.text)) continue;
        if (isTest(run.node, scope) && isObviouslyFake(run.text, 'key')) continue;
        add(run.node, { problem: 'private-jwk', range: rangeOf(run.node), label: 'a private JWK', where: `\`${member}\``, masked: maskSecret(run.text) });
        return;
      }
    }
  }
}

/** Follows a sink's value to the literals it can be and reports the credential ones. */
function sinkFindings(sink: Sink, scope: Scope, add: Add): void {
  for (const form of credentialForms(sink.value(), scope.resolver)) {
    for (const candidate of candidatesOf(form, sink)) {
      const { node, text } = candidate;
      if (!reportable(text, candidate.name, node, scope)) continue;
      if (isOwn(node, scope)) {
        add(node, ownFinding(sink, candidate, scope));
      } else if (scope.mode === 'all' && !reportedInOwnFile(node.getSourceFile(), scope).has(node)) {
        add(node, {
          problem: 'imported',
          range: rangeOf(sink.holder),
          label: candidate.name.label,
          where: sink.where,
          masked: maskSecret(text),
          definedIn: relativeFile(scope.sourceFile, node.getSourceFile()),
        });
      }
    }
  }
}

interface Candidate {
  readonly text: string;
  readonly node: ts.Node;
  readonly env: string | undefined;
  readonly name: CredentialName;
  readonly user?: string;
}

/** The credential texts of one form of a sink's value, after removing schemes and user names. */
function candidatesOf(form: Form, sink: Sink): Candidate[] {
  let credential: Form | undefined = form;
  let name = sink.name;
  if (sink.shape === 'authorization') {
    const { scheme, credential: rest } = authorizationParts(form);
    credential = rest;
    // Without a scheme, only a generated-looking value is a token: `authorization: 'granted'` is a word.
    if (scheme === undefined) name = { ...name, strength: 'generic' };
    if (scheme === 'basic') {
      const text = formText(rest);
      const decoded = text === undefined ? undefined : decodeBasic(text.trim());
      const run = textRuns(rest)[0];
      if (!decoded || !run) return [];
      return [{ text: decoded.password, node: run.node, env: run.env, name: PASSWORD, user: decoded.user }];
    }
  } else if (sink.shape === 'basic-pair') {
    credential = afterColon(form);
    name = PASSWORD;
  }
  if (!credential) return [];
  return textRuns(credential).map((run) => ({ ...run, name }));
}

function ownFinding(sink: Sink, candidate: Candidate, scope: Scope): CredentialFinding {
  const range = rangeOf(candidate.node);
  const env = sink.envName ?? candidate.env;
  const masked = maskSecret(candidate.text);
  if (candidate.user !== undefined) {
    return { problem: 'basic-token', range, label: 'a Basic credential', where: 'a pre-encoded `Basic` token', masked, user: candidate.user };
  }
  if (env !== undefined) {
    const fix = removeFallbackFix(candidate.node, scope);
    return { problem: 'env-fallback', range, label: candidate.name.label, where: sink.where, masked, envName: env, ...(fix ? { fix } : {}) };
  }
  const direct = sink.direct && skipOuter(sink.direct.expression) === candidate.node ? sink.direct : undefined;
  const fix = direct && canSuggestEnv(candidate.node, scope) ? { range, text: `process.env.${direct.envName}` } : undefined;
  return { ...hardcoded(range, candidate.name, sink.where, candidate.text), ...(direct ? { envName: direct.envName } : {}), ...(fix ? { fix } : {}) };
}

function hardcoded(range: readonly [number, number], name: CredentialName, where: string, text: string): CredentialFinding {
  return { problem: 'hardcoded', range, label: name.label, where, masked: maskSecret(text) };
}

/** Whether a text at a credential place is a credential worth reporting, given where its literal lives. */
function reportable(text: string, name: CredentialName, literal: ts.Node, scope: Scope): boolean {
  if (isLabelOf(text, name)) return false;
  const judgement = judgeSecret(text, name.context);
  if (judgement.look === 'placeholder' || judgement.look === 'not-secret') return false;
  if (name.strength === 'generic' && (judgement.look !== 'random' || text.length < 16)) return false;
  return !(isTest(literal, scope) && isObviouslyFake(text, name.context));
}

/** A value that only repeats the words of its name names a storage key or a field: `REFRESH_TOKEN = 'refresh'`. */
function isLabelOf(text: string, name: CredentialName): boolean {
  if (name.words.length === 0) return false;
  const words = nameWords(text);
  return words.length > 0 && words.every((word) => name.words.includes(word) || LABEL_FILLERS.has(word));
}

function isTest(node: ts.Node, scope: Scope): boolean {
  return isTestFile(node.getSourceFile().fileName, scope.root, scope.settings);
}

function isOwn(node: ts.Node, scope: Scope): boolean {
  return node.getSourceFile() === scope.sourceFile;
}

/** The whole text of a PEM literal: alone, or joined with the literals it is concatenated with. */
function pemText(literal: ts.StringLiteralLike, resolver: ValueResolver): string {
  let outer: ts.Node = literal;
  while (outer.parent && (isBinaryExpression(outer.parent) && outer.parent.operatorToken.kind === Kind.PlusToken || isParenthesizedExpression(outer.parent))) {
    outer = outer.parent;
  }
  if (outer.parent && isArrayLiteralExpression(outer.parent)) {
    return outer.parent.elements.map((e) => (isStringLiteralLike(e) ? e.text : '')).join('\n');
  }
  if (outer === literal) return literal.text;
  const form = credentialForms(resolver.value(outer as ts.Expression), resolver)[0];
  return form ? form.map((s) => ('text' in s ? s.text : '')).join('') : literal.text;
}

function formPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    const equals = part.indexOf('=');
    if (equals > 0) pairs.push([safeDecode(part.slice(0, equals)), safeDecode(part.slice(equals + 1))]);
  }
  return pairs;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A literal in a JavaScript file that already reads `process.env`, outside tests: `process.env.NAME` is a safe replacement there. */
function canSuggestEnv(node: ts.Node, scope: Scope): boolean {
  const file = scope.sourceFile;
  return isStringLiteral(node) && /\.[cm]?jsx?$/.test(file.fileName) && file.text.includes('process.env') && !isTest(node, scope);
}

/** `process.env.X || 'literal'` → `process.env.X`, in JavaScript files. */
function removeFallbackFix(node: ts.Node, scope: Scope): TextEdit | undefined {
  const binary = node.parent;
  if (!binary || !isBinaryExpression(binary) || skipOuter(binary.right) !== node || !canSuggestEnv(node, scope)) return undefined;
  const left = skipOuter(binary.left);
  if (!(isPropertyAccessExpression(left) || isElementAccessExpression(left)) || envVarName(left) === undefined) return undefined;
  return { range: [binary.getStart(), binary.end], text: binary.left.getText() };
}

function rangeOf(node: ts.Node): readonly [number, number] {
  return [node.getStart(), node.end];
}

function relativeFile(from: ts.SourceFile, to: ts.SourceFile): string {
  const relative = path.relative(path.dirname(from.fileName), to.fileName).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
