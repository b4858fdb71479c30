import noDisabledTlsVerification from './no-disabled-tls-verification.js';
import requireRequestTimeout from './require-request-timeout.js';

/** Every rule of the plugin, by id. */
export const rules = {
  'no-disabled-tls-verification': noDisabledTlsVerification,
  'require-request-timeout': requireRequestTimeout,
};
