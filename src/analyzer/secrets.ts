/**
 * Whether a string written in source looks like a secret, and how to show one without revealing it.
 *
 * A string is judged in four steps; the first that applies decides:
 *
 * 1. **Placeholder**: empty or shorter than 6 characters; a template marker (`<your-key>`,
 *    `${KEY}`, `{{key}}`, `%s`, `[REDACTED]`, `$API_KEY`); a mask (`xxx`, `***`, `...`, `•••`);
 *    one character or a short unit repeated (`aaaaaa`, `abab…`); a sequence (`12345`,
 *    `abcdef`, `qwerty`, `abc123`); made only of label and placeholder words (`your_api_key_here`,
 *    `changeme`, `REPLACE_ME`, `my-secret`, `Password123`); or containing a placeholder word
 *    (`test`, `example`, `dummy`, `fake`, `sample`, `mock`, `placeholder`, `changeme`, ...) when
 *    what is left once such words are removed does not itself look random (so
 *    `sk_test_4eC39HqLyjWDarjtT1zdp7dc` is still a secret, `test-api-key` is not).
 * 2. **Not a secret**: prose (contains whitespace), a URL, a file path or file name, an ARN, an
 *    environment variable name (`TANGO_API_KEY`), a word in another alphabet (`Пароль`), a
 *    capitalised word given as a password (`Passwort`), or an identifier made of words
 *    (`tangoPlatformKey`, `client-secret-name`; for passwords only around a label word, as in
 *    `current-password`).
 * 3. **Random**: what a generated key looks like (see {@link looksRandom}): a UUID, a JWT, or a
 *    token of 12+ characters from the base64/base62/hex alphabet with at least two of
 *    lower case, upper case and digits, whose Shannon entropy is close to the maximum possible
 *    for its length and alphabet, whose character classes alternate, and which is not made of
 *    words (unless digits are scattered through it, as generators do and identifiers do not).
 * 4. **Weak**: anything else, such as a human-chosen password (`hunter22`, `Tr0ub4dor&3`).
 *
 * Rules report weak and random values under credential names and at credential sinks; in test
 * files, and under generic names such as `token`, only random values that carry no fake word.
 */

/** How a string looks as a credential. */
export type SecretLook = 'placeholder' | 'not-secret' | 'weak' | 'random';

/** The look of a string and why, in a few words. */
export interface SecretJudgement {
  readonly look: SecretLook;
  readonly reason: string;
}

/** What kind of credential a string is judged as: passwords may be any word a person picks. */
export type SecretContext = 'password' | 'key';

/** The measurements behind {@link looksRandom}. */
export interface RandomnessStats {
  readonly length: number;
  /** Size of the alphabet the string appears drawn from: 16 for hex, else the sum of its classes (26, 26, 10, 32). */
  readonly alphabet: number;
  /** Shannon entropy in bits per character. */
  readonly entropy: number;
  /** The highest entropy a string of this length over this alphabet can have: log2(min(length, alphabet)). */
  readonly maxEntropy: number;
  /** `entropy / maxEntropy`: entropy scaled to what the length allows. */
  readonly entropyRatio: number;
  /** Share of adjacent pairs whose character classes (lower, upper, digit, other) differ. */
  readonly classSwitchRate: number;
  /** Share of letters that belong to word-like runs (`Flow`, `Label`, `JSDoc`). */
  readonly wordCoverage: number;
  /** How many of lower case, upper case and digits occur. */
  readonly alphanumericClasses: number;
}

const MIN_SECRET_LENGTH = 6;
const MIN_RANDOM_LENGTH = 12;
const MIN_ENTROPY_RATIO = 0.75;
const MIN_CLASS_SWITCH_RATE = 0.25;
const MAX_WORD_COVERAGE = 0.65;
const MIN_IDENTIFIER_COVERAGE = 0.9;

const TOKEN_ALPHABET = /^[\w+/=.~-]+$/;
/** `TANGO_API_KEY`: upper-case words joined by underscores name a variable. */
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}$/;

