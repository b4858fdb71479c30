import { createRule } from '../util/create-rule.js';
import { reportDpopFindings } from '../util/dpop-report.js';

type MessageIds = 'href' | 'toString' | 'urlObject' | 'requestUrl' | 'search' | 'queryLiteral' | 'passedThrough' | 'useOriginPathname';

const messageIds: Record<string, MessageIds> = {
  href: 'href',
  'to-string': 'toString',
  'url-object': 'urlObject',
  'request-url': 'requestUrl',
  search: 'search',
  'query-literal': 'queryLiteral',
  'passed-through': 'passedThrough',
};

export default createRule<[], MessageIds>({
  name: 'dpop-htu-without-query',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the DPoP `htu` claim to be scheme, host and path only, without query string or fragment',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      href: '`{{expression}}` is the whole URL, query string and fragment included, but `htu` must be scheme, host and path only. Use the URL\'s `origin + pathname`.',
      toString: '`{{expression}}` is the whole URL, query string and fragment included, but `htu` must be scheme, host and path only. Use the URL\'s `origin + pathname`.',
      urlObject: 'A URL object in `htu` serialises to its whole href, query string and fragment included. Use the URL\'s `origin + pathname`.',
      requestUrl: '`{{expression}}` is a request URL as given, which can carry a query string, but `htu` must be scheme, host and path only. Build `htu` from the URL\'s origin and pathname.',
      search: '`htu` adds `{{expression}}`, the query string or fragment, but it must be scheme, host and path only. Leave it out.',
      queryLiteral: 'The `htu` "{{expression}}" has a query string or fragment, but it must be scheme, host and path only. Drop everything from `?` or `#` on.',
      passedThrough: 'The request URL is passed through unchanged as `htu` (`{{expression}}`), so any query string goes with it. Use the URL\'s `origin + pathname`.',
      useOriginPathname: 'Use the URL\'s `origin + pathname`.',
    },
  },
  defaultOptions: [],
  create(context) {
    return reportDpopFindings(context, 'dpop-htu-without-query', messageIds, 'useOriginPathname');
  },
});
