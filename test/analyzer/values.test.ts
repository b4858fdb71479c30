import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyzer/analysis.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';
import { analyzeFixture, expressionValue, formsOf, referenceValue, returnedValue, show, variableValue } from './helpers.js';

describe('value resolver: forms written in one file', () => {
  const analysis = analyzeFixture(['value-forms', 'src', 'forms.ts']);
  const { resolver } = analysis;
  const value = (name: string): string => show(variableValue(analysis, name), resolver);
  const forms = (name: string): string[] => formsOf(variableValue(analysis, name), resolver);

  it('resolves literals, templates and concatenation', () => {
    expect(value('literal')).toBe("'https://api.tangocard.com'");
    expect(forms('template')).toEqual(['https://integration-api.tangocard.com/raas/v2/orders']);
    expect(forms('concatenated')).toEqual(['https://integration-api.tangocard.com/raas/v2/customers']);
  });

  it('gives both branches of a conditional', () => {
    expect(value('conditional')).toBe("alt('https://api.tangocard.com' | 'https://integration-api.tangocard.com')");
  });

  it('keeps environment variables with their fallbacks', () => {
    expect(value('envOr')).toBe("env(TANGO_BASE_URL ?? 'https://integration-api.tangocard.com')");
    expect(value('envNullish')).toBe("env(TANGO_BASE_URL ?? 'https://integration-api.tangocard.com')");
    expect(value('envBracket')).toBe('env(TANGO_BASE_URL)');
    expect(value('viteEnv')).toBe('env(VITE_TANGO_API_URL)');
    expect(forms('envOr')).toEqual(['${env:TANGO_BASE_URL}', 'https://integration-api.tangocard.com']);
  });

  it('treats void 0 as nullish', () => {
    expect(value('voided')).toBe('nullish');
  });

  it('folds numbers', () => {
    expect(value('product')).toBe('15000');
    expect(value('separated')).toBe('15000');
    expect(value('hex')).toBe('15000');
    expect(value('fromEnvNumber')).toBe('env(TANGO_TIMEOUT_MS ?? 20000)');
    expect(value('parsed')).toBe('env(TANGO_TIMEOUT_MS ?? 30000)');
    expect(value('unaryPlus')).toBe('25000');
    expect(value('scaled')).toBe('20500');
  });

  it('follows object properties and spreads in order', () => {
    const property = (object: string, name: string): string =>
      show(resolver.property(variableValue(analysis, object), name), resolver);
    expect(property('merged', 'timeout')).toBe('20000');
    expect(property('overridden', 'timeout')).toBe('10000');
    expect(property('merged', 'baseURL')).toBe("'https://api.tangocard.com'");
    expect(property('merged', 'retries')).toBe('absent');
    expect(value('merged')).toBe("{ timeout: 10000, baseURL: 'https://api.tangocard.com', timeout: 20000 }");
  });

  it('follows destructuring with defaults', () => {
    expect(show(referenceValue(analysis, 'renamed'), resolver)).toBe('20000');
    expect(show(referenceValue(analysis, 'retries'), resolver)).toBe('3');
    expect(show(referenceValue(analysis, 'missing'), resolver)).toBe("'fallback'");
    expect(show(referenceValue(analysis, 'first'), resolver)).toBe("'one'");
    expect(show(referenceValue(analysis, 'second'), resolver)).toBe("'second-default'");
    expect(value('nestedTimeout')).toBe('env(TANGO_TIMEOUT_MS ?? 20000)');
    expect(show(referenceValue(analysis, 'nestedBaseUrl'), resolver)).toBe(
      "env(TANGO_BASE_URL ?? 'https://integration-api.tangocard.com')",
    );
  });

  it('follows function returns with the arguments bound', () => {
    expect(forms('ordersEndpoint')).toEqual(['https://integration-api.tangocard.com/raas/v2/orders']);
    expect(forms('customersEndpoint')).toEqual(['https://integration-api.tangocard.com/raas/v3/customers']);
    expect(value('doubled')).toBe('15000');
    expect(value('picked')).toBe("alt('https://api.tangocard.com' | 'https://integration-api.tangocard.com')");
    expect(value('defaultsTimeout')).toBe('15000');
    expect(value('passedTimeout')).toBe('30000');
  });

  it('reads class fields and constructor assignments through this', () => {
    expect(formsOf(expressionValue(analysis, '`${this.baseUrl}/raas/v2/orders`'), resolver)).toEqual([
      'https://integration-api.tangocard.com/raas/v2/orders',
    ]);
    expect(show(expressionValue(analysis, 'this.timeout'), resolver)).toBe('25000');
    expect(value('classUrl')).toBe('function(ordersUrl)');
  });

  it('follows ESM default, named and namespace imports', () => {
    expect(value('defaultImport')).toBe("env(TANGO_BASE_URL ?? 'https://integration-api.tangocard.com')");
    expect(value('namedImport')).toBe("env(TANGO_BASE_URL ?? 'https://integration-api.tangocard.com')");
    expect(value('namespaceImport')).toBe("'/raas/v2'");
  });

  it('follows re-exports: renamed, star, default and namespace', () => {
    expect(value('renamedReexport')).toBe("'https://integration-api.tangocard.com'");
    expect(value('starReexport')).toBe("'/raas/v2/orders'");
    expect(value('defaultReexport')).toBe('3');
    expect(value('namespaceReexported')).toBe('15000');
  });

  it('resolves tsconfig paths aliases, including a folder index', () => {
    expect(value('pathAlias')).toBe("env(TANGO_BASE_URL ?? 'https://integration-api.tangocard.com')");
    expect(value('pathAliasIndex')).toBe("'acme-rewards'");
  });
});

