import { mtlsFindings } from '../analyzer/index.js';
import { getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'missingCertificate' | 'missingCertificateMtlsOn' | 'standardHost';

export default createRule<[], MessageIds>({
  name: 'mtls-client-certificate',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require requests to Tango’s mTLS hosts to present a client certificate',
      recommended: 'error',
    },
    schema: [],
    messages: {
      missingCertificate:
        'This request ({{client}}) goes to the mTLS host {{host}} without a client certificate, so Tango ends the TLS handshake. Give it an agent or dispatcher whose TLS options carry `cert` and `key` (or `pfx`), loaded from your secret store.',
      missingCertificateMtlsOn:
        'With mTLS on for this platform (`settings.tango.mtls`), this Tango request ({{client}}) presents no client certificate and is refused. Give it an agent or dispatcher whose TLS options carry `cert` and `key` (or `pfx`).',
      standardHost:
        'With mTLS on for this platform (`settings.tango.mtls`), Tango rejects requests to the standard host {{host}}. Send this request to the mTLS host (mtls.tango-api.bhn.com, or mtls.sandbox-tango-api.bhn.com for sandbox) with a client certificate.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of mtlsFindings(getAnalysis(context))) {
          const messageId = finding.problem === 'standard-host' ? 'standardHost' : finding.host ? 'missingCertificate' : 'missingCertificateMtlsOn';
          context.report({
            loc: locOf(context, finding.range),
            messageId,
            data: { client: finding.client, host: finding.host ?? '' },
          });
        }
      },
    };
  },
});
