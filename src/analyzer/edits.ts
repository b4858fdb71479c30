import type ts from 'typescript';

/** A text replacement: the rule layer turns it into an ESLint fix or suggestion. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** Removes a property of an object literal together with its separating comma. */
export function removeProperty(property: ts.ObjectLiteralElementLike): TextEdit {
  const object = property.parent as ts.ObjectLiteralExpression;
  const text = property.getSourceFile().text;
  const index = object.properties.indexOf(property);
  // The only property: leave `{}` rather than the spaces and comments around it.
  if (object.properties.length === 1) return { range: [object.getStart(), object.end], text: '{}' };
  const start = property.getStart();
  let end = property.end;
  const afterComma = skipSpaces(text, end);
  if (text[afterComma] === ',') {
    end = skipSpaces(text, afterComma + 1);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const eol = text[end] === '\r' ? end + 1 : end;
    if (text[eol] === '\n' && text.slice(lineStart, start).trim() === '') return { range: [lineStart, eol + 1], text: '' };
    return { range: [start, end], text: '' };
  }
  if (index > 0) {
    const previous = object.properties[index - 1] as ts.ObjectLiteralElementLike;
    return { range: [previous.end, end], text: '' };
  }
  return { range: [start, end], text: '' };
}

/** Removes a whole statement, with its line when it stands alone on it. */
export function removeStatement(statement: ts.Statement): TextEdit {
  const text = statement.getSourceFile().text;
  const start = statement.getStart();
  const end = statement.end;
  // Scan only the blanks around the statement: slicing its whole line is quadratic on minified code.
  const isBlank = (char: string): boolean => char !== '\n' && char.trim() === '';
  let lineStart = start;
  while (lineStart > 0 && isBlank(text.charAt(lineStart - 1))) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && isBlank(text.charAt(lineEnd))) lineEnd++;
  const aloneOnLine = (lineStart === 0 || text[lineStart - 1] === '\n') && (lineEnd === text.length || text[lineEnd] === '\n');
  if (aloneOnLine) return { range: [lineStart, lineEnd === text.length ? lineEnd : lineEnd + 1], text: '' };
  return { range: [start, end], text: '' };
}

/** Adds `name: value` to an object literal written in source. */
export function addProperty(object: ts.ObjectLiteralExpression, property: string): TextEdit {
  const last = object.properties[object.properties.length - 1];
  if (!last) return { range: [object.getStart(), object.end], text: `{ ${property} }` };
  return { range: [last.end, last.end], text: `, ${property}` };
}

/** Appends an argument to a call. */
export function addArgument(call: ts.CallExpression, argument: string): TextEdit {
  const args = call.arguments;
  const last = args[args.length - 1];
  if (!last) {
    const close = call.end - 1;
    return { range: [close, close], text: argument };
  }
  return { range: [last.end, last.end], text: `, ${argument}` };
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}