describe('value resolver: CommonJS', () => {
  const analysis = analyzeFixture(['commonjs-config', 'src', 'uses.js']);
  const { resolver } = analysis;
  const forms = (name: string): string[] => formsOf(variableValue(analysis, name), resolver);

  it('follows require of module.exports objects and exports.x assignments', () => {
    expect(forms('ordersUrl')).toEqual(['${env:TANGO_BASE_URL}/raas/v2/orders', 'https://integration-api.tangocard.com/raas/v2/orders']);
    expect(forms('customersUrl')).toEqual([
      '${env:TANGO_BASE_URL}/raas/v2/customers',
      'https://integration-api.tangocard.com/raas/v2/customers',
    ]);
    expect(show(variableValue(analysis, 'viaNamespace'), resolver)).toBe("'/raas/v2/orders'");
  });

  it('follows module.exports = exports = {...} and module.exports.x additions', () => {
    expect(forms('catalogUrl')).toContain('https://integration-api.tangocard.com/raas/v2/catalogs');
    expect(forms('accountsUrl')).toContain('https://integration-api.tangocard.com/raas/v2/accounts');
  });

  it('reads constants inside the required module', () => {
    expect(show(variableValue(analysis, 'timeout'), resolver)).toBe('20000');
  });

  it('reads required JSON files', () => {
    expect(show(variableValue(analysis, 'jsonBaseUrl'), resolver)).toBe("'https://api.tangocard.com'");
    expect(show(variableValue(analysis, 'jsonTimeout'), resolver)).toBe('30000');
  });

  it('lets ESM import a CommonJS module', () => {
    const esm = analyzeFixture(['commonjs-config', 'src', 'esm-user.mjs']);
    expect(formsOf(variableValue(esm, 'ordersUrl'), esm.resolver)).toEqual([
      '${env:TANGO_BASE_URL}/raas/v2/orders',
      'https://integration-api.tangocard.com/raas/v2/orders',
    ]);
  });
});

