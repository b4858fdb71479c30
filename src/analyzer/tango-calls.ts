import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { isInside } from './backoff.js';
import { firstStartingAt, indexFile, nodesInside } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { findRequests } from './requests.js';
import type { ProjectFiles } from './project.js';
import type { TangoSettings } from './settings.js';
import { tangoEvidence } from './tango.js';
import { mayReachTango } from './text-hints.js';
import type { Value } from './values.js';
import { skipOuter } from './values.js';
import { isIdentifier, isPropertyAccessExpression } from './syntax.js';

/** Calls in the linted file that send a Tango request, directly or through a function (in any file of the project). */
export function tangoCalls(analysis: FileAnalysis): ReadonlyMap<ts.CallExpression, HttpRequest> {
  return analysis.memo('tango-calls:all', () => {
    const map = new Map<ts.CallExpression, HttpRequest>();
    if (!mayReachTango(analysis)) return map;
    for (const { request } of analysis.tangoRequests) map.set(request.node, request);
    for (const call of indexFile(analysis.sourceFile).calls) {
      if (map.has(call)) continue;
      const request = tangoRequestBehind(analysis, call);
      if (request) map.set(call, request);
    }
    return map;
  });
}

/** The first Tango request sent by the function a call invokes, in whichever project file it is written. */
export function tangoRequestBehind(analysis: FileAnalysis, call: ts.CallExpression): HttpRequest | undefined {
  const callee = skipOuter(call.expression);
  if (!isIdentifier(callee) && !isPropertyAccessExpression(callee)) return undefined;
  const fn = functionOf(analysis.resolver.value(call.expression));
  if (!fn?.body || isInside(call, fn)) return undefined;
  return firstRequestInside(tangoRequestsOf(analysis, fn.getSourceFile()), fn);
}

/**
 * The first request written inside `fn`. Requests are in source order, so bisect rather than
 * scan them all for every call (quadratic on bundles with thousands of requests).
 */
function firstRequestInside(requests: readonly HttpRequest[], fn: ts.Node): HttpRequest | undefined {
  for (let i = firstStartingAt(requests, fn.pos, (request) => request.node.pos); i < requests.length; i++) {
    const request = requests[i] as HttpRequest;
    if (request.node.pos >= fn.end) break;
    if (request.node.end <= fn.end) return request;
  }
  return undefined;
}

interface RequestCache {
  readonly settings: TangoSettings;
  readonly generation: number;
  readonly files: WeakMap<ts.SourceFile, readonly HttpRequest[]>;
}

const fileRequests = new WeakMap<ProjectFiles, RequestCache>();

/**
 * The Tango requests of a project file, found once per file version (and found again once any
 * file of the project changed, since a request's target can come from another module).
 */
export function tangoRequestsOf(analysis: FileAnalysis, sourceFile: ts.SourceFile): readonly HttpRequest[] {
  if (sourceFile === analysis.sourceFile) return analysis.memo('tango-calls:own-requests', () => analysis.tangoRequests.map((t) => t.request));
  const { resolver, settings, project } = analysis;
  let cache = fileRequests.get(project);
  if (!cache || cache.settings !== settings || cache.generation !== project.generation) {
    cache = { settings, generation: project.generation, files: new WeakMap() };
    fileRequests.set(project, cache);
  }
  let found = cache.files.get(sourceFile);
  if (!found) {
    found = findRequests(sourceFile, resolver).filter((r) => tangoEvidence(r, resolver, settings));
    cache.files.set(sourceFile, found);
  }
  return found;
}

/** The function a value is, when it is one (or the only function among alternatives). */
export function functionOf(value: Value): ts.FunctionLikeDeclaration | undefined {
  if (value.kind === 'function') return value.node;
  if (value.kind === 'alternatives') {
    const fns = value.options.filter((o) => o.kind === 'function');
    return fns.length === 1 && fns[0]?.kind === 'function' ? fns[0].node : undefined;
  }
  return undefined;
}

/** The calls written inside a node, from the file index. */
export function callsIn(scope: ts.Node): ts.CallExpression[] {
  return nodesInside(indexFile(scope.getSourceFile()).calls, scope);
}
