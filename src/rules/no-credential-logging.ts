import { credentialLogFindings } from '../analyzer/index.js';
import { getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

export default createRule<[], 'logged'>({
  name: 'no-credential-logging',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow logging credentials, access tokens, Authorization headers and private keys',
      recommended: 'error',
    },
    schema: [],
    messages: {
      logged:
        'This `{{logger}}` call logs {{what}}. Logs are copied, shipped and kept far longer than a credential should be visible; log a redacted form (whether it is set, or its last 4 characters) or leave it out.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of credentialLogFindings(getAnalysis(context))) {
          context.report({ loc: locOf(context, finding.range), messageId: 'logged', data: { logger: finding.logger, what: finding.what } });
        }
      },
    };
  },
});