describe('value resolver: cycles terminate as unknown', () => {
  const analysis = analyzeFixture(['cyclic-imports', 'src', 'uses.ts']);
  const { resolver } = analysis;
  const value = (name: string): string => show(variableValue(analysis, name), resolver);

  it('stops at cyclic imports', () => {
    expect(show(referenceValue(analysis, 'a'), resolver)).toBe('unknown');
    // The hole keeps the name it was reached by.
    expect(formsOf(referenceValue(analysis, 'aUrl'), resolver)).toEqual(['${b}/orders']);
  });

  it('stops at cyclic star and named re-exports', () => {
    expect(show(referenceValue(analysis, 'fromA'), resolver)).toBe("'a'");
    expect(show(referenceValue(analysis, 'fromB'), resolver)).toBe("'b'");
    expect(show(referenceValue(analysis, 'missingName'), resolver)).toBe('unknown');
    expect(show(referenceValue(analysis, 'loop'), resolver)).toBe('unknown');
  });

  it('stops at mutually requiring CommonJS modules', () => {
    expect(show(referenceValue(analysis, 'cjs'), resolver)).toBe("{ value: unknown, own: 'a' }");
  });

  it('stops at self-referential constants, spreads and recursion', () => {
    expect(value('selfReferential')).toBe("concat(unknown, '/x')");
    expect(value('selfSpread')).toBe("{ url: 'https://api.tangocard.com', … }");
    expect(value('first')).toBe('unknown');
    expect(value('recursed')).toBe('unknown');
    // Later assignments are not followed: the property keeps its initializer.
    expect(show(expressionValue(analysis, 'object.self'), resolver)).toBe('{}');
    expect(value('merged')).toMatch(/^\{ timeout: 1, /);
  });
});

describe('value resolver: closures, logic, hoisting, classes, rest and callers', () => {
  const analysis = analyzeFixture(['value-forms', 'src', 'more.ts']);
  const { resolver } = analysis;
  const value = (name: string): string => show(variableValue(analysis, name), resolver);

  it('binds the parameters of the enclosing function in a closure', () => {
    expect(formsOf(variableValue(analysis, 'ordersUrl'), resolver)).toEqual(['https://integration-api.tangocard.com/raas/v2/orders']);
  });

  it('keeps what && and || let through', () => {
    expect(value('andTrue')).toBe("'https://api.tangocard.com'");
    expect(value('andFalse')).toBe('false');
    expect(value('orTrue')).toBe("'https://api.tangocard.com'");
  });

  it('finds var declarations hoisted out of blocks', () => {
    expect(value('fromHoisted')).toBe("'https://integration-api.tangocard.com'");
    const used = (name: string): string => show(referenceValue(analysis, name), resolver);
    expect(['fromTry', 'fromCatch', 'fromFinally', 'fromCase', 'fromDefault', 'fromElse'].map(used)).toEqual(['1', '2', '3', '4', '5', '7']);
  });

  it('finds the returns of every nested statement, and not those of a nested function', () => {
    expect(value('picked')).toBe("alt('a' | 'b' | 'c' | 'd')");
  });

  it('keeps a var of a nested function inside it', () => {
    expect(show(referenceValue(analysis, 'fromInner'), resolver)).toBe('global(fromInner)');
  });

  it('reads static members, getters and assignments made in methods', () => {
    expect(value('staticTimeout')).toBe('20000');
    expect(value('staticGetter')).toBe("'https://integration-api.tangocard.com'");
    expect(value('instanceGetter')).toBe('alt(1 | 5)');
  });

  it('treats rest parameters as unknown and rest elements as the remaining object', () => {
    expect(value('fromRest')).toBe('member(unknown.0)');
    expect(show(referenceValue(analysis, 'retries'), resolver)).toBe('2');
    expect(value('restTimeout')).toBe('30000');
  });

  it('gives a local wrapper the arguments of its calls, with defaults for missing ones', () => {
    const urlInWrapper = returnedValue(analysis, 'send');
    expect(show(resolver.property(urlInWrapper, 'timeout'), resolver)).toBe('alt(15000 | 30000)');
    expect(formsOf(resolver.property(urlInWrapper, 'url') ?? urlInWrapper, resolver)).toEqual([
      'https://integration-api.tangocard.com/raas/v2/orders',
      'https://integration-api.tangocard.com/raas/v2/catalogs',
    ]);
    expect(show(resolver.property(variableValue(analysis, 'sentCatalogs'), 'timeout'), resolver)).toBe('30000');
  });

  it('gives a closure called inside a function the arguments of the call being followed', () => {
    expect(formsOf(variableValue(analysis, 'sandboxOrders'), resolver)).toEqual(['https://integration-api.tangocard.com/raas/v2/orders']);
  });

  it('keeps unknown among the arguments of an exported function', () => {
    expect(show(returnedValue(analysis, 'exportedSend'), resolver)).toBe("alt(unknown | 'https://api.tangocard.com/raas/v2/orders')");
  });
});

describe('value resolver: quick questions', () => {
  // `all.fn` is found only in the first of 300 spreads: each of the others is resolved first.
  const lines = ['function login(password: string) { return password; }', 'const a0 = { fn: login };'];
  for (let i = 1; i < 300; i++) lines.push(`const a${i} = { n: ${i} };`);
  lines.push(`const all = { ${Array.from({ length: 300 }, (_, i) => `...a${i}`).join(', ')} };`, 'export const callee = all.fn;');
  const analysis = analyze({ filePath: path.join(os.tmpdir(), 'tango-quick', 'spreads.ts'), text: lines.join('\n'), settings: DEFAULT_SETTINGS });
  const statement = analysis.sourceFile.statements.at(-1) as ts.VariableStatement;
  const expression = statement.declarationList.declarations[0]?.initializer as ts.Expression;

  it('gives up after a few hundred steps, and does not keep the answer it cut short', () => {
    expect(analysis.resolver.quickValue(expression).kind).toBe('unknown');
    expect(analysis.resolver.value(expression).kind).toBe('function');
    // The full answer is kept, and a quick question gets it too.
    expect(analysis.resolver.quickValue(expression).kind).toBe('function');
  });
});
