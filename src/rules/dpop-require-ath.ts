import { createRule } from '../util/create-rule.js';
import { reportDpopFindings } from '../util/dpop-report.js';

type MessageIds = 'missing' | 'missingArgument' | 'tokenAsNonce' | 'encoding' | 'hash' | 'rawToken' | 'notHashed';

const messageIds: Record<string, MessageIds> = {
  missing: 'missing',
  'missing-argument': 'missingArgument',
  'token-as-nonce': 'tokenAsNonce',
  encoding: 'encoding',
  hash: 'hash',
  'raw-token': 'rawToken',
  'not-hashed': 'notHashed',
};

export default createRule<[], MessageIds>({
  name: 'dpop-require-ath',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an `ath` claim, base64url(SHA-256(access token)), in DPoP proofs sent with an access token',
      recommended: 'error',
    },
    schema: [],
    messages: {
      missing: 'This DPoP proof is sent with an access token but has no `ath` claim. Add `ath`: the base64url-encoded SHA-256 hash of the access token.',
      missingArgument:
        '`generateProof` is called without the access token, so the proof has no `ath`, yet it is sent with one. Pass the token as the fifth argument.',
      tokenAsNonce:
        'The access token is passed as `generateProof`\'s fourth argument, the nonce: the proof gets no `ath` and carries the token in its `nonce` claim. Pass the nonce (or `undefined`) fourth and the token fifth.',
      encoding: '`ath` is encoded as {{detail}}, but it must be the SHA-256 hash of the access token encoded as base64url without padding.',
      hash: '`ath` is computed with {{detail}}, but it must be the SHA-256 hash of the access token, base64url-encoded.',
      rawToken: '`ath` holds the access token itself, which puts the token inside the proof. Use the base64url-encoded SHA-256 hash of the token.',
      notHashed: '`ath` encodes the access token without hashing it. Use the base64url encoding of the token\'s SHA-256 hash.',
    },
  },
  defaultOptions: [],
  create(context) {
    return reportDpopFindings(context, 'dpop-require-ath', messageIds);
  },
});
