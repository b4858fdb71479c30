import type { CredentialProblem } from '../analyzer/index.js';
import { credentialFindings } from '../analyzer/index.js';
import { applyEdit, getAnalysis, locOf } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'hardcoded' | 'envFallback' | 'basicToken' | 'privateKey' | 'privateJwk' | 'imported' | 'useEnv' | 'removeFallback';

const messageIds: Record<CredentialProblem, MessageIds> = {
  hardcoded: 'hardcoded',
  'env-fallback': 'envFallback',
  'basic-token': 'basicToken',
  'private-key': 'privateKey',
  'private-jwk': 'privateJwk',
  imported: 'imported',
};

export default createRule<[], MessageIds>({
  name: 'no-hardcoded-credentials',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow API keys, client secrets, passwords, tokens and private keys written in source',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      hardcoded:
        'This is {{label}} ({{masked}}) written in the source, used as {{where}}. Anyone who can read the code can use it, and it cannot be rotated without a release; read it from the environment or a secrets manager.',
      envFallback:
        '{{where}} is {{label}} ({{masked}}): whenever `{{envName}}` is unset, this credential from the source is used. Remove the fallback and fail at start-up when the variable is missing.',
      basicToken:
        'This pre-encoded Basic token holds the password of `{{user}}` ({{masked}}); base64 is no protection. Build the header at run time from credentials read from the environment or a secrets manager.',
      privateKey:
        'This string holds a PEM private key ({{where}}, body {{masked}}). Private keys must not live in source; load the key from a secrets manager, an HSM or a file kept out of the repository.',
      privateJwk:
        'This JWK holds private key material in {{where}} ({{masked}}). Load private keys from a secrets manager and keep only public members (`kty`, `crv`, `x`, `y`, `n`, `e`) in source.',
      imported:
        '{{where}} receives {{label}} ({{masked}}) written in the source of {{definedIn}}. Read the credential from the environment or a secrets manager instead.',
      useEnv: 'Read it from `process.env.{{envName}}`.',
      removeFallback: 'Remove the fallback and use `{{envName}}` only.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        for (const finding of credentialFindings(getAnalysis(context))) {
          const data = {
            label: finding.label,
            where: finding.where,
            masked: finding.masked,
            envName: finding.envName ?? '',
            user: finding.user ?? '',
            definedIn: finding.definedIn ?? '',
          };
          const suggestion: MessageIds = finding.problem === 'env-fallback' ? 'removeFallback' : 'useEnv';
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
