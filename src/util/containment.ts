import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { SettingsError } from '../analyzer/index.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Listener = (...args: never[]) => void;

/** The longest error text quoted in a message: enough to recognise the bug, never a dump of source. */
const MAX_ERROR_TEXT = 200;

/** Files that already carry an internal-error message, so a failure shared by every rule is reported once. */
const reported = new WeakSet<object>();

/**
 * Runs a rule's `create` and wraps each listener it returns, so that an exception thrown while
 * analysing one file becomes one message on that file instead of aborting the whole ESLint run.
 * Invalid `settings.tango` is the user's to fix, not a bug: `SettingsError` propagates so ESLint
 * (or tango-lint) stops with one configuration error.
 */
export function containInternalErrors(ruleName: string, context: AnyContext, create: () => TSESLint.RuleListener): TSESLint.RuleListener {
  const guard = <A extends unknown[]>(run: (...args: A) => void) =>
    (...args: A): void => {
      try {
        run(...args);
      } catch (error) {
        if (error instanceof SettingsError) throw error;
        reportInternalError(ruleName, context, error);
      }
    };

  let listeners: TSESLint.RuleListener;
  try {
    listeners = create();
  } catch (error) {
    if (error instanceof SettingsError) throw error;
    return { Program: guard(() => reportInternalError(ruleName, context, error)) };
  }
  const wrapped: Record<string, Listener> = {};
  for (const [selector, listener] of Object.entries(listeners)) {
    if (typeof listener === 'function') wrapped[selector] = guard(listener as (...args: unknown[]) => void);
  }
  return wrapped as TSESLint.RuleListener;
}

function reportInternalError(ruleName: string, context: AnyContext, error: unknown): void {
  const ast = context.sourceCode.ast;
  if (reported.has(ast)) return;
  reported.add(ast);
  const file = displayPath(context);
  if (process.env.TANGO_LINT_DEBUG) {
    process.stderr.write(`tango/${ruleName} failed on ${file}:\n${(error as Error | undefined)?.stack ?? String(error)}\n`);
  }
  // A plain `message`: the text is the bridge's, not one of the rule's message ids.
  const { report } = context as unknown as { report(descriptor: { loc: { line: number; column: number }; message: string }): void };
  report.call(context, {
    loc: { line: 1, column: 0 },
    message: `tango/${ruleName} could not analyse ${file}: ${errorText(error)}. Please report it.`,
  });
}

function displayPath(context: AnyContext): string {
  const name = context.filename;
  if (!name || name.startsWith('<')) return 'this file';
  const relative = path.relative(context.cwd, name);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : name;
}

/** The first line of the error's message, shortened, without a closing period (the sentence adds its own). */
function errorText(error: unknown): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  let line = (raw.split('\n', 1)[0] ?? '').trim();
  if (line.length > MAX_ERROR_TEXT) line = `${line.slice(0, MAX_ERROR_TEXT)}…`;
  while (line.endsWith('.')) line = line.slice(0, -1);
  return line || 'unknown error';
}
