import { createRule } from '../util/create-rule.js';
import { reportDpopFindings } from '../util/dpop-report.js';

type MessageIds = 'constant' | 'shared' | 'counter' | 'predictable' | 'missing' | 'reusedProof' | 'useRandomUuid';

const messageIds: Record<string, MessageIds> = {
  constant: 'constant',
  shared: 'shared',
  counter: 'counter',
  predictable: 'predictable',
  missing: 'missing',
  'reused-proof': 'reusedProof',
};

export default createRule<[], MessageIds>({
  name: 'dpop-fresh-jti',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a fresh random `jti` in every DPoP proof and a new proof for every request',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      constant: 'This `jti` is a fixed value, so every proof carries the same id and the server rejects the repeats as replays. Generate one per proof with `crypto.randomUUID()`.',
      shared: 'This `jti` reads `{{detail}}`, which is set once and shared by every proof. Generate a fresh id per proof with `crypto.randomUUID()`.',
      counter: 'This `jti` comes from a counter, which restarts with the process, repeats across instances and is easy to guess. Use `crypto.randomUUID()` per proof.',
      predictable: 'This `jti` is built from `{{detail}}`, which is not random: proofs made in the same instant share it. Use `crypto.randomUUID()` per proof.',
      missing: 'This DPoP proof has no `jti`. Give every proof a fresh one: `setJti(crypto.randomUUID())` or a `jti` claim.',
      reusedProof: 'This DPoP proof {{reason}}. A proof is good for one request only: build a new one for every request, retries included.',
      useRandomUuid: 'Use `crypto.randomUUID()`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return reportDpopFindings(context, 'dpop-fresh-jti', messageIds, 'useRandomUuid');
  },
});
