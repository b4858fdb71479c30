import ts from 'typescript';
import type { ProjectFiles } from './project.js';
import { projectFor, scriptKindOf } from './project.js';
import type { HttpRequest } from './requests.js';
import { findRequests } from './requests.js';
import { mayReachTango } from './text-hints.js';
import type { TangoSettings } from './settings.js';
import type { TangoEvidence } from './tango.js';
import { tangoEvidence } from './tango.js';
import { ValueResolver } from './values.js';
import { createSourceFile } from './syntax.js';

/** What the analyzer is given for one file: plain data, no ESLint objects. */
export interface AnalysisInput {
  readonly filePath: string;
  readonly text: string;
  readonly settings: TangoSettings;
  /** A TypeScript AST of exactly `text`, when the caller already has one (the TypeScript parser's). */
  readonly sourceFile?: ts.SourceFile | undefined;
}

/** A request known to go to Tango, with the evidence. */
export interface TangoRequest {
  readonly request: HttpRequest;
  readonly evidence: TangoEvidence;
}

const resolvers = new WeakMap<ProjectFiles, ValueResolver>();

/**
 * The analysis of one file. Facts are computed on first use and kept, so every rule linting the
 * file shares one computation; `memo` lets fact modules add their own.
 */
export class FileAnalysis {
  readonly sourceFile: ts.SourceFile;
  readonly settings: TangoSettings;
  readonly project: ProjectFiles;
  readonly resolver: ValueResolver;
  private readonly memos = new Map<string, unknown>();

  constructor(input: AnalysisInput) {
    this.sourceFile =
      input.sourceFile && input.sourceFile.text === input.text
        ? input.sourceFile
        : createSourceFile(input.filePath, input.text, ts.ScriptTarget.Latest, true, scriptKindOf(input.filePath));
    this.settings = input.settings;
    this.project = projectFor(input.filePath);
    this.project.setOverlay(this.sourceFile);
    let resolver = resolvers.get(this.project);
    if (!resolver) {
      resolver = new ValueResolver(this.project);
      resolvers.set(this.project, resolver);
    }
    this.resolver = resolver;
  }

  get filePath(): string {
    return this.sourceFile.fileName;
  }

  /** Computes a fact once per file. Keys are module-qualified names such as `tls:findings`. */
  memo<T>(key: string, compute: () => T): T {
    const known = this.memos.get(key);
    if (known !== undefined || this.memos.has(key)) return known as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  /** Every outgoing HTTP request in the file. */
  get requests(): readonly HttpRequest[] {
    // Clients imported from project modules are only followed where a Tango request can be.
    return this.memo('requests', () => findRequests(this.sourceFile, this.resolver, { crossFile: mayReachTango(this) }));
  }

  /** The requests that go to Tango. */
  get tangoRequests(): readonly TangoRequest[] {
    return this.memo('tango-requests', () =>
      !mayReachTango(this) ? [] : this.requests.flatMap((request) => {
        const evidence = tangoEvidence(request, this.resolver, this.settings);
        return evidence ? [{ request, evidence }] : [];
      }),
    );
  }
}

/** Analyzes a file (the analysis is lazy: nothing is computed until a fact is asked for). */
export function analyze(input: AnalysisInput): FileAnalysis {
  return new FileAnalysis(input);
}