/** Words that mark a value as a stand-in. */
const PLACEHOLDER_WORDS = new Set([
  'changeme', 'change', 'replaceme', 'replace', 'your', 'yours', 'here', 'todo', 'fixme', 'tbd', 'example', 'examples',
  'sample', 'dummy', 'fake', 'test', 'testing', 'mock', 'mocked', 'stub', 'placeholder', 'redacted', 'hidden', 'insert',
  'enter', 'paste', 'foo', 'bar', 'baz', 'qux', 'lorem', 'ipsum', 'none', 'null', 'undefined', 'nil', 'xxx', 'demo',
  'default', 'unset', 'empty', 'invalid', 'notreal', 'fixture',
]);
/** Placeholder words long enough to be recognised inside a run of letters (`mytestpassword`). */
const EMBEDDED_PLACEHOLDERS = ['changeme', 'replaceme', 'placeholder', 'redacted', 'example', 'sample', 'dummy', 'fake', 'test', 'mock', 'todo', 'fixme', 'lorem'];
/** Words that name a credential rather than being one (`apiKey` as a value is a label). */
const LABEL_WORDS = new Set([
  'api', 'key', 'keys', 'apikey', 'secret', 'secrets', 'password', 'passwd', 'pass', 'pwd', 'token', 'access', 'client',
  'platform', 'private', 'auth', 'bearer', 'basic', 'my', 'the', 'a', 'an', 'super', 'value', 'me', 'it', 'new', 'app',
  'tango', 'user', 'admin', 'root', 'name', 'id', 'jwt', 'session', 'credential', 'credentials', 'dpop', 'signing',
  'oauth', 'string', 'str', 'for', 'of', 'to', 'this', 'is', 'not', 'real', 'some', 'very', 'long', 'local', 'dev',
  'development', 'prod', 'production', 'sandbox', 'staging', 'env', 'goes', 'put', 'add', 'with', 'and', 'or',
]);
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'abcdefghijklmnopqrstuvwxyz'];

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(text: string): number {
  const chars = [...text];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

type CharClass = 0 | 1 | 2 | 3;

function charClass(char: string): CharClass {
  if (char >= 'a' && char <= 'z') return 0;
  if (char >= 'A' && char <= 'Z') return 1;
  if (char >= '0' && char <= '9') return 2;
  return 3;
}

/** Measures how random a string looks; see {@link RandomnessStats}. */
export function randomnessStats(text: string): RandomnessStats {
  const chars = [...text];
  const length = chars.length;
  const present = new Set(chars.map(charClass));
  const isHex = /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(text) && present.has(2) && (present.has(0) || present.has(1));
  const alphabet = isHex ? 16 : (present.has(0) ? 26 : 0) + (present.has(1) ? 26 : 0) + (present.has(2) ? 10 : 0) + (present.has(3) ? 32 : 0);
  const entropy = shannonEntropy(text);
  const maxEntropy = Math.log2(Math.max(2, Math.min(length, alphabet)));
  let switches = 0;
  for (let i = 1; i < length; i++) if (charClass(chars[i] as string) !== charClass(chars[i - 1] as string)) switches++;
  return {
    length,
    alphabet,
    entropy,
    maxEntropy,
    entropyRatio: entropy / maxEntropy,
    classSwitchRate: length > 1 ? switches / (length - 1) : 0,
    wordCoverage: wordCoverage(text),
    alphanumericClasses: [0, 1, 2].filter((c) => present.has(c as CharClass)).length,
  };
}

/**
 * Share of letters that sit in word-like runs: a run of 3+ letters with lower case, a vowel and
 * no run of 6 consonants (`Label`, `config`), or an acronym next to such a word (`JSDoc`, `XMLHttp`).
 * Generated keys break into short runs (`aB`, `Qz`) and score low.
 */
function wordCoverage(text: string): number {
  const tokens = text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  let letters = 0;
  let inWords = 0;
  tokens.forEach((token, i) => {
    letters += token.length;
    if (isWordLike(token)) inWords += token.length;
    else if (!/[a-z]/.test(token) && token.length >= 2 && (isWordLike(tokens[i + 1]) || isWordLike(tokens[i - 1]))) inWords += token.length;
  });
  return letters === 0 ? 0 : inWords / letters;
}

function isWordLike(token: string | undefined): boolean {
  return token !== undefined && token.length >= 3 && /[a-z]/.test(token) && /[aeiouy]/i.test(token) && !/[^aeiouy]{6}/i.test(token);
}

/**
 * True for strings that look generated rather than written: a UUID, a JWT, or a token of at
 * least 12 characters from the base64/base62/hex alphabet, mixing at least two of lower case,
 * upper case and digits, with entropy at least 75% of the maximum for its length and alphabet,
 * character classes switching on at least a quarter of adjacent pairs, and under 65% of its
 * letters in word-like runs (or, from 20 characters, digits in three or more places).
 * Environment variable names and words joined by separators (`Module_0_has_no_member_2305`)
 * never are. Fixed thresholds such as "entropy > 5.0" cannot work: a 32-character string can
 * have at most 5 bits per character, and a random one has about 4.5.
 */
export function looksRandom(text: string): boolean {
  if (UUID.test(text)) return !/^[0-]+$/.test(text);
  if (JWT.test(text)) return true;
  if (text.length < MIN_RANDOM_LENGTH || !TOKEN_ALPHABET.test(text) || /\.[a-z]{1,5}$/i.test(text)) return false;
  if (ENV_NAME.test(text) || isSeparatedWords(text)) return false;
  const stats = randomnessStats(text);
  // Digits scattered through a long string are what generators produce; identifiers keep digits at word ends.
  const scatteredDigits = text.length >= 20 && (text.match(/\d+/g)?.length ?? 0) >= 3;
  return (
    stats.alphanumericClasses >= 2 &&
    stats.entropyRatio >= MIN_ENTROPY_RATIO &&
    stats.classSwitchRate >= MIN_CLASS_SWITCH_RATE &&
    (stats.wordCoverage < MAX_WORD_COVERAGE || scatteredDigits)
  );
}

/** `Module_0_has_no_member_2305`, `lib.es2015.core`: words and numbers joined by separators. */
function isSeparatedWords(text: string): boolean {
  const segments = text.split(/[_./:-]+/).filter(Boolean);
  return segments.length >= 3 && segments.every((segment) => /^\d+$/.test(segment) || (/^[A-Z]+$/i.test(segment) && (segment.length <= 3 || isWordLike(segment.toLowerCase()))));
}

/** Why a string is a placeholder rather than a real credential, or undefined when it is not one. */
export function placeholderReason(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'empty';
  if (/\$\{|\{\{|%[sdj]|%\(|^\$[A-Z_][A-Z0-9_]*$/.test(value)) return 'a template marker';
  if (/<[^<>]*>/.test(value)) return 'a placeholder in angle brackets';
  if (/^\[[^\]]*\]$/.test(value)) return 'a placeholder in brackets';
  if (/x{3,}|X{3,}|\*{3,}|\.{3,}|…|•{2,}|#{3,}|_{4,}/.test(value)) return 'masked';
  if ([...value].length < MIN_SECRET_LENGTH) return 'very short';
  if (isRepeated(value)) return 'repeated characters';
  const tokens = wordTokens(value);
  if (tokens.some(isSequence) && tokens.every((t) => isSequence(t) || /^\d{1,4}$/.test(t) || /^[^A-Z0-9]+$/i.test(t))) return 'a sequence';
  if (tokens.some((t) => PLACEHOLDER_WORDS.has(t.toLowerCase()) || LABEL_WORDS.has(t.toLowerCase())) && tokens.every(isFiller)) {
    return 'made of placeholder words';
  }
  const segments = value.split(/[\s_.:/,;|+=-]+/).filter(Boolean);
  const marked = segments.filter((s) => PLACEHOLDER_WORDS.has(s.toLowerCase()) || embeddedPlaceholder(s));
  const first = marked[0];
  if (first !== undefined) {
    const rest = segments.filter((s) => !marked.includes(s)).join('');
    if (!looksRandom(rest)) return `contains "${embeddedPlaceholder(first) ?? first.toLowerCase()}"`;
  }
  return undefined;
}

function isFiller(token: string): boolean {
  const lower = token.toLowerCase();
  return PLACEHOLDER_WORDS.has(lower) || LABEL_WORDS.has(lower) || isSequence(token) || /^\d{1,4}$/.test(token) || /^[^A-Z0-9]+$/i.test(token);
}

/** The placeholder word inside a segment that does not itself look random (`mytestpassword` → `test`). */
function embeddedPlaceholder(segment: string): string | undefined {
  if (looksRandom(segment)) return undefined;
  const lower = segment.toLowerCase();
  return EMBEDDED_PLACEHOLDERS.find((word) => lower.includes(word));
}

/** Splits on separators, case changes and letter/digit boundaries: `YourApiKey2` → Your, Api, Key, 2. */
function wordTokens(text: string): string[] {
  return text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^A-Za-z0-9\s]+/g) ?? [];
}

function isRepeated(value: string): boolean {
  for (let unit = 1; unit <= 4 && unit * 2 <= value.length; unit++) {
    if (value.length % unit !== 0) continue;
    const head = value.slice(0, unit);
    if (head.repeat(value.length / unit) === value) return true;
  }
  return false;
}

/** `12345`, `abcdef`, `fedcba`, `qwerty`: consecutive characters of the alphabet, digits or a keyboard row. */
function isSequence(token: string): boolean {
  const lower = token.toLowerCase();
  if (lower.length < 3) return false;
  const step = (lower.codePointAt(1) ?? 0) - (lower.codePointAt(0) ?? 0);
  if (step === 1 || step === -1) {
    let ok = true;
    for (let i = 1; i < lower.length && ok; i++) ok = (lower.codePointAt(i) ?? 0) - (lower.codePointAt(i - 1) ?? 0) === step;
    if (ok) return true;
  }
  return KEYBOARD_ROWS.some((row) => row.includes(lower));
}

/** Why a string is not a secret at all (prose, a URL, a name), or undefined. */
export function notSecretReason(text: string, context: SecretContext): string | undefined {
  const value = text.trim();
  if (/\s/.test(value)) return 'prose';
  // Keys are ASCII; letters beyond it are a word of some language (`Пароль`, `Contraseña`).
  if (/(?![A-Za-z])\p{L}/u.test(value)) return 'a word';
  // `password: 'Passwort'`: a capitalised word is a label in some language, not a chosen password.
  if (context === 'password' && /^[A-Z][a-z]{2,}$/.test(value)) return 'a word';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'a URL';
  if (/^arn:/i.test(value)) return 'a resource name';
  if (/^(?:\.{1,2}\/|~\/)/.test(value) || /\\/.test(value)) return 'a file path';
  if (value.startsWith('/') && !looksRandom(value.replaceAll('/', ''))) return 'a file path';
  if (/^[\w-]+(?:\.[\w-]+)*\.(?:pem|key|crt|cer|der|p8|p12|pfx|jwk|json|txt|env|ya?ml|js|ts)$/i.test(value)) return 'a file name';
  if (ENV_NAME.test(value)) return 'an environment variable name';
  if (/^-----BEGIN [A-Z0-9 ]*PUBLIC KEY-----|^-----BEGIN CERTIFICATE-----/.test(value)) return 'a public key';
  // Passwords may be words, but not words around a label (`current-password` is an autocomplete hint).
  const labelled = context === 'key' || wordTokens(value).some((t) => LABEL_WORDS.has(t.toLowerCase()));
  if (labelled && isWordIdentifier(value)) return 'an identifier';
  return undefined;
}

/** `tangoPlatformKey`, `client-secret-name`, `auth.basic`: two or more words, at most one number, nothing random. */
function isWordIdentifier(value: string): boolean {
  if (!/^[A-Z][\w.:-]*$/i.test(value) || looksRandom(value) || (value.match(/\d+/g)?.length ?? 0) > 1) return false;
  const tokens = wordTokens(value).filter((t) => /[A-Z]/i.test(t));
  return tokens.length >= 2 && wordCoverage(value) >= MIN_IDENTIFIER_COVERAGE;
}

/** Judges a string as a credential of the given kind; see the module comment for the steps. */
export function judgeSecret(text: string, context: SecretContext): SecretJudgement {
  const placeholder = placeholderReason(text);
  if (placeholder) return { look: 'placeholder', reason: placeholder };
  const notSecret = notSecretReason(text, context);
  if (notSecret) return { look: 'not-secret', reason: notSecret };
  if (looksRandom(text.trim())) return { look: 'random', reason: 'random-looking' };
  return { look: 'weak', reason: 'a chosen value' };
}

/** Fake markers that settle a value as fake in a test file even when the rest looks random. */
const FAKE_MARKERS = /test|fake|dummy|example|sample|mock|stub|fixture|invalid|placeholder|redacted|notreal/i;

/**
 * True when a value in a test file is obviously not a real credential: anything that is not
 * random-looking, or that carries a fake marker (`sk_test_…`, `fake-…`).
 */
export function isObviouslyFake(text: string, context: SecretContext): boolean {
  const judgement = judgeSecret(text, context);
  return judgement.look !== 'random' || FAKE_MARKERS.test(text);
}

/**
 * A secret as it may be shown: its first characters (4 at most, and never more than a quarter
 * of it), an ellipsis and its length, e.g. `sk_l…(32 chars)`. Messages and reports use this and
 * never the full value.
 */
export function maskSecret(value: string): string {
  const chars = [...value];
  const shown = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join('')}…(${chars.length} chars)`;
}

/** A PEM block found in a string. */
export interface PemBlock {
  /** The label, e.g. `RSA PRIVATE KEY`. */
  readonly label: string;
  readonly isPrivate: boolean;
  /** The base64 body without headers and whitespace. */
  readonly body: string;
  /** True when the body is long and random enough to be a real key rather than a stand-in. */
  readonly plausible: boolean;
}

const PEM_BEGIN = '-----BEGIN ';

/** The PEM blocks of a string; a block cut off before its END line runs to the end of the text. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf(PEM_BEGIN, from);
    if (begin < 0) break;
    const labelEnd = text.indexOf('-----', begin + PEM_BEGIN.length);
    if (labelEnd < 0) break;
    const label = text.slice(begin + PEM_BEGIN.length, labelEnd);
    if (!/^[A-Z0-9 ]{1,40}$/.test(label)) {
      from = labelEnd;
      continue;
    }
    const bodyStart = labelEnd + 5;
    const end = text.indexOf('-----END ', bodyStart);
    const rawBody = text.slice(bodyStart, end < 0 ? text.length : end);
    const body = rawBody
      .split(/\r?\n|\\n/)
      .filter((line) => !/^[A-Z-]+:/i.test(line.trim()))
      .join('')
      .replace(/\s+/g, '');
    blocks.push({ label, isPrivate: /PRIVATE KEY/.test(label), body, plausible: isPlausibleKeyBody(body) });
    from = end < 0 ? text.length : end + 9;
  }
  return blocks;
}

function isPlausibleKeyBody(body: string): boolean {
  if (body.length < 64 || !/^[A-Z0-9+/]+={0,2}$/i.test(body)) return false;
  const stats = randomnessStats(body);
  return stats.entropyRatio >= MIN_ENTROPY_RATIO && stats.classSwitchRate >= MIN_CLASS_SWITCH_RATE && !isRepeated(body.slice(0, 64));
}

/** The user and password of a `Basic` token's base64 text, or undefined when it does not decode to `user:password`. */
export function decodeBasic(token: string): { user: string; password: string } | undefined {
  if (!/^[A-Z0-9+/]+={0,2}$/i.test(token) || token.length < 4) return undefined;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  // A decoded credential is printable text; binary means the token was not `user:password`.
  for (const char of decoded) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || code === 0xfffd) return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
