import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/analyzer/analysis.js';
import type { Retry } from '../../src/analyzer/retries.js';
import { retries, retryAround, runsPerAttempt } from '../../src/analyzer/retries.js';
import { analyzeFixture } from './helpers.js';

/** A retry summarised for assertions: kind, where it is written, its delay, client errors, calls. */
function summary(analysis: FileAnalysis, retry: Retry): string {
  const text = analysis.sourceFile.text;
  const line = (offset: number): number => analysis.sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
  const errors = retry.clientErrors ? ` 4xx=${retry.clientErrors.codes.join(',')}` : '';
  return `${retry.kind}@${line(retry.range[0])} ${retry.delay.growth}:${text.slice(...retry.delay.range).split('\n')[0]}${errors} calls=${retry.calls.length}`;
}

function callNamed(analysis: FileAnalysis, text: string): ts.Node {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isCallExpression(node) && node.getText() === text) found = node;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(analysis.sourceFile);
  if (!found) throw new Error(`no call ${text}`);
  return found;
}

describe('the retry model', () => {
  const analysis = analyzeFixture(['order-service', 'src', 'retry-shapes.ts']);

  it('recognises loops, recursion and helpers, with their delays and retried client errors', () => {
    expect(retries(analysis).map((retry) => summary(analysis, retry))).toEqual([
      'loop@12 constant:1000 calls=1',
      'loop@24 exponential:delay calls=1',
      'loop@35 exponential:250 * 2 ** i + Math.random() * 100 4xx=400 calls=1',
      'loop@47 exponential:backoffDelay(attempt) calls=1',
      'recursion@63 linear:1000 * (attempt + 1) calls=1',
      'p-retry@67 exponential:pRetry calls=1',
      'async-retry@68 constant:factor: 1 calls=1',
      'axios-retry@71 none:axiosRetry calls=0',
      'got@73 exponential:retry: { limit: 3, statusCodes: [404, 429, 503] } 4xx=404 calls=0',
    ]);
  });

  it('does not take a loop over orders for a retry', () => {
    expect(retries(analysis).some((retry) => summary(analysis, retry).startsWith('loop@76'))).toBe(false);
  });

  it('knows which retry repeats a call, and what runs once per attempt', () => {
    const inLoop = callNamed(analysis, 'createOrder(body)');
    const around = retryAround(analysis, inLoop);
    expect(around && summary(analysis, around)).toBe('loop@47 exponential:backoffDelay(attempt) calls=1');
    expect(around && runsPerAttempt(analysis, around, callNamed(analysis, 'backoffDelay(attempt)'))).toBe(true);
    expect(retryAround(analysis, callNamed(analysis, 'axios.post(`${BASE}/orders`, order)'))).toBeUndefined();
  });

  it('follows a retry loop into the wrapper and the delay helper of other modules', () => {
    const orders = analyzeFixture(['order-service', 'src', 'orders.ts']);
    expect(retries(orders).map((retry) => summary(orders, retry))).toEqual(['loop@9 exponential:backoffDelay(attempt) calls=1']);
    const [loop] = retries(orders);
    expect(loop?.calls[0]?.request.node.getSourceFile().fileName).toMatch(/tango-orders\.ts$/);
  });
});
