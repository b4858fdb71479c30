import { plainHttpFindings } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'httpUrl' | 'httpModule' | 'useHttps';

export default createRule<[], MessageIds>({
  name: 'require-https',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Tango URLs to use `https://`',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      httpUrl:
        'This Tango URL ({{host}}) starts with `http://`, so credentials, tokens and orders would cross the network unencrypted. Use `https://`.',
      httpModule:
        "This Tango request ({{host}}) is sent with Node's plain-text `http` module. Use the `https` module so credentials and orders are encrypted in transit.",
      useHttps: 'Use `https://`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of plainHttpFindings(getAnalysis(context))) {
          context.report({
            loc: locOf(context, finding.range),
            messageId: finding.problem === 'http-url' ? 'httpUrl' : 'httpModule',
            data: { host: finding.host },
            suggest: finding.fix ? [{ messageId: 'useHttps', fix: applyEdit(finding.fix) }] : [],
          });
        }
      },
    };
  },
});
