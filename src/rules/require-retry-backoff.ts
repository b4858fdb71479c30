import type { BackoffFinding } from '../analyzer/index.js';
import { backoffFindings, RETRY_NAMES } from '../analyzer/index.js';
import { getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'noDelay' | 'constantDelay' | 'clientErrors';

const messageIds: Record<BackoffFinding['problem'], MessageIds> = {
  'no-delay': 'noDelay',
  'constant-delay': 'constantDelay',
  'client-errors': 'clientErrors',
};

export default createRule<[], MessageIds>({
  name: 'require-retry-backoff',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require retries of Tango requests to back off exponentially and to skip client errors',
      recommended: 'warn',
    },
    schema: [],
    messages: {
      noDelay:
        'This retry of a Tango request ({{retry}}) does not wait between attempts. Wait longer after each failure: exponential backoff such as `base * 2 ** attempt`, with jitter.',
      constantDelay:
        'This retry of a Tango request ({{retry}}) waits the same time before every attempt. Make the wait grow after each failure: exponential backoff such as `base * 2 ** attempt`, with jitter.',
      clientErrors:
        'This retry of a Tango request ({{retry}}) repeats client errors ({{codes}}), which fail the same way every time. Retry only on 408, 429, 5xx and network errors.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of backoffFindings(getAnalysis(context))) {
          context.report({
            loc: locOf(context, finding.range),
            messageId: messageIds[finding.problem],
            data: { retry: RETRY_NAMES[finding.retry], codes: formatCodes(finding.codes ?? []) },
          });
        }
      },
    };
  },
});

function formatCodes(codes: readonly number[]): string {
  if (codes.length >= 98) return 'every 4xx';
  return codes.length > 4 ? `${codes.slice(0, 4).join(', ')} and ${codes.length - 4} more` : codes.join(', ');
}
