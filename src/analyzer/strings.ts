import type { Value, ValueResolver } from './values.js';

/** One way a string can be spelled: known text and holes whose text is not known. */
export type StringForm = readonly (string | Value)[];

const MAX_FORMS = 12;

/**
 * The forms a string value can take. Environment variables give a hole (their name is in the
 * hole) and, when they have a fallback, the fallback's forms too. `new URL(path, base)` joins
 * base and path.
 */
export function stringForms(value: Value, resolver: ValueResolver, depth = 0): StringForm[] {
  if (depth > 12) return [[value]];
  switch (value.kind) {
    case 'string':
      return [[value.value]];
    case 'number':
    case 'boolean':
      return [[String(value.value)]];
    case 'concat': {
      let forms: StringForm[] = [[]];
      for (const part of value.parts) {
        const partForms = stringForms(part, resolver, depth + 1);
        const next: StringForm[] = [];
        for (const form of forms) {
          for (const partForm of partForms) {
            if (next.length >= MAX_FORMS) break;
            next.push(join(form, partForm));
          }
        }
        forms = next;
      }
      return forms;
    }
    case 'alternatives':
      return value.options.flatMap((option) => stringForms(option, resolver, depth + 1)).slice(0, MAX_FORMS);
    case 'env':
      return [[value], ...(value.fallback ? stringForms(value.fallback, resolver, depth + 1) : [])].slice(0, MAX_FORMS);
    case 'call': {
      const url = urlConstructorForms(value, resolver, depth);
      if (url) return url;
      return [[value]];
    }
    default:
      return [[value]];
  }
}

function urlConstructorForms(value: Extract<Value, { kind: 'call' }>, resolver: ValueResolver, depth: number): StringForm[] | undefined {
  if (value.callee.kind !== 'global' || value.callee.name !== 'URL') return undefined;
  const [pathArg, baseArg] = value.args;
  if (!pathArg) return undefined;
  const paths = stringForms(resolver.value(pathArg, value.env), resolver, depth + 1);
  if (!baseArg) return paths;
  const bases = stringForms(resolver.value(baseArg, value.env), resolver, depth + 1);
  const forms: StringForm[] = [];
  for (const path of paths) {
    if (typeof path[0] === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(path[0])) {
      forms.push(path);
      continue;
    }
    for (const base of bases) forms.push(join(base, path));
  }
  return forms.slice(0, MAX_FORMS);
}

function join(a: StringForm, b: StringForm): StringForm {
  const last = a[a.length - 1];
  const first = b[0];
  if (typeof last === 'string' && typeof first === 'string') return [...a.slice(0, -1), last + first, ...b.slice(1)];
  return [...a, ...b];
}

/** The text before the first hole of a form. */
export function leadingText(form: StringForm): string {
  const first = form[0];
  return typeof first === 'string' ? first : '';
}

/** The forms of `base` joined with `path`, as clients join a base URL with a relative path. */
export function joinUrl(base: Value | undefined, path: Value | undefined, resolver: ValueResolver): StringForm[] {
  const paths = path ? stringForms(path, resolver) : [['']];
  if (!base) return paths;
  const bases = stringForms(base, resolver);
  const forms: StringForm[] = [];
  for (const p of paths) {
    const head = leadingText(p);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(head)) {
      forms.push(p);
      continue;
    }
    for (const b of bases) {
      const tail = leadingText(b.slice(-1));
      const needsSlash = head !== '' && !head.startsWith('/') && !tail.endsWith('/');
      forms.push(join(join(b, needsSlash ? ['/'] : []), p));
    }
  }
  return forms.slice(0, MAX_FORMS);
}
