import type { SecretContext } from './secrets.js';
import { nameWords } from './tango.js';

/** What a credential name says its value is. */
export interface CredentialName {
  /** `password` values may be any word a person picks; `key` values are generated. */
  readonly context: SecretContext;
  /**
   * `strong` names (`apiKey`, `clientSecret`, `password`) make any non-placeholder value a
   * credential; `generic` ones (`token`, `pass`, `credentials`) only a random-looking one.
   */
  readonly strength: 'strong' | 'generic';
  /** What the value is, for messages: "an API key", "a client secret". */
  readonly label: string;
  /** True for private keys (PEM, JWK, DPoP keys). */
  readonly privateKey: boolean;
  /** The lower-case words of the name, so a value that only repeats them (`REFRESH_TOKEN = 'refresh'`) reads as a label. */
  readonly words: readonly string[];
}

/** Single-word spellings of two-word credential names (`APIKEY`, `clientsecret`). */
const COMPOUNDS: Record<string, readonly string[]> = {
  apikey: ['api', 'key'],
  apisecret: ['api', 'secret'],
  apitoken: ['api', 'token'],
  clientsecret: ['client', 'secret'],
  accesstoken: ['access', 'token'],
  accesskey: ['access', 'key'],
  authtoken: ['auth', 'token'],
  bearertoken: ['bearer', 'token'],
  refreshtoken: ['refresh', 'token'],
  idtoken: ['id', 'token'],
  privatekey: ['private', 'key'],
  secretkey: ['secret', 'key'],
  platformkey: ['platform', 'key'],
  signingkey: ['signing', 'key'],
};

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode']);
const KEY_QUALIFIERS = new Set([
  'api', 'platform', 'secret', 'private', 'access', 'client', 'signing', 'sign', 'auth', 'master', 'subscription', 'app',
  'application', 'encryption', 'consumer', 'license', 'hmac', 'jwt', 'dpop', 'service', 'admin', 'developer', 'partner',
  'merchant', 'shared', 'webhook',
]);
const PRIVATE_KEY_QUALIFIERS = new Set(['private', 'dpop']);
const TOKEN_QUALIFIERS = new Set([
  'access', 'auth', 'bearer', 'refresh', 'api', 'id', 'session', 'oauth', 'personal', 'dpop', 'security', 'service', 'bot',
  'app', 'github', 'gh', 'npm', 'slack', 'jwt',
]);
/** Words that make a credential-looking name mean something else: `publicKey`, `fakeApiKey`, `hashedPassword`. */
const NEGATING_WORDS = new Set([
  'public', 'pub', 'fake', 'mock', 'dummy', 'example', 'sample', 'placeholder', 'hashed', 'hash', 'salt', 'salted', 'encrypted',
  'masked', 'redacted', 'min', 'max', 'has', 'is', 'no', 'show', 'regex', 'pattern',
]);

/**
 * Whether a variable, property, parameter, header or environment variable name names a
 * credential, by its last words: `apiKey`, `api_key`, `X-API-Key`, `TANGO_PLATFORM_KEY`,
 * `clientSecret`, `client_secret`, `password`, `accessToken`, `privateKey`, `dpopKey`. Names
 * that end in another noun (`apiKeyHeader`, `secretName`, `tokenUrl`, `passwordField`) or
 * carry a negating word (`publicKey`, `fakeToken`, `hashedPassword`) are not credentials, and
 * neither are identifiers such as `clientId`, `platformName` or `accountIdentifier`.
 */
export function credentialName(name: string): CredentialName | undefined {
  // Most names cannot end like a credential: answer those without splitting them into words.
  if (!CREDENTIAL_ENDING.test(name)) return undefined;
  // Names repeat across a codebase (`key`, `token`, `secret`): remember the answers.
  if (answers.has(name)) return answers.get(name);
  const answer = nameCredential(name);
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(name, answer);
  return answer;
}

/** The last words `nameCredential` accepts (plural or not), before any trailing digits or separators. */
const CREDENTIAL_ENDING = /(?:passwd|password|passphrase|passcode|pwd|pass|secret|key|pem|jwk|token|credential|creds)s?[^a-z]*$/i;
const MAX_ANSWERS = 20_000;
const answers = new Map<string, CredentialName | undefined>();

function nameCredential(name: string): CredentialName | undefined {
  const words = nameWords(name).flatMap((word) => COMPOUNDS[word] ?? [word]);
  if (words.length === 0 || words.some((w) => NEGATING_WORDS.has(w))) return undefined;
  const last = singular(words[words.length - 1] as string);
  const before = words[words.length - 2];
  if (PASSWORD_WORDS.has(last)) return { context: 'password', strength: 'strong', label: 'a password', privateKey: false, words };
  if (last === 'pass' && words.length === 1) return { context: 'password', strength: 'generic', label: 'a password', privateKey: false, words };
  if (last === 'secret') {
    return { context: 'key', strength: 'strong', label: before === 'client' ? 'a client secret' : 'a secret', privateKey: false, words };
  }
  if (last === 'key' && before !== undefined && KEY_QUALIFIERS.has(before)) {
    const privateKey = PRIVATE_KEY_QUALIFIERS.has(before);
    return { context: 'key', strength: 'strong', label: keyLabel(before), privateKey, words };
  }
  if ((last === 'pem' || last === 'jwk') && words.includes('private')) {
    return { context: 'key', strength: 'strong', label: 'a private key', privateKey: true, words };
  }
  if (last === 'token') {
    if (before !== undefined && TOKEN_QUALIFIERS.has(before)) return { context: 'key', strength: 'strong', label: tokenLabel(before), privateKey: false, words };
    if (words.length === 1) return { context: 'key', strength: 'generic', label: 'a token', privateKey: false, words };
  }
  if ((last === 'credential' || last === 'creds') && words.length <= 2) {
    return { context: 'key', strength: 'generic', label: 'a credential', privateKey: false, words };
  }
  return undefined;
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && word !== 'pass' && word !== 'creds' ? word.slice(0, -1) : word;
}

function keyLabel(qualifier: string): string {
  switch (qualifier) {
    case 'api':
      return 'an API key';
    case 'platform':
      return 'a platform key';
    case 'private':
      return 'a private key';
    case 'dpop':
      return 'a DPoP private key';
    case 'signing':
    case 'sign':
    case 'jwt':
    case 'hmac':
      return 'a signing key';
    default:
      return 'a secret key';
  }
}

function tokenLabel(qualifier: string): string {
  if (qualifier === 'refresh') return 'a refresh token';
  if (qualifier === 'id') return 'an ID token';
  if (qualifier === 'session') return 'a session token';
  return 'an access token';
}
