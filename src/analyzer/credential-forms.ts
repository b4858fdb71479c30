import type ts from 'typescript';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { skipOuter } from './values.js';
import { isIdentifier, isNewExpression, isPropertyAccessExpression, isSpreadElement, isStringLiteralLike, isTemplateHead, isTemplateMiddle, isTemplateTail } from './syntax.js';

/** A piece of a string value: known text with the literal it comes from, or a hole. */
export type Segment =
  | {
      readonly text: string;
      /** The literal the text is written in (a template piece stands for its template). */
      readonly node: ts.Node;
      /** Set when the text is the fallback of `process.env.<env>`. */
      readonly env?: string;
    }
  | { readonly hole: Value };

/** One way a string value can be spelled. */
export type Form = readonly Segment[];

const MAX_FORMS = 12;
const MAX_DEPTH = 12;

/**
 * The spellings of a string value, keeping the literal behind each piece of known text so a
 * finding can point at it. Conversions that keep the text (`String(x)`, `Buffer.from(x)`,
 * `new TextEncoder().encode(x)`, `x.trim()`, `x.toString()`) are seen through; an environment
 * variable is a hole followed by the forms of its fallback.
 */
export function credentialForms(value: Value, resolver: ValueResolver, depth = 0): Form[] {
  if (depth > MAX_DEPTH) return [[{ hole: value }]];
  switch (value.kind) {
    case 'string':
      return [[{ text: value.value, node: literalNode(value.node) }]];
    case 'number':
      return [[{ text: String(value.value), node: value.node }]];
    case 'concat': {
      let forms: Form[] = [[]];
      for (const part of value.parts) {
        const partForms = credentialForms(part, resolver, depth + 1);
        const next: Form[] = [];
        for (const form of forms) for (const partForm of partForms) if (next.length < MAX_FORMS) next.push([...form, ...partForm]);
        forms = next;
      }
      return forms;
    }
    case 'alternatives':
      return value.options.flatMap((option) => credentialForms(option, resolver, depth + 1)).slice(0, MAX_FORMS);
    case 'env': {
      const fallbacks = value.fallback ? credentialForms(value.fallback, resolver, depth + 1) : [];
      const marked = fallbacks.map((form) => form.map((segment) => ('text' in segment && !segment.env ? { ...segment, env: value.name } : segment)));
      return [[{ hole: value }], ...marked].slice(0, MAX_FORMS);
    }
    case 'call': {
      const inner = passThrough(value, resolver);
      return inner ? credentialForms(inner, resolver, depth + 1) : [[{ hole: value }]];
    }
    default:
      return [[{ hole: value }]];
  }
}

/** A template's pieces are reported as the whole template. */
function literalNode(node: ts.Node): ts.Node {
  if (isTemplateHead(node)) return node.parent;
  if (isTemplateMiddle(node) || isTemplateTail(node)) return node.parent.parent;
  return node;
}

/** The value a text-preserving conversion call wraps. */
function passThrough(value: ValueOf<'call'>, resolver: ValueResolver): Value | undefined {
  const node = value.node;
  const [first, second] = value.args;
  const callee = skipOuter(node.expression);
  if (value.callee.kind === 'global' && first && !isSpreadElement(first)) {
    if (value.callee.name === 'String') return resolver.value(first, value.env);
    if (value.callee.name === 'Buffer.from' && (!second || isTextEncoding(second))) return resolver.value(first, value.env);
  }
  if (!isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if ((method === 'trim' || method === 'toString') && !first) return resolver.value(callee.expression, value.env);
  if (method === 'encode' && first && !isSpreadElement(first)) {
    const encoder = skipOuter(callee.expression);
    if (isNewExpression(encoder) && isIdentifier(encoder.expression) && encoder.expression.text === 'TextEncoder') {
      return resolver.value(first, value.env);
    }
  }
  return undefined;
}

function isTextEncoding(expression: ts.Expression): boolean {
  return isStringLiteralLike(expression) && /^utf-?8$|^ascii$|^latin1$|^binary$/i.test(expression.text);
}

/** The known text of a form when it has no holes. */
export function formText(form: Form): string | undefined {
  let text = '';
  for (const segment of form) {
    if (!('text' in segment)) return undefined;
    text += segment.text;
  }
  return text;
}

/** Runs of consecutive known text in a form, each with the literal contributing most of it. */
export function textRuns(form: Form): { text: string; node: ts.Node; env: string | undefined }[] {
  const runs: { text: string; node: ts.Node; env: string | undefined }[] = [];
  let current: { text: string; node: ts.Node; env: string | undefined; longest: number } | undefined;
  for (const segment of form) {
    if (!('text' in segment)) {
      if (current) runs.push(current);
      current = undefined;
      continue;
    }
    if (!current) {
      current = { text: segment.text, node: segment.node, env: segment.env, longest: segment.text.length };
    } else {
      current.text += segment.text;
      if (segment.text.length > current.longest) {
        current.node = segment.node;
        current.longest = segment.text.length;
      }
      current.env ??= segment.env;
    }
  }
  if (current) runs.push(current);
  return runs.filter((run) => run.text !== '').map(({ text, node, env }) => ({ text, node, env }));
}

/** The part of a form after the first `:` in its known text (the password of `user:password`). */
export function afterColon(form: Form): Form | undefined {
  for (let i = 0; i < form.length; i++) {
    const segment = form[i] as Segment;
    if (!('text' in segment)) continue;
    const colon = segment.text.indexOf(':');
    if (colon < 0) continue;
    const rest = segment.text.slice(colon + 1);
    return [...(rest ? [{ ...segment, text: rest }] : []), ...form.slice(i + 1)];
  }
  return undefined;
}

/** Authorization schemes whose credential follows a space. */
const SCHEMES = /^\s*(Basic|Bearer|DPoP|Token|Digest|ApiKey|Api-Key|Key|SSWS|OAuth)\s+/i;

/** The scheme of an `Authorization` form and the form of its credential. */
export function authorizationParts(form: Form): { scheme: string | undefined; credential: Form } {
  const first = form[0];
  if (!first || !('text' in first)) return { scheme: undefined, credential: form };
  const match = SCHEMES.exec(first.text);
  if (!match) return { scheme: undefined, credential: form };
  const rest = first.text.slice(match[0].length);
  return { scheme: (match[1] as string).toLowerCase(), credential: [...(rest ? [{ ...first, text: rest }] : []), ...form.slice(1)] };
}
