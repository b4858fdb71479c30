import ts from 'typescript';
import { appendTo } from './collections.js';
import { exportedValue, hasNamedExports, moduleExportsExpression } from './modules.js';
import type { ProjectFiles } from './project.js';
import { indexFile, nodesInside, sourceFileOf } from './file-index.js';
import { findDeclaration, forEachStatement } from './scope.js';
import { Kind, canHaveModifiers, getModifiers, isAccessor, isArrayBindingPattern, isArrowFunction, isAsExpression, isBinaryExpression, isBindingElement, isBlock, isCallExpression, isClassDeclaration, isClassExpression, isClassStaticBlockDeclaration, isComputedPropertyName, isConstructorDeclaration, isExternalModuleReference, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isGetAccessorDeclaration, isIdentifier, isImportClause, isImportDeclaration, isImportEqualsDeclaration, isImportSpecifier, isMetaProperty, isMethodDeclaration, isNamespaceImport, isNewExpression, isNonNullExpression, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isParameter, isParenthesizedExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isSatisfiesExpression, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isTypeAssertionExpression, isVariableDeclaration } from './syntax.js';

/** What an expression can evaluate to, as far as static analysis can tell. */
export type Value =
  | { readonly kind: 'string'; readonly value: string; readonly node: ts.Node }
  | { readonly kind: 'number'; readonly value: number; readonly node: ts.Node }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly node: ts.Node }
  | { readonly kind: 'nullish'; readonly node: ts.Node | undefined }
  /** A template literal or string concatenation, in order. */
  | { readonly kind: 'concat'; readonly parts: readonly Value[]; readonly node: ts.Node }
  | { readonly kind: 'object'; readonly node: ts.ObjectLiteralExpression; readonly env: Bindings }
  | { readonly kind: 'array'; readonly node: ts.ArrayLiteralExpression; readonly env: Bindings }
  /** One of several values: a conditional, `a || b`, a parameter default, several returns. */
  | { readonly kind: 'alternatives'; readonly options: readonly Value[]; readonly node: ts.Node }
  /** `process.env.NAME` or `import.meta.env.NAME`, with the `|| fallback` or `?? fallback` if any. */
  | { readonly kind: 'env'; readonly name: string; readonly fallback: Value | undefined; readonly node: ts.Node }
  | {
      readonly kind: 'call';
      readonly callee: Value;
      readonly node: ts.CallExpression | ts.NewExpression;
      readonly args: readonly ts.Expression[];
      readonly env: Bindings;
    }
  | { readonly kind: 'function'; readonly node: ts.FunctionLikeDeclaration }
  | { readonly kind: 'class'; readonly node: ts.ClassLikeDeclaration }
  /** A binding imported from a package outside the project (`axios`, `node:https`), with the member path. */
  | { readonly kind: 'import'; readonly module: string; readonly path: readonly string[]; readonly node: ts.Node }
  /** A global such as `fetch` or `AbortSignal.timeout`, by dotted name. */
  | { readonly kind: 'global'; readonly name: string; readonly node: ts.Node }
  /** The namespace of a module in the project (`import * as m`, `require('./m')`). */
  | { readonly kind: 'module'; readonly file: string; readonly node: ts.Node }
  /** A member of a value whose shape is not statically known, such as an instance method. */
  | { readonly kind: 'member'; readonly object: Value; readonly name: string; readonly node: ts.Node }
  | { readonly kind: 'unknown'; readonly node: ts.Node | undefined };

export type ValueKind = Value['kind'];
export type ValueOf<K extends ValueKind> = Extract<Value, { kind: K }>;

/** Parameter values bound while following a call into a function. */
export type Bindings = ReadonlyMap<ts.Node, Value> | undefined;

const MAX_STEPS = 4_000;
/**
 * The steps of a quick question (see `quickValue`). The declarations, imports and factory calls a
 * callee or a logger is written with resolve in a few dozen.
 */
const MAX_QUICK_STEPS = 250;
const MAX_DEPTH = 48;
const MAX_ALTERNATIVES = 16;
/** Parts kept of one concatenation: enough for any URL, and string forms stay cheap to build. */
const MAX_PARTS = 64;
const CHAINED_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  Kind.PlusToken,
  Kind.BarBarToken,
  Kind.QuestionQuestionToken,
  Kind.AmpersandAmpersandToken,
]);

/**
 * Resolves expressions to values, following constants, properties, spreads, function returns,
 * class fields and imports across the files of one project. Results without parameter bindings
 * are cached per node.
 */
export class ValueResolver {
  private cache = new WeakMap<ts.Node, Value>();
  /**
   * Results the depth limit cut short, with the depth they were computed at: reused only at that
   * depth or deeper, where the limit would cut at least as much, so answers do not depend on
   * which expression happened to be asked first.
   */
  private truncatedCache = new WeakMap<ts.Node, { readonly value: Value; readonly depth: number }>();
  private parameterCache = new WeakMap<ts.Node, Value>();
  private readonly active = new Set<ts.Node>();
  private readonly activeObjects = new Set<ts.Node>();
  private readonly activeParameters = new Set<ts.Node>();
  private depth = 0;
  private truncations = 0;
  /** Work done for the current top-level question, and whether it ran out. */
  private steps = 0;
  /** The steps the current top-level question may take. */
  private maxSteps = MAX_STEPS;
  private overBudget = false;
  private generation: number;

