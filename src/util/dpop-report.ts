import type { TSESLint } from '@typescript-eslint/utils';
import type { DpopRule } from '../analyzer/index.js';
import { dpopFindings } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from './analysis.js';

/**
 * The `create` of a DPoP rule: reports the rule's findings from the shared DPoP analysis, each
 * problem under its message id, with the rule's suggestion where the analysis has a rewrite.
 */
export function reportDpopFindings<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, []>>,
  rule: DpopRule,
  messageIds: Readonly<Record<string, MessageIds>>,
  suggestion?: MessageIds,
): TSESLint.RuleListener {
  return {
    'Program:exit'() {
      for (const finding of dpopFindings(getAnalysis(context), rule)) {
        const messageId = messageIds[finding.problem];
        if (!messageId) continue;
        context.report({
          loc: locOf(context, finding.range),
          messageId,
          data: finding.data,
          suggest: finding.fix && suggestion ? [{ messageId: suggestion, data: finding.data, fix: applyEdit(finding.fix) }] : [],
        });
      }
    },
  };
}
