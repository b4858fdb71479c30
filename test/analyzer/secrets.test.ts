import { describe, expect, it } from 'vitest';
import { credentialName } from '../../src/analyzer/credential-names.js';
import {
  decodeBasic,
  isObviouslyFake,
  judgeSecret,
  looksRandom,
  maskSecret,
  notSecretReason,
  pemBlocks,
  placeholderReason,
  randomnessStats,
  shannonEntropy,
} from '../../src/analyzer/secrets.js';

/** A seeded generator, so the sampled strings are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const BASE64 = `${BASE62}+/`;

function samples(alphabet: string, length: number, count: number, seed: number): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
}

function passRate(values: readonly string[]): number {
  return values.filter(looksRandom).length / values.length;
}

describe('shannonEntropy', () => {
  it('is 0 for one repeated symbol and log2(n) for n distinct symbols', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('aabb')).toBe(1);
  });

  it('cannot exceed 5 bits per character on 32 characters, so a fixed "> 5.0" threshold never fires', () => {
    for (const key of samples(BASE62, 32, 200, 1)) expect(shannonEntropy(key)).toBeLessThanOrEqual(5);
  });
});

describe('randomnessStats', () => {
  it('scales entropy to the maximum for the length and the alphabet', () => {
    const stats = randomnessStats('PfRbmdAiFm269Ui8oAseb37Z43DHiQfY');
    expect(stats.length).toBe(32);
    expect(stats.alphabet).toBe(62);
    expect(stats.maxEntropy).toBe(5);
    expect(stats.entropyRatio).toBeCloseTo(stats.entropy / 5);
    expect(stats.alphanumericClasses).toBe(3);
  });

  it('takes hex strings to be drawn from 16 symbols', () => {
    const stats = randomnessStats('173cc33579708f03d8c4d30919dae91cfa590ab5');
    expect(stats.alphabet).toBe(16);
    expect(stats.maxEntropy).toBe(4);
  });

  it('sees words in identifiers and none in generated keys', () => {
    expect(randomnessStats('getConfigurationValue').wordCoverage).toBe(1);
    expect(randomnessStats('PfRbmdAiFm269Ui8oAseb37Z43DHiQfY').wordCoverage).toBeLessThan(0.65);
  });
});

describe('looksRandom', () => {
  it.each([
    ['base62, 32 characters', 'PfRbmdAiFm269Ui8oAseb37Z43DHiQfY'],
    ['base62, 16 characters', 'pKYT6trMMpKcvBx7'],
    ['hex, 40 characters', '173cc33579708f03d8c4d30919dae91cfa590ab5'],
    ['base64, 44 characters', 'yM1vPhyxiwdiFQes6Jw+xDRV9BVyDIbn68SdBXBKZQc='],
    ['base64url, 43 characters', 'ZFJfKkzXDuOE65pIF5W4ADhYo0dlCVmKSTnGdrt3cc4'],
    ['a UUID', '3f2b8c1e-9a4d-4e7b-b6c2-0d5e8f1a7c93'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['a prefixed key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ])('accepts %s', (_, value) => {
    expect(looksRandom(value)).toBe(true);
  });

  it.each([
    ['a PascalCase identifier', 'ReactDOMServer'],
    ['a camelCase identifier', 'getConfigurationValue'],
    ['an identifier with an acronym', 'JSDocAuthorTag'],
    ['a compiler option', 'noFallthroughCasesInSwitch'],
    ['a file name', 'lib.es2015.d.ts'],
    ['lower case only', 'kxqzvbnmwrtplsdf'],
    ['too short', 'aB3dE5'],
    ['prose', 'not a secret at all'],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['a human password', 'Summer2024!'],
  ])('rejects %s', (_, value) => {
    expect(looksRandom(value)).toBe(false);
  });

  it('accepts nearly all generated keys of the usual formats', () => {
    expect(passRate(samples(BASE62, 32, 500, 2))).toBeGreaterThan(0.95);
    expect(passRate(samples(BASE62, 20, 500, 3))).toBeGreaterThan(0.9);
    expect(passRate(samples(HEX, 40, 500, 4))).toBeGreaterThan(0.95);
    expect(passRate(samples(BASE64, 44, 500, 5))).toBeGreaterThan(0.95);
  });
});

describe('placeholderReason', () => {
  it.each([
    ['', 'empty'],
    ['abc', 'very short'],
    ['<your-key>', 'a placeholder in angle brackets'],
    ['${TANGO_API_KEY}', 'a template marker'],
    ['{{ secret }}', 'a template marker'],
    ['$TANGO_API_KEY', 'a template marker'],
    ['[REDACTED]', 'a placeholder in brackets'],
    ['xxxxxxxx', 'masked'],
    ['***', 'masked'],
    ['sk_live_...', 'masked'],
    ['aaaaaaaa', 'repeated characters'],
    ['abababab', 'repeated characters'],
    ['123456789', 'a sequence'],
    ['1234567890', 'a sequence'],
    ['abcdefgh', 'a sequence'],
    ['qwertyuiop', 'a sequence'],
    ['abc123456', 'a sequence'],
    ['changeme', 'made of placeholder words'],
    ['REPLACE_ME', 'made of placeholder words'],
    ['your_api_key_here', 'made of placeholder words'],
    ['YourApiKeyHere', 'made of placeholder words'],
    ['Password123', 'made of placeholder words'],
    ['my-super-secret', 'made of placeholder words'],
    ['test-api-key', 'made of placeholder words'],
    ['dummy-secret-9', 'made of placeholder words'],
    ['example_token_1', 'made of placeholder words'],
    ['fake-Hq7xLm2pZ', 'contains "fake"'],
    ['mytestpassword', 'contains "test"'],
  ])('%j is a placeholder (%s)', (value, reason) => {
    expect(placeholderReason(value)).toBe(reason);
  });

  it('keeps a random key that merely carries a placeholder word', () => {
    expect(placeholderReason('sk_test_4eC39HqLyjWDarjtT1zdp7dc')).toBeUndefined();
  });

  it.each(['hunter22', 'Tr0ub4dor&3', 'PfRbmdAiFm269Ui8oAseb37Z43DHiQfY'])('%j is no placeholder', (value) => {
    expect(placeholderReason(value)).toBeUndefined();
  });
});

describe('notSecretReason', () => {
  it.each([
    ['Your password is too short', 'prose'],
    ['https://auth.tangocard.com/oauth/token', 'a URL'],
    ['./keys/private.pem', 'a file path'],
    ['/etc/tango/key', 'a file path'],
    ['private.pem', 'a file name'],
    ['TANGO_PLATFORM_KEY', 'an environment variable name'],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:tango', 'a resource name'],
    ['tangoPlatformKey', 'an identifier'],
    ['client-secret-name', 'an identifier'],
  ])('%j is not a secret (%s)', (value, reason) => {
    expect(notSecretReason(value, 'key')).toBe(reason);
  });

  it('lets any word be a password', () => {
    expect(notSecretReason('correctHorse', 'password')).toBeUndefined();
    expect(notSecretReason('correctHorse', 'key')).toBe('an identifier');
  });
});

describe('judgeSecret', () => {
  it('tells generated keys from chosen values', () => {
    expect(judgeSecret('PfRbmdAiFm269Ui8oAseb37Z43DHiQfY', 'key').look).toBe('random');
    expect(judgeSecret('hunter22', 'password').look).toBe('weak');
    expect(judgeSecret('changeme', 'password').look).toBe('placeholder');
    expect(judgeSecret('TANGO_API_KEY', 'key').look).toBe('placeholder');
    expect(judgeSecret('DB_CONNECTION_STRING', 'key').look).toBe('not-secret');
  });
});

describe('isObviouslyFake', () => {
  it('takes anything but a random-looking value without fake markers to be fake', () => {
    expect(isObviouslyFake('hunter22', 'password')).toBe(true);
    expect(isObviouslyFake('sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'key')).toBe(true);
    expect(isObviouslyFake('PfRbmdAiFm269Ui8oAseb37Z43DHiQfY', 'key')).toBe(false);
  });
});

describe('maskSecret', () => {
  it('shows the first 4 characters and the length', () => {
    expect(maskSecret('PfRbmdAiFm269Ui8oAseb37Z43DHiQfY')).toBe('PfRb…(32 chars)');
  });

  it('never shows more than a quarter of a short value', () => {
    expect(maskSecret('hunter22')).toBe('hu…(8 chars)');
    expect(maskSecret('abc')).toBe('…(3 chars)');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(maskSecret('🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('🔑🔑…(8 chars)');
  });
});

const EC_PRIVATE = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmxhvEfcb3N/smde5
06sPaTUHFnn0XxOHOFLgyi9tzIahRANCAATFk4aagyWf2KOxPwPmDYjkFpYsp6lR
4KH9mpO0HHeEMcuXD3M/wIKPwIpB35vjkuxbvxrfovVVk7ICv8CibxpH
-----END PRIVATE KEY-----`;

describe('pemBlocks', () => {
  it('finds a private key with a plausible body', () => {
    const [block] = pemBlocks(EC_PRIVATE);
    expect(block).toMatchObject({ label: 'PRIVATE KEY', isPrivate: true, plausible: true });
    expect(block?.body.startsWith('MIGHAgEA')).toBe(true);
  });

  it('rejects stand-in bodies', () => {
    expect(pemBlocks('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----')[0]?.plausible).toBe(false);
    expect(pemBlocks('-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----')[0]?.plausible).toBe(false);
    expect(pemBlocks(`-----BEGIN PRIVATE KEY-----\n${'A'.repeat(128)}\n-----END PRIVATE KEY-----`)[0]?.plausible).toBe(false);
  });

  it('tells public keys and certificates from private keys', () => {
    expect(pemBlocks('-----BEGIN PUBLIC KEY-----\nMFkwEw\n-----END PUBLIC KEY-----')[0]?.isPrivate).toBe(false);
    expect(pemBlocks('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')[0]?.isPrivate).toBe(false);
  });
});

describe('decodeBasic', () => {
  it('splits a Basic token into user and password', () => {
    expect(decodeBasic(Buffer.from('acme:S3cretPassw0rdKey').toString('base64'))).toEqual({ user: 'acme', password: 'S3cretPassw0rdKey' });
  });

  it('rejects tokens that are not base64 of user:password', () => {
    expect(decodeBasic('not base64!')).toBeUndefined();
    expect(decodeBasic(Buffer.from('no colon here').toString('base64'))).toBeUndefined();
    expect(decodeBasic(Buffer.from([0, 1, 2, 58, 200]).toString('base64'))).toBeUndefined();
  });
});

describe('credentialName', () => {
  it.each([
    ['apiKey', 'an API key', 'strong'],
    ['api_key', 'an API key', 'strong'],
    ['APIKEY', 'an API key', 'strong'],
    ['X-API-Key', 'an API key', 'strong'],
    ['platformKey', 'a platform key', 'strong'],
    ['TANGO_PLATFORM_KEY', 'a platform key', 'strong'],
    ['clientSecret', 'a client secret', 'strong'],
    ['client_secret', 'a client secret', 'strong'],
    ['secret', 'a secret', 'strong'],
    ['password', 'a password', 'strong'],
    ['DB_PASSWORD', 'a password', 'strong'],
    ['accessToken', 'an access token', 'strong'],
    ['refresh_token', 'a refresh token', 'strong'],
    ['privateKey', 'a private key', 'strong'],
    ['dpopKey', 'a DPoP private key', 'strong'],
    ['secretAccessKey', 'a secret key', 'strong'],
    ['token', 'a token', 'generic'],
    ['pass', 'a password', 'generic'],
  ])('%s names %s (%s)', (name, label, strength) => {
    expect(credentialName(name)).toMatchObject({ label, strength });
  });

  it.each([
    'clientId', 'platformName', 'accountIdentifier', 'customerIdentifier', 'username', 'publicKey', 'apiKeyHeader', 'secretName',
    'tokenUrl', 'passwordField', 'hashedPassword', 'fakeApiKey', 'nextToken', 'keyId', 'accessKeyId', 'cacheKey', 'idempotencyKey',
  ])('%s is no credential name', (name) => {
    expect(credentialName(name)).toBeUndefined();
  });
});