  constructor(readonly project: ProjectFiles) {
    this.generation = project.generation;
  }

  /** The value of an expression. */
  value(expression: ts.Expression, env: Bindings = undefined): Value {
    if (this.depth === 0 && this.generation !== this.project.generation) {
      // A file of the project changed since these results were computed.
      this.cache = new WeakMap();
      this.truncatedCache = new WeakMap();
      this.parameterCache = new WeakMap();
      this.generation = this.project.generation;
    }
    const cacheable = !env || env.size === 0;
    if (cacheable) {
      const cached = this.cache.get(expression);
      if (cached) return cached;
      const truncated = this.truncatedCache.get(expression);
      if (truncated && truncated.depth <= this.depth) return truncated.value;
    }
    if (this.active.has(expression)) return unknown(expression);
    if (this.depth === 0) {
      this.steps = 0;
      this.overBudget = false;
    }
    if (++this.steps > this.maxSteps) {
      // Following every return of every helper can explode on generated code; an answer cut short
      // by the budget is unknown and never cached, so it cannot leak into another question.
      this.overBudget = true;
      return unknown(expression);
    }
    if (this.depth >= MAX_DEPTH) {
      this.truncations++;
      return unknown(expression);
    }
    const depth = this.depth;
    const truncationsBefore = this.truncations;
    this.active.add(expression);
    this.depth++;
    let result: Value;
    try {
      result = this.compute(expression, env);
    } finally {
      this.depth--;
      this.active.delete(expression);
    }
    if (cacheable && !this.overBudget) {
      if (this.truncations === truncationsBefore) this.cache.set(expression, result);
      else this.truncatedCache.set(expression, { value: result, depth });
    }
    return result;
  }

  /**
   * `value` with a budget of a few hundred steps, for questions asked of many expressions whose
   * useful answers are found quickly: what a call's callee or a log call's object is declared
   * as. An answer that needs more is unknown (and not cached), as with the full budget.
   */
  quickValue(expression: ts.Expression): Value {
    if (this.depth > 0) return this.value(expression);
    this.maxSteps = MAX_QUICK_STEPS;
    try {
      return this.value(expression);
    } finally {
      this.maxSteps = MAX_STEPS;
    }
  }

  /** The value of property `name` of a value, or undefined when the object surely lacks it. */
  property(object: Value, name: string, node: ts.Node = object.node ?? dummyNode): Value | undefined {
    switch (object.kind) {
      case 'object':
        return this.objectProperty(object, name);
      case 'alternatives': {
        const options = object.options
          .map((option) => this.property(option, name, node))
          .filter((v): v is Value => v !== undefined);
        return options.length === 0 ? undefined : alternatives(options, node);
      }
      case 'module':
        return this.moduleMember(object.file, name, node);
      case 'import':
        return { kind: 'import', module: object.module, path: [...object.path, name], node };
      case 'global':
        return { kind: 'global', name: `${object.name}.${name}`, node };
      case 'env':
        return object.fallback ? this.property(object.fallback, name, node) : unknown(node);
      case 'class':
        return this.classMember(object.node, name, node, true);
      case 'call':
        // `new Client().member`: what the class gives its instances.
        if (object.callee.kind === 'class' && isNewExpression(object.node)) return this.classMember(object.callee.node, name, node, false);
        return { kind: 'member', object, name, node };
      case 'nullish':
      case 'string':
      case 'number':
      case 'boolean':
        return undefined;
      default:
        return { kind: 'member', object, name, node };
    }
  }

  /**
   * The properties of an object value in source order, spreads expanded. `open` is true when a
   * spread could not be resolved, so other properties may exist.
   */
  entries(object: ValueOf<'object'>): { entries: ObjectEntry[]; open: boolean } {
    const entries: ObjectEntry[] = [];
    let open = false;
    // An object that spreads itself (directly or through a recursive function) has no end.
    if (this.activeObjects.has(object.node) || this.activeObjects.size >= MAX_DEPTH) return { entries, open: true };
    this.activeObjects.add(object.node);
    try {
      this.collectEntries(object, entries, (isOpen) => {
        open ||= isOpen;
      });
    } finally {
      this.activeObjects.delete(object.node);
    }
    return { entries, open };
  }

  private collectEntries(object: ValueOf<'object'>, entries: ObjectEntry[], setOpen: (open: boolean) => void): void {
    let open = false;
    for (const property of object.node.properties) {
      if (isSpreadAssignment(property)) {
        const spread = this.value(property.expression, object.env);
        const objects = objectsOf(spread);
        if (objects.length === 0 && spread.kind !== 'nullish') open = true;
        for (const inner of objects) {
          const nested = this.entries(inner);
          entries.push(...nested.entries);
          open ||= nested.open;
        }
        if (objects.length > 0 && spread.kind === 'alternatives' && spread.options.some((o) => o.kind !== 'object')) {
          open = true;
        }
        continue;
      }
      const name = propertyName(property.name);
      if (name === undefined) {
        open = true;
        continue;
      }
      entries.push({ name, property, value: () => this.propertyValue(property, object.env) });
    }
    setOpen(open);
  }

