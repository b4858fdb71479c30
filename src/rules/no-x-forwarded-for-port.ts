import type { ForwardedForFinding } from '../analyzer/index.js';
import { forwardedForFindings } from '../analyzer/index.js';
import { getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'port' | 'rawHeader' | 'incomingHeaders' | 'proxyXfwd';

const messageIds: Record<ForwardedForFinding['problem'], MessageIds> = {
  port: 'port',
  'raw-header': 'rawHeader',
  'incoming-headers': 'incomingHeaders',
  'proxy-xfwd': 'proxyXfwd',
};

export default createRule<[], MessageIds>({
  name: 'no-x-forwarded-for-port',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `X-Forwarded-For` values sent to Tango that can carry a port',
      recommended: 'error',
    },
    schema: [],
    messages: {
      port: "This `X-Forwarded-For` value sent to Tango can carry a port (`ip:port`), which Tango's load balancer rejects with 403. Send the client IP alone.",
      rawHeader:
        "This passes the incoming `X-Forwarded-For` header to Tango as it is; an upstream proxy may have written `ip:port`, which Tango's load balancer rejects with 403. Strip the port, or send the client IP alone.",
      incomingHeaders:
        "This copies every incoming header into the Tango request, including an `X-Forwarded-For` that may carry a port, which Tango's load balancer rejects with 403. Pick the headers to send and set `X-Forwarded-For` to an IP alone.",
      proxyXfwd:
        "With `xfwd: true` this proxy passes the incoming `X-Forwarded-For` chain on to Tango, where an `ip:port` entry makes the load balancer answer 403. Turn `xfwd` off and set `X-Forwarded-For` to the client IP alone in the proxy's request hook.",
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of forwardedForFindings(getAnalysis(context))) {
          context.report({ loc: locOf(context, finding.range), messageId: messageIds[finding.problem] });
        }
      },
    };
  },
});
