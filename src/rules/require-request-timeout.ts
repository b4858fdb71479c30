import type { TimeoutFinding } from '../analyzer/index.js';
import { timeoutFindings } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type Options = [{ minimumMs?: number }];
type MessageIds = 'missing' | 'disabled' | 'tooShort' | 'defaultTooShort' | 'addTimeout' | 'raiseTimeout';

const DEFAULT_MINIMUM_MS = 15_000;

const messageIds: Record<TimeoutFinding['problem'], MessageIds> = {
  missing: 'missing',
  disabled: 'disabled',
  'too-short': 'tooShort',
  'default-too-short': 'defaultTooShort',
};

export default createRule<Options, MessageIds>({
  name: 'require-request-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Tango requests to set a timeout of at least 15 seconds',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          minimumMs: { type: 'integer', minimum: 1, description: 'The shortest acceptable timeout, in milliseconds.' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      missing:
        'This Tango request ({{client}}) sets no timeout. Set one of at least {{minimumMs}} ms so a stalled connection fails and can be retried.',
      disabled: 'This Tango request ({{client}}) disables its timeout. Set one of at least {{minimumMs}} ms.',
      tooShort:
        'This Tango request ({{client}}) can time out after {{ms}} ms; Tango needs at least {{minimumMs}} ms to answer. Raise the timeout.',
      defaultTooShort:
        "ky's default timeout is {{ms}} ms, shorter than the {{minimumMs}} ms Tango needs. Set `timeout` to at least {{minimumMs}}.",
      addTimeout: 'Add a {{minimumMs}} ms timeout.',
      raiseTimeout: 'Raise the timeout to {{minimumMs}} ms.',
    },
  },
  defaultOptions: [{ minimumMs: DEFAULT_MINIMUM_MS }],
  create(context, [options]) {
    const minimumMs = options.minimumMs ?? DEFAULT_MINIMUM_MS;
    return {
      'Program:exit'() {
        for (const finding of timeoutFindings(getAnalysis(context), minimumMs)) {
          const data = { client: finding.client, minimumMs, ms: finding.ms ?? 0 };
          const suggestion = finding.problem === 'too-short' ? 'raiseTimeout' : 'addTimeout';
          context.report({
            loc: locOf(context, finding.range),
            messageId: messageIds[finding.problem],
            data,
            suggest: finding.fix ? [{ messageId: suggestion, data, fix: applyEdit(finding.fix) }] : [],
          });
        }
      },
    };
  },
});
