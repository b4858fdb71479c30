import { ESLintUtils } from '@typescript-eslint/utils';

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

export const createRule = ESLintUtils.RuleCreator<TangoRuleDocs>(docsUrl);
