import { createRule } from '../util/create-rule.js';
import { reportDpopFindings } from '../util/dpop-report.js';

type MessageIds = 'bearerWithProof' | 'bearerTokenType' | 'bearerDpopToken' | 'bearerAlways' | 'useDpopScheme';

const messageIds: Record<string, MessageIds> = {
  'bearer-with-proof': 'bearerWithProof',
  'bearer-token-type': 'bearerTokenType',
  'bearer-dpop-token': 'bearerDpopToken',
  'bearer-always': 'bearerAlways',
};

export default createRule<[], MessageIds>({
  name: 'dpop-authorization-scheme',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the `DPoP` authorization scheme, not `Bearer`, for DPoP-bound access tokens',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      bearerWithProof:
        'This request sends a DPoP proof but presents its token as `Bearer`. A DPoP-bound token must be sent as `Authorization: DPoP <token>`; servers reject it under the Bearer scheme.',
      bearerTokenType:
        'This file expects DPoP-bound tokens (it checks for `token_type` DPoP) but sends this one as `Bearer`. Send it as `Authorization: DPoP <token>` together with a proof.',
      bearerDpopToken:
        'This access token comes from a token request that sent a DPoP proof, so it is DPoP-bound, yet it is sent as `Bearer`. Send it as `Authorization: DPoP <token>` together with a proof.',
      bearerAlways:
        'With `settings.tango.dpop` set to "always", Tango access tokens are DPoP-bound, but this Tango request sends `Bearer`. Send `Authorization: DPoP <token>` together with a proof.',
      useDpopScheme: 'Use the `DPoP` scheme.',
    },
  },
  defaultOptions: [],
  create(context) {
    return reportDpopFindings(context, 'dpop-authorization-scheme', messageIds, 'useDpopScheme');
  },
});