  /** The values a function can return, given the arguments of a call. */
  returnValue(fn: ts.FunctionLikeDeclaration, call: ts.CallExpression | ts.NewExpression | undefined, env: Bindings): Value {
    const bindings = visibleBindings(env, fn);
    const args = call?.arguments ?? [];
    const spreadAt = args.findIndex((arg) => isSpreadElement(arg));
    fn.parameters.forEach((parameter, index) => {
      const known = spreadAt < 0 || index < spreadAt;
      const arg = known ? args[index] : undefined;
      if (parameter.dotDotDotToken || !known) bindings.set(parameter, unknown(parameter));
      else if (arg) bindings.set(parameter, this.value(arg, env));
      // A missing argument is undefined, so the parameter's default applies.
      else if (call) bindings.set(parameter, { kind: 'nullish', node: call });
      else bindings.delete(parameter);
    });
    const body = fn.body;
    if (!body) return unknown(fn);
    if (!isBlock(body)) return this.value(body, bindings);
    const returns = returnExpressions(body).map((expression) => this.value(expression, bindings));
    if (returns.length === 0) return { kind: 'nullish', node: fn };
    return alternatives(returns, fn);
  }

  /** The declaration value behind an identifier: a variable's initializer, a function, an import. */
  declarationValue(declaration: ts.Node, reference: ts.Node, env: Bindings): Value {
    if (isVariableDeclaration(declaration)) {
      return declaration.initializer ? this.value(declaration.initializer, env) : unknown(reference);
    }
    if (isParameter(declaration)) {
      const bound = env?.get(declaration);
      if (bound) return declaration.initializer && bound.kind === 'nullish' ? this.value(declaration.initializer, env) : bound;
      return this.parameterValue(declaration, env);
    }
    if (isBindingElement(declaration)) return this.bindingElementValue(declaration, env);
    if (isFunctionDeclaration(declaration) || isFunctionExpression(declaration)) {
      return { kind: 'function', node: declaration };
    }
    if (isClassDeclaration(declaration) || isClassExpression(declaration)) return { kind: 'class', node: declaration };
    if (isImportClause(declaration)) {
      return isImportDeclaration(declaration.parent) ? this.importValue(declaration.parent, 'default', reference) : unknown(reference);
    }
    if (isImportSpecifier(declaration)) {
      const imported = (declaration.propertyName ?? declaration.name).text;
      const importDeclaration = declaration.parent.parent.parent;
      return isImportDeclaration(importDeclaration) ? this.importValue(importDeclaration, imported, reference) : unknown(reference);
    }
    if (isNamespaceImport(declaration)) {
      const importDeclaration = declaration.parent.parent;
      return isImportDeclaration(importDeclaration) ? this.importValue(importDeclaration, '*', reference) : unknown(reference);
    }
    if (isImportEqualsDeclaration(declaration)) {
      const ref = declaration.moduleReference;
      if (isExternalModuleReference(ref) && isStringLiteral(ref.expression)) {
        return this.requireValue(ref.expression.text, reference);
      }
    }
    return unknown(reference);
  }

  /**
   * An unbound parameter: the arguments of the function's calls in its file, so a request inside
   * a wrapper sees the URLs and options its callers pass. When other callers may exist (the
   * function is exported or passed around), unknown is one of the options.
   */
  private parameterValue(parameter: ts.ParameterDeclaration, env: Bindings): Value {
    const cached = this.parameterCache.get(parameter);
    if (cached) return cached;
    const fallback = parameter.initializer ? this.value(parameter.initializer, env) : undefined;
    const open = alternatives([unknown(parameter), ...(fallback ? [fallback] : [])], parameter);
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    const callers = parameter.dotDotDotToken ? undefined : directCallers(fn);
    if (!callers || callers.calls.length === 0 || this.activeParameters.has(parameter) || this.depth >= MAX_DEPTH) return open;
    this.activeParameters.add(parameter);
    const truncationsBefore = this.truncations;
    let result: Value;
    try {
      const options: Value[] = callers.complete ? [] : [open];
      for (const call of callers.calls.slice(0, MAX_ALTERNATIVES)) {
        const spreadAt = call.arguments.findIndex((arg) => isSpreadElement(arg));
        const arg = spreadAt >= 0 && spreadAt <= index ? undefined : call.arguments[index];
        if (spreadAt >= 0 && spreadAt <= index) options.push(unknown(call));
        else if (arg) options.push(this.value(arg));
        else options.push(fallback ?? { kind: 'nullish', node: call });
      }
      if (callers.calls.length > MAX_ALTERNATIVES) options.push(unknown(parameter));
      result = alternatives(options, parameter);
    } finally {
      this.activeParameters.delete(parameter);
    }
    if ((!env || env.size === 0) && this.truncations === truncationsBefore && !this.overBudget) this.parameterCache.set(parameter, result);
    return result;
  }

  /** The value of `require(specifier)` or a namespace import, from the file containing `node`. */
  requireValue(specifier: string, node: ts.Node): Value {
    const file = this.project.resolveModule(specifier, sourceFileOf(node).fileName);
    if (!file) return { kind: 'import', module: packageName(specifier), path: [], node };
    const sourceFile = this.project.getSourceFile(file);
    const cjs = sourceFile && moduleExportsExpression(sourceFile);
    // With `module.exports.x = ...` additions, members are looked up through the module's exports.
    if (cjs && !hasNamedExports(sourceFile)) return this.value(cjs);
    return { kind: 'module', file, node };
  }

