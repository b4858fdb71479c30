import type { BrowserCallFinding } from '../analyzer/index.js';
import { browserCallFindings, describeBrowserReason } from '../analyzer/index.js';
import { getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'request' | 'importedRequest' | 'serverToken' | 'publicEnvCredential' | 'credentialLiteral';

function messageOf(finding: BrowserCallFinding): { messageId: MessageIds; data: Record<string, string> } {
  const reason = describeBrowserReason(finding.reason);
  switch (finding.problem) {
    case 'request': {
      if (finding.reason.kind !== 'imported') return { messageId: 'request', data: { reason } };
      const via = finding.reason.via.length > 0 ? ` (through ${finding.reason.via.join(', ')})` : '';
      const importerReason = describeBrowserReason(finding.reason.importerReason, 'it');
      return { messageId: 'importedRequest', data: { importer: finding.reason.importer, via, importerReason } };
    }
    case 'server-token':
      return { messageId: 'serverToken', data: { endpoint: finding.endpoint ?? '', reason } };
    case 'public-env-credential':
      return { messageId: 'publicEnvCredential', data: { name: finding.name ?? '', prefix: finding.prefix ?? '' } };
    case 'credential-literal':
      return { messageId: 'credentialLiteral', data: { name: finding.name ?? '', masked: finding.masked ?? '', reason } };
  }
}

export default createRule<[], MessageIds>({
  name: 'no-browser-calls',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Tango requests, credentials and access tokens in code that runs in a browser',
      recommended: 'error',
    },
    schema: [],
    messages: {
      request:
        'This Tango request runs in the browser: {{reason}}. Tango refuses browser calls, and whatever the browser holds is public: call Tango from server code (an API route, route handler or server action) and have the browser call that.',
      importedRequest:
        'This Tango request runs in the browser: this module is imported by {{importer}}{{via}}, which runs there ({{importerReason}}). Tango refuses browser calls: move the call to server code and have {{importer}} call your server instead.',
      serverToken:
        'This code runs in the browser ({{reason}}) and calls Tango with an access token fetched from {{endpoint}}, so anyone using the page can read the token and call Tango with it. Keep the token on the server and let the server call Tango.',
      publicEnvCredential:
        '`{{name}}` holds a Tango credential in a public environment variable: {{prefix}} variables are built into the browser bundle, where anyone can read them. Drop the {{prefix}} prefix and read the credential in server code only.',
      credentialLiteral:
        'A Tango credential (`{{name}}`: {{masked}}) is written in code that runs in the browser ({{reason}}), where anyone can read it. Keep it in a server-side secret store and call Tango from the server.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of browserCallFindings(getAnalysis(context))) {
          context.report({ loc: locOf(context, finding.range), ...messageOf(finding) });
        }
      },
    };
  },
});
