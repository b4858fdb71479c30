import path from 'node:path';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze, DEFAULT_SETTINGS } from '../../src/analyzer/index.js';
import { ValueResolver } from '../../src/analyzer/values.js';
import { at, computeAllFacts, eslintAll, internalErrors, minifiedBundle, tempProject } from './helpers.js';

const MB = 1_000_000;

/** Calls of `ts.forEachChild` made by the analyzer: how many nodes its walks open. */
const visits = vi.hoisted(() => ({ count: 0 }));
vi.mock('typescript', async (importOriginal) => {
  const original = (await importOriginal<{ default: typeof ts }>()).default;
  // The namespace's members are getters that cannot be redefined: a copy with a counting forEachChild.
  const counting = { ...original } as typeof ts;
  Object.defineProperty(counting, 'forEachChild', {
    value: (...args: Parameters<typeof ts.forEachChild>) => {
      visits.count++;
      return original.forEachChild(...args);
    },
  });
  return { ...counting, default: counting };
});

/**
 * The analyzer's work, counted rather than timed (timing is at the mercy of the machine):
 * resolver steps (every value, property, entries and return-value lookup), AST nodes opened by
 * its walks, and characters of source it reads back with `getText`. Work that grows faster than
 * the input (a walk of the whole file per request, say) shows up as more work per module.
 */
interface Work {
  resolverSteps: number;
  nodeVisits: number;
  textRead: number;
}

function countWork(run: () => void): Work {
  const work: Work = { resolverSteps: 0, nodeVisits: 0, textRead: 0 };
  for (const method of ['value', 'property', 'entries', 'returnValue'] as const) {
    const original = ValueResolver.prototype[method] as (...args: unknown[]) => unknown;
    vi.spyOn(ValueResolver.prototype, method).mockImplementation(function (this: ValueResolver, ...args: unknown[]) {
      work.resolverSteps++;
      return original.apply(this, args);
    } as never);
  }
  // getText lives on two prototypes: nodes', and tokens' and identifiers'.
  const probe = ts.createSourceFile('probe.ts', 'a;', ts.ScriptTarget.Latest, true);
  const identifier = (probe.statements[0] as ts.ExpressionStatement).expression;
  for (const proto of [Object.getPrototypeOf(Object.getPrototypeOf(probe)), Object.getPrototypeOf(Object.getPrototypeOf(identifier))] as { getText(sf?: ts.SourceFile): string }[]) {
    const original = proto.getText;
    vi.spyOn(proto, 'getText').mockImplementation(function (this: ts.Node, sourceFile?: ts.SourceFile) {
      const text = original.call(this, sourceFile);
      work.textRead += text.length;
      return text;
    });
  }
  visits.count = 0;
  run();
  work.nodeVisits = visits.count;
  vi.restoreAllMocks();
  return work;
}

/** How many modules (chunks) a bundle from `minifiedBundle` holds. */
const modulesIn = (bundle: string) => bundle.match(/:function\(e,t,n\)\{"use strict";/g)?.length ?? 0;

describe('a minified bundle', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('bundle');
  });
  afterAll(() => project.remove());
  afterEach(() => vi.restoreAllMocks());

  it('takes analyzer work linear in its size (1 MB against 5 MB, per module)', { timeout: 300_000 }, () => {
    const analyzeBundle = (bytes: number) => {
      const text = minifiedBundle(bytes);
      let facts: ReturnType<typeof computeAllFacts> = { requests: 0, tangoRequests: 0 };
      const work = countWork(() => {
        facts = computeAllFacts(analyze({ filePath: path.join(project.dir, `bundle-${bytes}.min.js`), text, settings: DEFAULT_SETTINGS }));
      });
      return { modules: modulesIn(text), work, facts };
    };
    const small = analyzeBundle(1 * MB);
    const large = analyzeBundle(5 * MB);
    expect(small.modules).toBeGreaterThan(500);
    expect(large.modules).toBeGreaterThan(4.5 * small.modules);
    // Every module's request is found and goes to Tango, and the TLS finding of every fifth module.
    expect(small.facts.tangoRequests).toBe(small.modules);
    expect(large.facts.tangoRequests).toBe(large.modules);
    expect(small.facts['tlsFindings']).toBe(Math.ceil(small.modules / 5));
    expect(large.facts['tlsFindings']).toBe(Math.ceil(large.modules / 5));
    for (const measure of ['resolverSteps', 'nodeVisits', 'textRead'] as const) {
      const perModule = (run: typeof small) => run.work[measure] / run.modules;
      expect(perModule(small), measure).toBeGreaterThan(0);
      // Linear: the same work per module at 5 MB as at 1 MB. Quadratic work would be 5 times as much.
      expect(perModule(large) / perModule(small), measure).toBeGreaterThan(0.95);
      expect(perModule(large) / perModule(small), measure).toBeLessThan(1.05);
    }
  });

  it('is linted at 5 MB by ESLint with every tango rule without an internal error', { timeout: 300_000 }, async () => {
    const bundle = minifiedBundle(5 * MB);
    const results = await eslintAll(project.dir).lintText(bundle, { filePath: path.join(project.dir, 'vendor.min.js') });
    expect(internalErrors(results)).toEqual([]);
    const { messages } = at(results, 0);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.filter((m) => m.ruleId === 'tango/no-disabled-tls-verification')).toHaveLength(Math.ceil(modulesIn(bundle) / 5));
  });
});