  private importValue(declaration: ts.ImportDeclaration, imported: string, reference: ts.Node): Value {
    if (!isStringLiteral(declaration.moduleSpecifier)) return unknown(reference);
    const specifier = declaration.moduleSpecifier.text;
    const file = this.project.resolveModule(specifier, declaration.getSourceFile().fileName);
    if (!file) {
      const path = imported === 'default' || imported === '*' ? [] : [imported];
      return { kind: 'import', module: packageName(specifier), path, node: reference };
    }
    if (imported === '*') return { kind: 'module', file, node: reference };
    return this.moduleMember(file, imported, reference) ?? unknown(reference);
  }

  private moduleMember(file: string, name: string, node: ts.Node): Value {
    const sourceFile = this.project.getSourceFile(file);
    if (!sourceFile) return unknown(node);
    const exported = exportedValue(this, sourceFile, name);
    return exported ?? unknown(node);
  }

  private bindingElementValue(element: ts.BindingElement, env: Bindings): Value {
    // Nested patterns recurse outwards; deep ones count against the same limit as expressions.
    if (this.depth >= MAX_DEPTH) {
      this.truncations++;
      return unknown(element);
    }
    this.depth++;
    try {
      return this.bindingElementValueAt(element, env);
    } finally {
      this.depth--;
    }
  }

  private bindingElementValueAt(element: ts.BindingElement, env: Bindings): Value {
    const pattern = element.parent;
    const source = this.patternSource(pattern, env);
    let value: Value | undefined;
    if (element.dotDotDotToken) {
      // `...rest` holds the remaining properties: the source object stands for it.
      return isObjectBindingPattern(pattern) && source ? source : unknown(element);
    }
    if (isObjectBindingPattern(pattern)) {
      const name = propertyName(element.propertyName ?? element.name);
      value = source && name !== undefined ? this.property(source, name, element) : undefined;
    } else if (source?.kind === 'array') {
      const expression = source.node.elements[pattern.elements.indexOf(element)];
      value = expression && !isSpreadElement(expression) ? this.value(expression, source.env) : undefined;
    } else if (source?.kind === 'call' && isArrayBindingPattern(pattern)) {
      value = { kind: 'member', object: source, name: String(pattern.elements.indexOf(element)), node: element };
    }
    if (element.initializer) {
      const fallback = this.value(element.initializer, env);
      if (value === undefined || value.kind === 'nullish') return fallback;
      if (value.kind === 'unknown' || value.kind === 'member') return alternatives([value, fallback], element);
    }
    return value ?? unknown(element);
  }

  private patternSource(pattern: ts.BindingPattern, env: Bindings): Value | undefined {
    const parent = pattern.parent;
    if (isVariableDeclaration(parent)) return parent.initializer ? this.value(parent.initializer, env) : undefined;
    if (isParameter(parent)) return this.declarationValue(parent, parent, env);
    if (isBindingElement(parent)) return this.bindingElementValue(parent, env);
    return undefined;
  }

