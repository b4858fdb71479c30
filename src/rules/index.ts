import dpopAuthorizationScheme from './dpop-authorization-scheme.js';
import dpopFreshJti from './dpop-fresh-jti.js';
import dpopHtuWithoutQuery from './dpop-htu-without-query.js';
import dpopPublicJwkOnly from './dpop-public-jwk-only.js';
import dpopRequireAth from './dpop-require-ath.js';
import dpopValidProof from './dpop-valid-proof.js';
import mtlsClientCertificate from './mtls-client-certificate.js';
import noBrowserCalls from './no-browser-calls.js';
import noCredentialLogging from './no-credential-logging.js';
import noDisabledTlsVerification from './no-disabled-tls-verification.js';
import noHardcodedCredentials from './no-hardcoded-credentials.js';
import noTokenExposure from './no-token-exposure.js';
import noUntrustedAccountInput from './no-untrusted-account-input.js';
import noXForwardedForPort from './no-x-forwarded-for-port.js';
import requireExternalRefId from './require-external-ref-id.js';
import requireHttps from './require-https.js';
import requireRequestTimeout from './require-request-timeout.js';
import requireRetryBackoff from './require-retry-backoff.js';

/** Every rule of the plugin, by id. */
export const rules = {
  'dpop-authorization-scheme': dpopAuthorizationScheme,
  'dpop-fresh-jti': dpopFreshJti,
  'dpop-htu-without-query': dpopHtuWithoutQuery,
  'dpop-public-jwk-only': dpopPublicJwkOnly,
  'dpop-require-ath': dpopRequireAth,
  'dpop-valid-proof': dpopValidProof,
  'mtls-client-certificate': mtlsClientCertificate,
  'no-browser-calls': noBrowserCalls,
  'no-credential-logging': noCredentialLogging,
  'no-disabled-tls-verification': noDisabledTlsVerification,
  'no-hardcoded-credentials': noHardcodedCredentials,
  'no-token-exposure': noTokenExposure,
  'no-untrusted-account-input': noUntrustedAccountInput,
  'no-x-forwarded-for-port': noXForwardedForPort,
  'require-external-ref-id': requireExternalRefId,
  'require-https': requireHttps,
  'require-request-timeout': requireRequestTimeout,
  'require-retry-backoff': requireRetryBackoff,
};
