import { accountInputFindings } from '../analyzer/index.js';
import type { AccountInputFinding } from '../analyzer/index.js';
import { getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'field' | 'body' | 'url';

const messageIds: Record<AccountInputFinding['problem'], MessageIds> = { field: 'field', body: 'body', url: 'url' };

export default createRule<[], MessageIds>({
  name: 'no-untrusted-account-input',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Tango requests whose account or customer comes from request input without an authorization check',
      recommended: 'error',
    },
    schema: [],
    messages: {
      field:
        'The `{{field}}` sent to Tango comes from {{source}}, so a caller can act on an account that is not theirs. Take it from the signed-in user (or check that they own it) before sending it.',
      body:
        'This Tango request sends what the client sent ({{source}}), so a caller can pick any account or customer. Build the body on the server, with identifiers taken from the signed-in user.',
      url:
        'The {{field}} identifier in this Tango URL comes from {{source}}, so a caller can read another account. Take it from the signed-in user (or check that they own it) first.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of accountInputFindings(getAnalysis(context))) {
          context.report({
            loc: locOf(context, finding.range),
            messageId: messageIds[finding.problem],
            data: { field: finding.field, source: finding.source },
          });
        }
      },
    };
  },
});