  private objectProperty(object: ValueOf<'object'>, name: string): Value | undefined {
    const { entries, open } = this.entries(object);
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry?.name === name) return entry.value();
    }
    return open ? unknown(object.node) : undefined;
  }

  private propertyValue(property: ts.ObjectLiteralElementLike, env: Bindings): Value {
    if (isPropertyAssignment(property)) return this.value(property.initializer, env);
    if (isShorthandPropertyAssignment(property)) return this.value(property.name, env);
    if (isMethodDeclaration(property)) return { kind: 'function', node: property };
    return unknown(property);
  }

  private compute(expression: ts.Expression, env: Bindings): Value {
    const node = expression;
    switch (expression.kind) {
      case Kind.StringLiteral:
      case Kind.NoSubstitutionTemplateLiteral:
        return { kind: 'string', value: (expression as ts.StringLiteralLike).text, node };
      case Kind.NumericLiteral:
        return { kind: 'number', value: Number((expression as ts.NumericLiteral).text), node };
      case Kind.TrueKeyword:
        return { kind: 'boolean', value: true, node };
      case Kind.FalseKeyword:
        return { kind: 'boolean', value: false, node };
      case Kind.NullKeyword:
      case Kind.VoidExpression:
        return { kind: 'nullish', node };
      case Kind.TemplateExpression: {
        const template = expression as ts.TemplateExpression;
        const parts: Value[] = [];
        if (template.head.text) parts.push({ kind: 'string', value: template.head.text, node: template.head });
        for (const span of template.templateSpans) {
          if (parts.length >= MAX_PARTS) {
            parts.push(unknown(span));
            break;
          }
          parts.push(...partsOf(this.value(span.expression, env)));
          if (span.literal.text) parts.push({ kind: 'string', value: span.literal.text, node: span.literal });
        }
        return { kind: 'concat', parts, node };
      }
      case Kind.ParenthesizedExpression:
      case Kind.AsExpression:
      case Kind.SatisfiesExpression:
      case Kind.NonNullExpression:
      case Kind.TypeAssertionExpression:
        // All the wrappers at once: thousands of parentheses cost one step.
        return this.value(skipOuter(expression), env);
      case Kind.AwaitExpression:
        return this.value((expression as ts.AwaitExpression).expression, env);
      case Kind.Identifier:
        return this.identifier(expression as ts.Identifier, env);
      case Kind.ThisKeyword:
        return unknown(node);
      case Kind.PropertyAccessExpression:
      case Kind.ElementAccessExpression:
        return this.access(expression as ts.AccessExpression, env);
      case Kind.ObjectLiteralExpression:
        return { kind: 'object', node: expression as ts.ObjectLiteralExpression, env };
      case Kind.ArrayLiteralExpression:
        return { kind: 'array', node: expression as ts.ArrayLiteralExpression, env };
      case Kind.ConditionalExpression: {
        const conditional = expression as ts.ConditionalExpression;
        return alternatives([this.value(conditional.whenTrue, env), this.value(conditional.whenFalse, env)], node);
      }
      case Kind.BinaryExpression:
        return this.binary(expression as ts.BinaryExpression, env);
      case Kind.PrefixUnaryExpression: {
        const unary = expression as ts.PrefixUnaryExpression;
        const operand = this.value(unary.operand, env);
        if (unary.operator === Kind.MinusToken && operand.kind === 'number') {
          return { kind: 'number', value: -operand.value, node };
        }
        if (unary.operator === Kind.PlusToken) return toNumber(operand, node);
        if (unary.operator === Kind.ExclamationToken) {
          const truth = truthiness(operand);
          return truth === undefined ? unknown(node) : { kind: 'boolean', value: !truth, node };
        }
        return unknown(node);
      }
      case Kind.CallExpression:
      case Kind.NewExpression:
        return this.call(expression as ts.CallExpression | ts.NewExpression, env);
      case Kind.ArrowFunction:
      case Kind.FunctionExpression:
        return { kind: 'function', node: expression as ts.FunctionLikeDeclaration };
      case Kind.ClassExpression:
        return { kind: 'class', node: expression as ts.ClassExpression };
      default:
        return unknown(node);
    }
  }

  private identifier(identifier: ts.Identifier, env: Bindings): Value {
    if (identifier.text === 'undefined') return { kind: 'nullish', node: identifier };
    const declaration = findDeclaration(identifier);
    if (!declaration) return { kind: 'global', name: identifier.text, node: identifier };
    return this.declarationValue(declaration, identifier, env);
  }

  private access(expression: ts.AccessExpression, env: Bindings): Value {
    const name = accessName(expression);
    const envName = envVarName(expression);
    if (envName !== undefined) return { kind: 'env', name: envName, fallback: undefined, node: expression };
    if (name === undefined) {
      // `items[i]`: an element of a known array could be any of them.
      const object = this.value(expression.expression, env);
      if (object.kind === 'array') {
        const elements = object.node.elements.filter((e) => !isSpreadElement(e)).map((e) => this.value(e, object.env));
        return elements.length > 0 ? alternatives(elements, expression) : unknown(expression);
      }
      return unknown(expression);
    }
    if (expression.expression.kind === Kind.ThisKeyword) return this.thisMember(expression, name);
    const object = this.value(expression.expression, env);
    if (object.kind === 'array') {
      const index = Number(name);
      const element = Number.isInteger(index) ? object.node.elements[index] : undefined;
      if (element && !isSpreadElement(element)) return this.value(element, object.env);
      return name === 'length' ? unknown(expression) : { kind: 'member', object, name, node: expression };
    }
    return this.property(object, name, expression) ?? { kind: 'nullish', node: expression };
  }

  /** `this.name` inside a class: a field initializer, an assignment in the constructor or a method, a method or a getter. */
  private thisMember(expression: ts.AccessExpression, name: string): Value {
    const cls = enclosingClass(expression);
    if (!cls) return unknown(expression);
    return this.classMember(cls, name, expression, inStaticMember(expression, cls));
  }

  /** A member of a class's instances, or with `isStatic` of the class itself. */
  private classMember(cls: ts.ClassLikeDeclaration, name: string, node: ts.Node, isStatic: boolean): Value {
    const found: Value[] = [];
    for (const member of cls.members) {
      if (propertyName(member.name) !== name || hasStaticModifier(member) !== isStatic) continue;
      if (isPropertyDeclaration(member)) {
        if (member.initializer) found.push(this.value(member.initializer));
      } else if (isMethodDeclaration(member)) {
        found.push({ kind: 'function', node: member });
      } else if (isGetAccessorDeclaration(member)) {
        found.push(this.returnValue(member, undefined, undefined));
      }
    }
    if (!isStatic) {
      for (const assignment of thisAssignments(cls).get(name) ?? []) found.push(this.value(assignment.right));
      const constructor = cls.members.find(isConstructorDeclaration);
      if (constructor?.parameters.some((p) => isIdentifier(p.name) && p.name.text === name && p.modifiers?.length)) {
        found.push(unknown(node));
      }
    }
    if (found.length === 0) return { kind: 'member', object: unknown(cls), name, node };
    return alternatives(found, node);
  }

  private binary(expression: ts.BinaryExpression, env: Bindings): Value {
    const operator = expression.operatorToken.kind;
    if (CHAINED_OPERATORS.has(operator)) {
      // Left-deep chains (`a + b + c + ...`, `a ?? b ?? c`) are folded in a loop, so a long
      // concatenation is neither cut short by the depth limit nor a deep recursion.
      const spine: ts.BinaryExpression[] = [];
      let current: ts.Expression = expression;
      while (isBinaryExpression(current) && current.operatorToken.kind === operator) {
        spine.push(current);
        current = current.left;
      }
      spine.reverse();
      let result = this.value(current, env);
      const parts: Value[] = [];
      for (const link of spine) {
        if (operator === Kind.PlusToken) {
          const right = this.value(link.right, env);
          if (parts.length > 0 || isStringish(result) || isStringish(right)) {
            if (parts.length === 0) parts.push(...partsOf(result));
            if (parts.length >= MAX_PARTS) {
              parts.push(unknown(link.right));
              break;
            }
            parts.push(...partsOf(right));
          } else {
            result = result.kind === 'number' && right.kind === 'number' ? { kind: 'number', value: result.value + right.value, node: link } : unknown(link);
          }
        } else {
          result = this.logical(operator, result, link, env);
        }
      }
      return parts.length > 0 ? { kind: 'concat', parts, node: expression } : result;
    }
    if (operator === Kind.EqualsToken) return this.value(expression.right, env);
    if (operator === Kind.CommaToken) return this.value(expression.right, env);
    const left = this.value(expression.left, env);
    const right = this.value(expression.right, env);
    const folded = foldNumbers(operator, left, right);
    return folded === undefined ? unknown(expression) : { kind: 'number', value: folded, node: expression };
  }

  /** `left || right`, `left ?? right` or `left && right`, with `left` already known. */
  private logical(operator: ts.SyntaxKind, left: Value, link: ts.BinaryExpression, env: Bindings): Value {
    if (operator === Kind.AmpersandAmpersandToken) {
      // `a && b` is `a` when `a` is falsy.
      const truth = truthiness(left);
      if (truth === false) return left;
      const right = this.value(link.right, env);
      return truth === true ? right : alternatives([left, right], link);
    }
    const right = this.value(link.right, env);
    if (left.kind === 'env' && !left.fallback) return { ...left, fallback: right, node: link };
    const truth = operator === Kind.BarBarToken ? truthiness(left) : left.kind === 'nullish' ? false : undefined;
    if (truth === true || (operator === Kind.QuestionQuestionToken && isDefinite(left))) return left;
    if (truth === false) return right;
    return alternatives([left, right], link);
  }

  private call(expression: ts.CallExpression | ts.NewExpression, env: Bindings): Value {
    const args = expression.arguments ?? [];
    const node = expression;
    if (isCallExpression(expression) && isRequireCall(expression)) {
      return this.requireValue((args[0] as ts.StringLiteral).text, expression);
    }
    const callee = this.value(expression.expression, env);
    const first = args[0];
    if (callee.kind === 'global' && first && !isSpreadElement(first)) {
      if (callee.name === 'Number' || callee.name === 'parseInt' || callee.name === 'parseFloat') {
        return toNumber(this.value(first, env), node);
      }
      if (callee.name === 'String') return this.value(first, env);
    }
    if (isCallExpression(expression) && callee.kind === 'function') {
      return this.returnValue(callee.node, expression, env);
    }
    if (callee.kind === 'alternatives' && isCallExpression(expression)) {
      const fns = callee.options.filter((o): o is ValueOf<'function'> => o.kind === 'function');
      if (fns.length === callee.options.length) {
        return alternatives(fns.map((fn) => this.returnValue(fn.node, expression, env)), node);
      }
    }
    return { kind: 'call', callee, node, args, env };
  }
}

