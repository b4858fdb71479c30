import picomatch from 'picomatch';

/** The resolved `settings.tango` shared by every rule and the CLI. */
export interface TangoSettings {
  /** Extra hosts that count as Tango API hosts, besides the built-in ones. */
  readonly hosts: readonly string[];
  readonly browserFiles: readonly string[];
  readonly serverFiles: readonly string[];
  readonly testFiles: readonly string[];
  readonly dpop: 'auto' | 'always' | 'never';
  readonly mtls: boolean;
  readonly authorizers: readonly string[];
}

export const DEFAULT_TEST_FILES: readonly string[] = [
  '**/*.{test,spec}.{js,cjs,mjs,jsx,ts,cts,mts,tsx}',
  '**/{test,tests,__tests__,__mocks__,spec,e2e}/**',
  '**/{fixtures,__fixtures__}/**',
];

export const DEFAULT_SETTINGS: TangoSettings = {
  hosts: [],
  browserFiles: [],
  serverFiles: [],
  testFiles: DEFAULT_TEST_FILES,
  dpop: 'auto',
  mtls: false,
  authorizers: [],
};

/** Raised for invalid `settings.tango`; its message names the key and what is expected. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

type Check = (value: unknown, key: string) => unknown;

const hostPattern = /^[a-z0-9.-]+(?::\d{1,5})?$/i;

const stringList =
  (validateItem?: (item: string, key: string) => void): Check =>
  (value, key) => {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new SettingsError(`settings.tango.${key} must be an array of strings, got ${describe(value)}.`);
    }
    for (const item of value as string[]) validateItem?.(item, key);
    return Object.freeze([...(value as string[])]);
  };

function checkGlob(glob: string, key: string): void {
  if (glob.trim() === '') {
    throw new SettingsError(`settings.tango.${key} contains an empty glob; remove it or give a pattern such as "src/client/**".`);
  }
  try {
    picomatch.makeRe(glob, { strictBrackets: true });
  } catch (error) {
    // picomatch says what is wrong, then how to escape it: the first part is enough here.
    const reason = (error instanceof Error ? error.message : '').split(' - ')[0]?.trim().toLowerCase();
    throw new SettingsError(
      `settings.tango.${key} contains an invalid glob ${JSON.stringify(glob)}${reason ? ` (${reason})` : ''}; give a pattern such as "src/client/**".`,
    );
  }
}

function checkHost(host: string, key: string): void {
  if (!hostPattern.test(host)) {
    throw new SettingsError(
      `settings.tango.${key} must list bare host names such as "api.example.com", got ${JSON.stringify(host)}.`,
    );
  }
}

const checks: Record<keyof TangoSettings, Check> = {
  hosts: stringList(checkHost),
  browserFiles: stringList(checkGlob),
  serverFiles: stringList(checkGlob),
  testFiles: stringList(checkGlob),
  authorizers: stringList(),
  dpop: (value, key) => {
    if (value !== 'auto' && value !== 'always' && value !== 'never') {
      throw new SettingsError(`settings.tango.${key} must be "auto", "always" or "never", got ${describe(value)}.`);
    }
    return value;
  },
  mtls: (value, key) => {
    if (typeof value !== 'boolean') throw new SettingsError(`settings.tango.${key} must be a boolean, got ${describe(value)}.`);
    return value;
  },
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}

const cache = new WeakMap<object, TangoSettings>();

/**
 * Validates and completes a raw `settings.tango` value with defaults.
 * @throws SettingsError naming the offending key.
 */
export function readSettings(raw: unknown): TangoSettings {
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SettingsError(`settings.tango must be an object, got ${describe(raw)}.`);
  }
  const cached = cache.get(raw);
  if (cached) return cached;
  const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(checks, key)) {
      throw new SettingsError(
        `settings.tango has an unknown key "${key}"; expected one of ${Object.keys(checks).join(', ')}.`,
      );
    }
    if (value !== undefined) result[key] = checks[key as keyof TangoSettings](value, key);
  }
  const settings = Object.freeze(result) as unknown as TangoSettings;
  cache.set(raw, settings);
  return settings;
}
