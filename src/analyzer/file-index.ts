import type ts from 'typescript';
import { nearestAncestor } from './ancestors.js';
import { Kind, forEachChild, isElementAccessExpression, isObjectLiteralExpression, isPropertyAccessExpression, isSourceFile } from './syntax.js';

/** The nodes of one file that facts are built from, gathered in a single walk. */
export interface FileIndex {
  readonly calls: readonly ts.CallExpression[];
  readonly news: readonly ts.NewExpression[];
  /** `a = b` and compound assignments whose left side is a member access. */
  readonly memberAssignments: readonly ts.BinaryExpression[];
  readonly properties: readonly (ts.PropertyAssignment | ts.ShorthandPropertyAssignment)[];
  /** Methods written in object literals (`{ checkServerIdentity() {} }`). */
  readonly objectMethods: readonly ts.MethodDeclaration[];
  readonly variables: readonly ts.VariableDeclaration[];
  readonly strings: readonly ts.StringLiteralLike[];
  /** Class fields, parameters and destructuring elements that have an initializer (a default). */
  readonly initialized: readonly (ts.PropertyDeclaration | ts.ParameterDeclaration | ts.BindingElement)[];
  /** `a || b` and `a ?? b`. */
  readonly fallbacks: readonly ts.BinaryExpression[];
}

const indexes = new WeakMap<ts.SourceFile, FileIndex>();
const fileOf = new WeakMap<ts.Node, ts.Node | null>();

/**
 * `node.getSourceFile()`, which walks every ancestor: asked for each node of a deeply nested file
 * that was quadratic, so answers are cached past a short way up (see `nearestAncestor`).
 */
export function sourceFileOf(node: ts.Node): ts.SourceFile {
  return (nearestAncestor(node, isSourceFile, fileOf) as ts.SourceFile | undefined) ?? node.getSourceFile();
}

/** Walks a file once (iteratively, so deep nesting cannot overflow the stack) and indexes it. */
export function indexFile(sourceFile: ts.SourceFile): FileIndex {
  const cached = indexes.get(sourceFile);
  if (cached) return cached;
  const calls: ts.CallExpression[] = [];
  const news: ts.NewExpression[] = [];
  const memberAssignments: ts.BinaryExpression[] = [];
  const properties: (ts.PropertyAssignment | ts.ShorthandPropertyAssignment)[] = [];
  const objectMethods: ts.MethodDeclaration[] = [];
  const variables: ts.VariableDeclaration[] = [];
  const strings: ts.StringLiteralLike[] = [];
  const initialized: (ts.PropertyDeclaration | ts.ParameterDeclaration | ts.BindingElement)[] = [];
  const fallbacks: ts.BinaryExpression[] = [];

  // Pre-order with each node's children pushed last-first, so every list comes out in source order.
  const stack: ts.Node[] = [sourceFile];
  // Reused for every node; entries past `count` are stale.
  const children: ts.Node[] = [];
  let count = 0;
  const collect = (child: ts.Node): void => {
    children[count++] = child;
  };
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    switch (node.kind) {
      case Kind.Identifier:
        // The commonest node, and a leaf.
        continue;
      case Kind.CallExpression:
        calls.push(node as ts.CallExpression);
        break;
      case Kind.NewExpression:
        news.push(node as ts.NewExpression);
        break;
      case Kind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (binary.operatorToken.kind === Kind.EqualsToken && (isPropertyAccessExpression(binary.left) || isElementAccessExpression(binary.left))) {
          memberAssignments.push(binary);
        } else if (binary.operatorToken.kind === Kind.BarBarToken || binary.operatorToken.kind === Kind.QuestionQuestionToken) {
          fallbacks.push(binary);
        }
        break;
      }
      case Kind.PropertyDeclaration:
      case Kind.Parameter:
      case Kind.BindingElement: {
        const declaration = node as ts.PropertyDeclaration | ts.ParameterDeclaration | ts.BindingElement;
        if (declaration.initializer) initialized.push(declaration);
        break;
      }
      case Kind.PropertyAssignment:
      case Kind.ShorthandPropertyAssignment:
        properties.push(node as ts.PropertyAssignment);
        break;
      case Kind.MethodDeclaration:
        if (isObjectLiteralExpression(node.parent)) objectMethods.push(node as ts.MethodDeclaration);
        break;
      case Kind.VariableDeclaration:
        variables.push(node as ts.VariableDeclaration);
        break;
      case Kind.StringLiteral:
      case Kind.NoSubstitutionTemplateLiteral:
        strings.push(node as ts.StringLiteralLike);
        continue;
      default:
        break;
    }
    forEachChild(node, collect);
    while (count > 0) stack.push(children[--count] as ts.Node);
  }
  const index: FileIndex = {
    calls: inSourceOrder(calls),
    news: inSourceOrder(news),
    memberAssignments: inSourceOrder(memberAssignments),
    properties: inSourceOrder(properties),
    objectMethods: inSourceOrder(objectMethods),
    variables: inSourceOrder(variables),
    strings: inSourceOrder(strings),
    initialized: inSourceOrder(initialized),
    fallbacks: inSourceOrder(fallbacks),
  };
  indexes.set(sourceFile, index);
  return index;
}

/**
 * The nodes of a list in source order (a `FileIndex` list) that lie inside `scope`. The first is
 * found by bisection, so asking for every function's or class's share of a large bundle's list
 * stays linear in what is returned, not in the file.
 */
export function nodesInside<T extends ts.Node>(nodes: readonly T[], scope: ts.Node): T[] {
  const inside: T[] = [];
  for (let i = firstStartingAt(nodes, scope.pos, (node) => node.pos); i < nodes.length; i++) {
    const node = nodes[i] as T;
    if (node.pos >= scope.end) break;
    if (node.end <= scope.end) inside.push(node);
  }
  return inside;
}

/** The index of the first item of a list sorted by start that starts at or after `position` (the length if none does), by bisection. */
export function firstStartingAt<T>(items: readonly T[], position: number, startOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (startOf(items[middle] as T) < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

const bySource = (a: ts.Node, b: ts.Node): number => a.pos - b.pos || b.end - a.end;

/** The walk already yields source order; sort only where a node lists its children otherwise. */
function inSourceOrder<T extends ts.Node>(nodes: T[]): T[] {
  for (let i = 1; i < nodes.length; i++) {
    if (bySource(nodes[i - 1] as T, nodes[i] as T) > 0) return nodes.sort(bySource);
  }
  return nodes;
}
