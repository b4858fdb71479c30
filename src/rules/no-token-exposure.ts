import { tokenExposureFindings } from '../analyzer/index.js';
import type { TokenExposureProblem } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'response' | 'cookie' | 'redirect' | 'header' | 'relay' | 'setHttpOnly';

const messageIds: Record<TokenExposureProblem, MessageIds> = {
  response: 'response',
  cookie: 'cookie',
  redirect: 'redirect',
  header: 'header',
  relay: 'relay',
};

export default createRule<[], MessageIds>({
  name: 'no-token-exposure',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow sending a Tango access token to clients or relaying a client's Authorization header to Tango",
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      response:
        'This sends the Tango access token to the client ({{sink}}); whoever holds it can call Tango as your platform until it expires. Keep the token on the server and make the Tango calls there.',
      cookie:
        'This cookie carries the Tango access token without `httpOnly`, so any script in the page can read it. Keep the token on the server; if it must travel in a cookie, make the cookie `httpOnly`.',
      redirect:
        'This redirect puts the Tango access token in a URL, where browser history, server logs and Referer headers keep it. Keep the token on the server.',
      header: 'This response header sends the Tango access token to the client ({{sink}}). Keep the token on the server.',
      relay:
        'The `Authorization` sent to Tango here comes from the incoming request, so the caller chooses the credential Tango sees. Authenticate to Tango with the platform’s own token, obtained on the server.',
      setHttpOnly: 'Set `httpOnly: true` on this cookie.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of tokenExposureFindings(getAnalysis(context))) {
          context.report({
            loc: locOf(context, finding.range),
            messageId: messageIds[finding.problem],
            data: { sink: finding.sink },
            suggest: finding.fix ? [{ messageId: 'setHttpOnly', fix: applyEdit(finding.fix) }] : [],
          });
        }
      },
    };
  },
});