/** A property of an object value, with its value computed on demand. */
export interface ObjectEntry {
  readonly name: string;
  readonly property: ts.ObjectLiteralElementLike;
  readonly value: () => Value;
}

const dummyNode = ts.factory.createIdentifier('');

export function unknown(node: ts.Node | undefined): Value {
  return { kind: 'unknown', node };
}

/** Flattens nested alternatives and drops duplicates; one option stands for itself. */
export function alternatives(options: readonly Value[], node: ts.Node): Value {
  const flat: Value[] = [];
  for (const option of options) {
    if (option.kind === 'alternatives') flat.push(...option.options);
    else flat.push(option);
  }
  // One linear pass (a superagent chain of 10,000 `.set()` calls gives 10,000 options); it can stop
  // as soon as there are more than MAX_ALTERNATIVES, since only that many are kept.
  const unique: Value[] = [];
  const seen = new Set<Value>();
  const literals = new Set<string>();
  for (const value of flat) {
    if (seen.has(value)) continue;
    seen.add(value);
    if (value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean') {
      const key = `${value.kind}:${String(value.value)}`;
      if (literals.has(key)) continue;
      literals.add(key);
    }
    unique.push(value);
    if (unique.length > MAX_ALTERNATIVES) break;
  }
  if (unique.length === 1) return unique[0] as Value;
  if (unique.length > MAX_ALTERNATIVES) return { kind: 'alternatives', options: [...unique.slice(0, MAX_ALTERNATIVES), unknown(node)], node };
  return { kind: 'alternatives', options: unique, node };
}

/** The object values a value can be. */
export function objectsOf(value: Value): ValueOf<'object'>[] {
  if (value.kind === 'object') return [value];
  if (value.kind === 'alternatives') return value.options.flatMap(objectsOf);
  if (value.kind === 'env' && value.fallback) return objectsOf(value.fallback);
  return [];
}

