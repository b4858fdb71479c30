import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import * as analyzer from '../../src/analyzer/index.js';
import type { FileAnalysis } from '../../src/analyzer/index.js';
import plugin from '../../src/index.js';
import { rules } from '../../src/rules/index.js';
import { FIXTURES } from '../rules/rule-tester.js';

export { FIXTURES };
export { at } from './mutations.js';

/** The value of `key`, which the caller knows is there. */
export function get<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`nothing under ${String(key)}`);
  return value;
}

/** Fact modules exported by the analyzer that take more than the analysis, with the arguments to try. */
const EXTRA_ARGUMENTS: Record<string, readonly (readonly unknown[])[]> = {
  dpopFindings: Object.keys(rules)
    .filter((id) => id.startsWith('dpop-'))
    .map((id) => [id]),
  timeoutFindings: [[15_000], [1]],
};

/** Fact modules whose name does not end in `Findings`. */
const OTHER_FACTS = ['browserContext', 'publicEnvReads', 'dpopModel'];

/** How many facts each fact module gave for a file. */
export interface FactCounts {
  requests: number;
  tangoRequests: number;
  [fact: string]: number;
}

/**
 * Every fact the analyzer exports for a file, computed: the requests, the Tango requests, and
 * each `…Findings` function of `src/analyzer/index.ts` (new fact modules are picked up by name).
 * Returns how many facts each gave, so a caller can also check they are stable.
 */
export function computeAllFacts(analysis: FileAnalysis): FactCounts {
  const counts: FactCounts = {
    requests: analysis.requests.length,
    tangoRequests: analysis.tangoRequests.length,
  };
  for (const [name, fn] of Object.entries(analyzer)) {
    if (typeof fn !== 'function' || !(name.endsWith('Findings') || OTHER_FACTS.includes(name))) continue;
    for (const extra of EXTRA_ARGUMENTS[name] ?? [[]]) {
      const result: unknown = (fn as (a: FileAnalysis, ...rest: unknown[]) => unknown)(analysis, ...extra);
      counts[[name, ...extra].join(':')] = Array.isArray(result) ? result.length : result === undefined ? 0 : 1;
    }
  }
  return counts;
}

/** A temporary folder holding a project (with its own package.json), removed by the returned function. */
export function tempProject(prefix: string, files: Record<string, string | Buffer> = {}): { dir: string; remove: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `tango-${prefix}-`)));
  writeFiles(dir, { 'package.json': `{"name":"${prefix}","private":true}\n`, ...files });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** ESLint with every tango rule (`configs.all`), the way a project would run it. */
export function eslintAll(cwd: string, options: ESLint.Options = {}): ESLint {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [plugin.configs.all], ...options });
}

/** Messages that mean the linter itself failed rather than found something. */
export function internalErrors(results: readonly ESLint.LintResult[]): string[] {
  return results.flatMap((result) =>
    result.messages
      .filter((m) => m.message.includes('could not analyse') || (m.fatal && !m.message.startsWith('Parsing error:')))
      .map((m) => `${result.filePath}: ${m.message}`),
  );
}

/**
 * A webpack-style minified bundle of about `bytes` bytes on one line: many modules each with
 * Tango requests through axios and fetch, TLS agents, Basic credentials from env, loops,
 * classes and regular expressions, so every fact module has work to do.
 */
export function minifiedBundle(bytes: number): string {
  const chunks: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const n = `_${i.toString(36)}`;
    const chunk =
      `${i}:function(e,t,n){"use strict";var r${n}=n(${i + 1}),o${n}=n.n(r${n}),a${n}="https://integration-api.tangocard.com/raas/v2",` +
      `s${n}={timeout:${i % 3 === 0 ? 5e3 : 3e4},headers:{"Content-Type":"application/json",Authorization:"Basic "+btoa(process.env.TANGO_USER+":"+process.env.TANGO_KEY)}};` +
      `function c${n}(e){return o${n}().post(a${n}+"/orders",{accountIdentifier:e.a,customerIdentifier:e.c,utid:"U${i}",amount:e.v,externalRefID:e.id},s${n})}` +
      `var u${n}=o${n}().create({baseURL:a${n},httpsAgent:new(n(7).Agent)({rejectUnauthorized:${i % 5 === 0 ? '!1' : '!0'}})});` +
      `class l${n}{constructor(e){this.k=e,this.m=new Map}async get(e){const t=await fetch(\`\${a${n}}/catalogs?x=\${e}\`,{signal:AbortSignal.timeout(2e4)});return t.ok?t.json():Promise.reject(new Error("E"+t.status))}}` +
      `for(var d${n}=0,f${n}=[1,2,3].map(function(e){return e*${i}});d${n}<f${n}.length;d${n}++)f${n}[d${n}]=/^[a-z]+\\d*$/i.test(String(f${n}[d${n}]))?f${n}[d${n}]:0;` +
      `async function g${n}(e,t=0){try{return await c${n}(e)}catch(r){if(t<3)return await new Promise(function(e){setTimeout(e,1e3*2**t)}),g${n}(e,t+1);throw r}}` +
      `t.default={create:c${n},retry:g${n},client:u${n},Catalog:l${n},id:"${n}".split("").reverse().join("")+${i}}},`;
    chunks.push(chunk);
    size += chunk.length;
  }
  return `!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={exports:{}};return e[r].call(o.exports,o,o.exports,n),o.exports}n.n=function(e){return e&&e.__esModule?function(){return e.default}:function(){return e}},n(0)}({${chunks.join('')}});`;
}

/** CPU time (user + system) spent by `run`, in milliseconds: steadier than wall time on a busy machine. */
export function cpuTime(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
