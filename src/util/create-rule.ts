import { ESLintUtils } from '@typescript-eslint/utils';
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

const ruleCreator = ESLintUtils.RuleCreator<TangoRuleDocs>(docsUrl);

/**
 * Defines a tango rule. Every rule's listeners are wrapped so that an internal error while
 * analysing one file becomes one message on that file and ESLint goes on with the others.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, TangoRuleDocs>>,
): ReturnType<typeof ruleCreator<Options, MessageIds>> {
  return ruleCreator<Options, MessageIds>({
    ...rule,
    create: (context, options) => containInternalErrors(rule.name, context, () => rule.create(context, options)),
  });
}