/** The static name of a property or member name, when it has one. */
export function propertyName(name: ts.PropertyName | ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isPrivateIdentifier(name)) return name.text;
  if (isStringLiteralLike(name) || isNumericLiteral(name)) return name.text;
  if (isComputedPropertyName(name) && isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The static member name of `a.b` or `a['b']`. */
export function accessName(expression: ts.AccessExpression): string | undefined {
  if (isPropertyAccessExpression(expression)) return expression.name.text;
  const argument = expression.argumentExpression;
  if (isStringLiteralLike(argument) || isNumericLiteral(argument)) return argument.text;
  return undefined;
}

/** `NAME` for `process.env.NAME`, `process.env['NAME']` and `import.meta.env.NAME`. */
export function envVarName(expression: ts.AccessExpression): string | undefined {
  const name = accessName(expression);
  if (name === undefined) return undefined;
  const object = skipOuter(expression.expression);
  if (!isPropertyAccessExpression(object) || object.name.text !== 'env') return undefined;
  const base = skipOuter(object.expression);
  if (isIdentifier(base) && base.text === 'process') return name;
  if (isPropertyAccessExpression(base) && base.name.text === 'process' && isIdentifier(base.expression) && base.expression.text === 'globalThis') return name;
  if (isMetaProperty(base) && base.keywordToken === Kind.ImportKeyword) return name;
  return undefined;
}

/** Strips parentheses, type assertions and non-null assertions. */
export function skipOuter(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    isParenthesizedExpression(current) ||
    isAsExpression(current) ||
    isSatisfiesExpression(current) ||
    isNonNullExpression(current) ||
    isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

export function isRequireCall(call: ts.CallExpression): boolean {
  const arg = call.arguments[0];
  return (
    isIdentifier(call.expression) &&
    call.expression.text === 'require' &&
    call.arguments.length === 1 &&
    arg !== undefined &&
    isStringLiteralLike(arg)
  );
}

/** `axios` for `axios`, `@scope/pkg` for `@scope/pkg/sub`, `https` for `node:https`. */
export function packageName(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare);
}

const callerTables = new WeakMap<ts.Node, { calls: ts.CallExpression[]; complete: boolean } | null>();

/**
 * The calls of a function declared in a file (`function f`, `const f = () => ...`) by its name in
 * that file. `complete` when those are all its uses: it is not exported and its name appears
 * nowhere else in the text (a conservative count: a comment mentioning it makes the list open).
 */
function directCallers(fn: ts.SignatureDeclaration): { calls: ts.CallExpression[]; complete: boolean } | undefined {
  const cached = callerTables.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let name: ts.Identifier | undefined;
  let declaration: ts.Node | undefined;
  if (isFunctionDeclaration(fn) && fn.name) {
    name = fn.name;
    declaration = fn;
  } else if ((isArrowFunction(fn) || isFunctionExpression(fn)) && isVariableDeclaration(fn.parent) && isIdentifier(fn.parent.name)) {
    name = fn.parent.name;
    declaration = fn.parent;
  }
  if (!name || !declaration) {
    callerTables.set(fn, null);
    return undefined;
  }
  const sourceFile = sourceFileOf(fn);
  const words = wordIndex(sourceFile);
  const calls = (words.calls.get(name.text) ?? []).filter((call) => findDeclaration(call.expression as ts.Identifier) === declaration);
  const statement = isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  const exported = canHaveModifiers(statement) && (getModifiers(statement)?.some((m) => m.kind === Kind.ExportKeyword) ?? false);
  // A missing name (parser recovery on broken code) is empty and never complete.
  const complete = name.text !== '' && !exported && wordCount(sourceFile, words, name.text) === calls.length + 1;
  const table = { calls, complete };
  callerTables.set(fn, table);
  return table;
}

interface WordIndex {
  /** Calls whose callee is a plain identifier, by name. */
  readonly calls: ReadonlyMap<string, readonly ts.CallExpression[]>;
  /** How often each word asked for so far occurs in the text, comments and strings included. */
  readonly counts: Map<string, number>;
  /** Every word's count, once enough words were asked for that one pass over the text is cheaper. */
  all?: ReadonlyMap<string, number>;
}

const wordIndexes = new WeakMap<ts.SourceFile, WordIndex>();
/** Words counted one by one per file before the whole text is counted at once. */
const SINGLE_COUNTS = 16;

/** Built once per file, so looking up the callers of every function of a large bundle stays linear. */
function wordIndex(sourceFile: ts.SourceFile): WordIndex {
  const cached = wordIndexes.get(sourceFile);
  if (cached) return cached;
  const calls = new Map<string, ts.CallExpression[]>();
  for (const call of indexFile(sourceFile).calls) {
    const callee = skipOuter(call.expression);
    if (!isIdentifier(callee) || callee !== call.expression) continue;
    appendTo(calls, callee.text, call);
  }
  const index: WordIndex = { calls, counts: new Map() };
  wordIndexes.set(sourceFile, index);
  return index;
}

const WORD = /[A-Z_$][\w$]*/gi;
const WORD_CHAR = /[\w$]/;
const DIGIT = /\d/;

/**
 * How often `word` occurs in the text as a whole word (as `WORD` finds words: a word may follow
 * digits, as in `1abc`). A few words are counted with `indexOf`; after that, every word at once.
 */
function wordCount(sourceFile: ts.SourceFile, index: WordIndex, word: string): number {
  if (index.all) return index.all.get(word) ?? 0;
  const known = index.counts.get(word);
  if (known !== undefined) return known;
  const text = sourceFile.text;
  if (index.counts.size >= SINGLE_COUNTS) {
    const all = new Map<string, number>();
    for (const match of text.matchAll(WORD)) all.set(match[0], (all.get(match[0]) ?? 0) + 1);
    index.all = all;
    return all.get(word) ?? 0;
  }
  let count = 0;
  for (let at = text.indexOf(word); at >= 0 && word !== ''; at = text.indexOf(word, at + 1)) {
    if (WORD_CHAR.test(text.charAt(at + word.length))) continue;
    let before = at - 1;
    while (before >= 0 && DIGIT.test(text.charAt(before))) before--;
    if (before >= 0 && WORD_CHAR.test(text.charAt(before))) continue;
    count++;
  }
  index.counts.set(word, count);
  return count;
}

/**
 * The caller's bindings that `fn` can read: those of the parameters of the functions around it (a
 * closure reads them). The others are dropped, so what each call along a chain copies stays as
 * small as the nesting, instead of growing with every call followed.
 */
function visibleBindings(env: Bindings, fn: ts.Node): Map<ts.Node, Value> {
  const visible = new Map<ts.Node, Value>();
  if (!env || env.size === 0) return visible;
  const around = new Set<ts.Node>();
  for (let current = fn.parent; current; current = current.parent) if (isFunctionLike(current)) around.add(current);
  if (around.size === 0) return visible;
  for (const [parameter, value] of env) if (parameter.parent && around.has(parameter.parent)) visible.set(parameter, value);
  return visible;
}

const thisAssignmentTables = new WeakMap<ts.ClassLikeDeclaration, ReadonlyMap<string, readonly ts.BinaryExpression[]>>();

/**
 * The `this.name = value` assignments of a class's instance code, by name in source order. Built
 * once per class: looking up each member among every member assignment of the file was quadratic
 * on large files.
 */
function thisAssignments(cls: ts.ClassLikeDeclaration): ReadonlyMap<string, readonly ts.BinaryExpression[]> {
  const cached = thisAssignmentTables.get(cls);
  if (cached) return cached;
  const table = new Map<string, ts.BinaryExpression[]>();
  for (const assignment of nodesInside(indexFile(sourceFileOf(cls)).memberAssignments, cls)) {
    const left = assignment.left;
    if (!isPropertyAccessExpression(left) || left.expression.kind !== Kind.ThisKeyword) continue;
    if (enclosingClass(left) !== cls || inStaticMember(left, cls)) continue;
    appendTo(table, left.name.text, assignment);
  }
  thisAssignmentTables.set(cls, table);
  return table;
}

/** The class `this` refers to at a node: arrow functions keep it, other functions and object methods rebind it. */
function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isClassDeclaration(current) || isClassExpression(current)) return current;
    if (isFunctionDeclaration(current) || isFunctionExpression(current)) return undefined;
    if ((isMethodDeclaration(current) || isAccessor(current)) && isObjectLiteralExpression(current.parent)) return undefined;
  }
  return undefined;
}

