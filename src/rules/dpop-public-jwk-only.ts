import { createRule } from '../util/create-rule.js';
import { reportDpopFindings } from '../util/dpop-report.js';

type MessageIds = 'privateMember' | 'privateExport' | 'privateHalf' | 'privateFile' | 'privateAsPublic';

const messageIds: Record<string, MessageIds> = {
  'private-member': 'privateMember',
  'private-export': 'privateExport',
  'private-half': 'privateHalf',
  'private-file': 'privateFile',
  'private-as-public': 'privateAsPublic',
};

export default createRule<[], MessageIds>({
  name: 'dpop-public-jwk-only',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow private key material in the `jwk` header of DPoP proofs',
      recommended: 'error',
    },
    schema: [],
    messages: {
      privateMember:
        'The `jwk` header carries the private member `{{detail}}`, which publishes the private key in every proof. Send the public members only (EC: kty, crv, x, y; RSA: kty, n, e).',
      privateExport:
        'The `jwk` header is exported from a private key (`{{detail}}`), which publishes it in every proof. Export the public key instead: `exportJWK(publicKey)`.',
      privateHalf: 'The `jwk` header holds the private half of the key pair. Put the public key there: `await exportJWK(keyPair.publicKey)`.',
      privateFile:
        'The `jwk` header is loaded from `{{detail}}`, a private key file, so every proof publishes the private key. Derive the public JWK from it and send only that.',
      privateAsPublic:
        '`{{name}}` is exported from a private key (`{{detail}}`), so it holds the private key, and a proof that sends it as `jwk` publishes it. Export the public key instead: `exportJWK(publicKey)`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return reportDpopFindings(context, 'dpop-public-jwk-only', messageIds);
  },
});
