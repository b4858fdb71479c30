import { createRule } from '../util/create-rule.js';
import { reportDpopFindings } from '../util/dpop-report.js';

type MessageIds =
  | 'typ'
  | 'typMissing'
  | 'typDefault'
  | 'alg'
  | 'algDefault'
  | 'jwkMissing'
  | 'iatMilliseconds'
  | 'iatConstant'
  | 'iatModuleLoad'
  | 'iatDateObject'
  | 'iatMissing'
  | 'htmMismatch'
  | 'htmInvalid'
  | 'htmAxiosLowercase'
  | 'missingClaim';

const messageIds: Record<string, MessageIds> = {
  typ: 'typ',
  'typ-missing': 'typMissing',
  'typ-default': 'typDefault',
  alg: 'alg',
  'alg-default': 'algDefault',
  'jwk-missing': 'jwkMissing',
  'iat-milliseconds': 'iatMilliseconds',
  'iat-constant': 'iatConstant',
  'iat-module-load': 'iatModuleLoad',
  'iat-date-object': 'iatDateObject',
  'iat-missing': 'iatMissing',
  'htm-mismatch': 'htmMismatch',
  'htm-invalid': 'htmInvalid',
  'htm-axios-lowercase': 'htmAxiosLowercase',
  'missing-claim': 'missingClaim',
};

export default createRule<[], MessageIds>({
  name: 'dpop-valid-proof',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require DPoP proofs with `typ: dpop+jwt`, an asymmetric algorithm, `iat` in seconds and the request\'s method',
      recommended: 'error',
    },
    schema: [],
    messages: {
      typ: 'The proof\'s `typ` is "{{typ}}", but a DPoP proof must declare `typ: "dpop+jwt"` or servers reject it.',
      typMissing: 'The proof header has no `typ`; a DPoP proof must declare `typ: "dpop+jwt"`.',
      typDefault: 'jsonwebtoken writes `typ: "JWT"` unless told otherwise; a DPoP proof needs `header: { typ: "dpop+jwt" }`.',
      alg: 'The proof is signed with `{{alg}}`, but a DPoP proof needs an asymmetric algorithm (ES256, RS256, EdDSA) whose public key is in `jwk`.',
      algDefault: 'jsonwebtoken signs with HS256 when no `algorithm` is given, but a DPoP proof needs an asymmetric algorithm such as ES256.',
      jwkMissing: 'The proof header has no `jwk`; a DPoP proof must carry its public key there.',
      iatMilliseconds:
        '`iat` is `{{expression}}`, in milliseconds, but JWT times are in seconds, so the proof looks issued far in the future. Use `Math.floor(Date.now() / 1000)`.',
      iatConstant: '`iat` is a constant, but it must be the time the proof is made, within 60 seconds of the server\'s clock. Compute it per proof.',
      iatModuleLoad:
        '`iat` reads `{{expression}}`, computed once when the module loaded, so later proofs fall outside the server\'s 60-second window. Compute it per proof.',
      iatDateObject: '`iat` is a Date, which serialises as a date string, but it must be a number of seconds. Use `Math.floor(Date.now() / 1000)`.',
      iatMissing: 'This DPoP proof has no `iat`, and servers reject proofs without an issue time. Call `setIssuedAt()` or add `iat` in seconds.',
      htmMismatch: 'The proof\'s `htm` is "{{htm}}" but it is sent with a {{method}} request, so the server rejects it. Use the request\'s method.',
      htmInvalid: '`htm` is "{{htm}}", which is not an HTTP method as sent on the wire; use the upper-case method of the request (GET, POST, ...).',
      htmAxiosLowercase:
        'axios lower-cases `config.method` before interceptors run, so this `htm` is "get" or "post" and never matches the request. Use `config.method.toUpperCase()`.',
      missingClaim: 'This DPoP proof has no `{{claim}}` claim; every proof needs `htm` and `htu`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return reportDpopFindings(context, 'dpop-valid-proof', messageIds);
  },
});
