import { tlsFindings } from '../analyzer/index.js';
import type { TlsProblem } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

const messageIds: Record<TlsProblem, string> = {
  'reject-unauthorized': 'rejectUnauthorized',
  'strict-ssl': 'strictSsl',
  insecure: 'insecure',
  'check-server-identity': 'checkServerIdentity',
  'min-version': 'minVersion',
  'env-reject-unauthorized': 'envRejectUnauthorized',
  'disable-tls-certs': 'disableTlsCerts',
  'insecure-agent': 'insecureAgent',
};

type MessageIds =
  | 'rejectUnauthorized'
  | 'strictSsl'
  | 'insecure'
  | 'checkServerIdentity'
  | 'minVersion'
  | 'envRejectUnauthorized'
  | 'disableTlsCerts'
  | 'insecureAgent'
  | 'removeOption';

export default createRule<[], MessageIds>({
  name: 'no-disabled-tls-verification',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow turning off or weakening TLS certificate verification',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      rejectUnauthorized:
        '`{{option}}` set to false accepts any certificate, so anyone on the network can pose as the server. Remove it; to trust a private CA, pass it with `ca`.',
      strictSsl:
        '`strictSSL: false` accepts any certificate, so anyone on the network can pose as the server. Remove it; to trust a private CA, pass it with `ca`.',
      insecure: '`insecure: true` skips certificate verification. Remove it and let the default trust store verify the server.',
      checkServerIdentity:
        'This `checkServerIdentity` accepts every certificate. Remove it, or return an error when `tls.checkServerIdentity(host, cert)` does.',
      minVersion: '`{{option}}` allows protocol versions older than TLS 1.2. Remove it or require TLSv1.2 or later.',
      envRejectUnauthorized:
        '`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate verification for every request of the process. Remove it and fix the trust store instead (NODE_EXTRA_CA_CERTS adds a CA).',
      disableTlsCerts: '`disableTLSCerts()` skips certificate verification. Remove it; to trust a private CA, use `.ca(...)`.',
      insecureAgent:
        'The `{{option}}` used here comes from {{definedIn}}, where it turns off certificate verification. Fix it there, or use an agent or options that verify certificates.',
      removeOption: 'Remove `{{option}}`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of tlsFindings(getAnalysis(context))) {
          const messageId = messageIds[finding.problem] as MessageIds;
          const data = { option: finding.option, definedIn: finding.definedIn ?? '' };
          context.report({
            loc: locOf(context, finding.range),
            messageId,
            data,
            suggest: finding.removal ? [{ messageId: 'removeOption', data, fix: applyEdit(finding.removal) }] : [],
          });
        }
      },
    };
  },
});
