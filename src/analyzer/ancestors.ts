import type ts from 'typescript';

/** Ancestors looked at directly before answers are cached: most questions end a few levels up. */
const UNCACHED_STEPS = 48;

/**
 * The nearest node from `start` upwards (`start` itself included) that `matches`, or undefined.
 * A short way up is walked directly. Past it, the answer is stored in `cache` for every node
 * passed, so asking for each node of a 10,000-deep expression costs linear, not quadratic, time.
 * A cache must only ever be used with the same `matches`.
 */
export function nearestAncestor(start: ts.Node | undefined, matches: (node: ts.Node) => boolean, cache: WeakMap<ts.Node, ts.Node | null>): ts.Node | undefined {
  let current = start;
  for (let step = 0; current && step < UNCACHED_STEPS; step++, current = current.parent) {
    if (matches(current)) return current;
  }
  const passed: ts.Node[] = [];
  let found: ts.Node | null = null;
  for (; current; current = current.parent) {
    const known = cache.get(current);
    if (known !== undefined) {
      found = known;
      break;
    }
    passed.push(current);
    if (matches(current)) {
      found = current;
      break;
    }
  }
  for (const node of passed) cache.set(node, found);
  return found ?? undefined;
}
