import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import { containInternalErrors } from './containment.js';

/** Rule documentation metadata; `recommended` is the severity in the recommended config. */
export interface TangoRuleDocs {
  description: string;
  recommended: 'error' | 'warn' | false;
  /** Also in the `strict` config (every recommended rule is, at error). */
  strict?: boolean;
}

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-tango/eslint-plugin-tango';

/** The docs page of a rule. */
export function docsUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;
}

/** A tango rule as ESLint loads it; `name` is the rule id without the plugin prefix. */
export type TangoRule<Options extends readonly unknown[], MessageIds extends string> = TSESLint.RuleModule<MessageIds, Options, TangoRuleDocs> & {
  readonly name: string;
};

/**
 * Defines a tango rule: adds the docs URL, merges the user's options over the defaults (a rule
 * configured without options gets the defaults themselves, never a copy per file), and wraps
 * every listener so that an internal error while analysing one file becomes one message on that
 * file and ESLint goes on with the others.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, TangoRuleDocs>>,
): TangoRule<Options, MessageIds> {
  const { create, defaultOptions, meta, name } = rule;
  const defaults: Options = meta.defaultOptions ?? defaultOptions ?? ([] as unknown as Options);
  return {
    meta: { ...meta, docs: { ...meta.docs, url: docsUrl(name) } },
    defaultOptions,
    name,
    create(context) {
      const options = context.options.length === 0 ? defaults : ESLintUtils.applyDefault<Options, Options>(defaults, context.options as Options);
      return containInternalErrors(name, context, () => create(context, options));
    },
  };
}
