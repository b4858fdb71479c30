import { describe, expect, it } from 'vitest';
import { joinUrl } from '../../src/analyzer/strings.js';
import { hostOf, isTangoUrlName, nameWords } from '../../src/analyzer/tango.js';
import { analyzeFixture, formsOf, showForms, variableValue } from './helpers.js';

describe('tango names and hosts', () => {
  it('splits names into words', () => {
    expect(nameWords('TANGO_BASE_URL')).toEqual(['tango', 'base', 'url']);
    expect(nameWords('tangoApiUrl')).toEqual(['tango', 'api', 'url']);
    expect(nameWords('config.tango.baseUrl')).toEqual(['config', 'tango', 'base', 'url']);
    expect(nameWords('RAASEndpoint')).toEqual(['raas', 'endpoint']);
    expect(nameWords('v2Url')).toEqual(['v2', 'url']);
  });

  it('splits a long run of capitals in linear time', () => {
    const name = `${'A'.repeat(200_000)}b`;
    const started = performance.now();
    expect(nameWords(name)).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('takes names for the address of the Tango API, not other Tango things', () => {
    for (const name of ['TANGO_BASE_URL', 'TANGO_API_URL', 'tangoApiBaseUrl', 'config.tango.baseUrl', 'RAAS_ENDPOINT', 'TANGO_HOST', 'TANGO_SANDBOX_API_URL']) {
      expect(isTangoUrlName(name), name).toBe(true);
    }
    for (const name of ['TANGO_EVENTS_URL', 'tangoDeckUrl', 'TANGO_FLASHCARDS_API_URL', 'TANGO_CLUB_URL', 'tango', 'TANGO_API_KEY', 'BASE_URL']) {
      expect(isTangoUrlName(name), name).toBe(false);
    }
  });

  it('reads the host of absolute http(s) URLs only', () => {
    expect(hostOf('https://API.tangocard.com/raas/v2')).toBe('api.tangocard.com');
    expect(hostOf('https://integration-api.tangocard.com:443/raas')).toBe('integration-api.tangocard.com');
    expect(hostOf('/raas/v2/orders')).toBeUndefined();
    expect(hostOf('ftp://api.tangocard.com')).toBeUndefined();
  });
});

describe('string forms and URL joining', () => {
  const analysis = analyzeFixture(['value-forms', 'src', 'forms.ts']);
  const { resolver } = analysis;

  it('joins a base and a path with exactly one slash', () => {
    const base = variableValue(analysis, 'literal');
    const forms = (path: string): string[] =>
      showForms(joinUrl(base, { kind: 'string', value: path, node: analysis.sourceFile }, resolver));
    expect(forms('/raas/v2/orders')).toEqual(['https://api.tangocard.com/raas/v2/orders']);
    expect(forms('raas/v2/orders')).toEqual(['https://api.tangocard.com/raas/v2/orders']);
    expect(forms('https://example.com/x')).toEqual(['https://example.com/x']);
    expect(showForms(joinUrl(base, undefined, resolver))).toEqual(['https://api.tangocard.com']);
  });

  it('lists every form of alternatives and env fallbacks', () => {
    expect(formsOf(variableValue(analysis, 'conditional'), resolver)).toEqual([
      'https://api.tangocard.com',
      'https://integration-api.tangocard.com',
    ]);
    expect(formsOf(variableValue(analysis, 'envNullish'), resolver)).toEqual([
      '${env:TANGO_BASE_URL}',
      'https://integration-api.tangocard.com',
    ]);
  });
});
