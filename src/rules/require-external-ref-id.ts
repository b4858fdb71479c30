import type { OrderFinding } from '../analyzer/index.js';
import { orderFindings, RETRY_NAMES } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'missing' | 'misspelled' | 'constant' | 'empty' | 'oncePerProcess' | 'perAttempt' | 'renameKey';

const messageIds: Record<OrderFinding['problem'], MessageIds> = {
  missing: 'missing',
  misspelled: 'misspelled',
  constant: 'constant',
  empty: 'empty',
  'once-per-process': 'oncePerProcess',
  'per-attempt': 'perAttempt',
};

export default createRule<[], MessageIds>({
  name: 'require-external-ref-id',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Tango orders to carry a stable `externalRefID` so retries cannot place them twice',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missing:
        'This Tango order has no `externalRefID`, so a retry after a lost response can buy the reward twice. Add one taken from your own order or reward record.',
      misspelled:
        '`{{key}}` is not the idempotency key of a Tango order, so this order is sent without one. Name the key `externalRefID`.',
      constant:
        'This `externalRefID` is the same for every order, so Tango takes later orders for repeats of the first. Use an id from the order or reward record.',
      empty: 'This `externalRefID` is empty, so the order has no idempotency key. Use an id from the order or reward record.',
      oncePerProcess:
        'This `externalRefID` is computed once when the module loads and shared by every order. Take it from the order or reward record, or generate it for each order before any retry.',
      perAttempt:
        'This `externalRefID` is new on every attempt of {{retry}}, so a retry after a lost response places a second order. Generate it once before the retry, or take it from the order or reward record.',
      renameKey: 'Rename `{{key}}` to `externalRefID`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of orderFindings(getAnalysis(context))) {
          const data = { key: finding.key ?? '', retry: finding.retry ? RETRY_NAMES[finding.retry] : '' };
          context.report({
            loc: locOf(context, finding.range),
            messageId: messageIds[finding.problem],
            data,
            suggest: finding.rename ? [{ messageId: 'renameKey', data, fix: applyEdit(finding.rename) }] : [],
          });
        }
      },
    };
  },
});