function hasStaticModifier(member: ts.ClassElement): boolean {
  return canHaveModifiers(member) && (getModifiers(member)?.some((m) => m.kind === Kind.StaticKeyword) ?? false);
}

/** True when `node` sits in a static member or static block of `cls`, where `this` is the class. */
function inStaticMember(node: ts.Node, cls: ts.ClassLikeDeclaration): boolean {
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    if (current.parent === cls) return isClassStaticBlockDeclaration(current) || hasStaticModifier(current as ts.ClassElement);
  }
  return false;
}

/** The expressions a function body returns, in source order (nested functions and classes excluded). */
function returnExpressions(body: ts.Node): ts.Expression[] {
  const found: ts.Expression[] = [];
  if (!isBlock(body)) return found;
  forEachStatement(body.statements, (statement) => {
    if (isReturnStatement(statement) && statement.expression) found.push(statement.expression);
  });
  return found;
}

function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'string':
      return value.value !== '';
    case 'number':
      return value.value !== 0 && !Number.isNaN(value.value);
    case 'boolean':
      return value.value;
    case 'nullish':
      return false;
    case 'object':
    case 'array':
    case 'function':
    case 'class':
      return true;
    default:
      return undefined;
  }
}

function isDefinite(value: Value): boolean {
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' || value.kind === 'object' || value.kind === 'array';
}

function isStringish(value: Value): boolean {
  // Environment variables are strings, so `process.env.BASE + path` is a concatenation.
  return value.kind === 'string' || value.kind === 'concat' || value.kind === 'env';
}

function partsOf(value: Value): readonly Value[] {
  return value.kind === 'concat' ? value.parts : [value];
}

function toNumber(value: Value, node: ts.Node): Value {
  if (value.kind === 'number') return value;
  if (value.kind === 'string') {
    const parsed = Number(value.value.trim());
    return value.value.trim() !== '' && Number.isFinite(parsed) ? { kind: 'number', value: parsed, node } : unknown(node);
  }
  if (value.kind === 'env') return { ...value, fallback: value.fallback ? toNumber(value.fallback, node) : undefined };
  if (value.kind === 'alternatives') return alternatives(value.options.map((o) => toNumber(o, node)), node);
  return unknown(node);
}

function foldNumbers(operator: ts.SyntaxKind, left: Value, right: Value): number | undefined {
  if (left.kind !== 'number' || right.kind !== 'number') return undefined;
  const a = left.value;
  const b = right.value;
  switch (operator) {
    case Kind.MinusToken:
      return a - b;
    case Kind.AsteriskToken:
      return a * b;
    case Kind.SlashToken:
      return b === 0 ? undefined : a / b;
    case Kind.PercentToken:
      return b === 0 ? undefined : a % b;
    case Kind.AsteriskAsteriskToken:
      return a ** b;
    default:
      return undefined;
  }
}
