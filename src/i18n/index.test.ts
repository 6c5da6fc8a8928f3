import { describe, expect, it } from 'vitest';
import { langFromEnv, message, registeredMessage, registerMessages, registerValueWords } from './index.ts';
import { allMessages, catalogs } from './messages/index.ts';

describe('messages', () => {
  it('renders a problem in Japanese and in English with its parameters', () => {
    expect(message('AREA_CODE_CHECK_DIGIT', { value: '172021', expected: 2 }, 'ja')).toContain('正しくは 2');
    expect(message('AREA_CODE_CHECK_DIGIT', { value: '172021', expected: 2 }, 'en')).toContain('expected 2');
  });

  it('has both languages, non-empty and with the same placeholders, for every code', () => {
    for (const [code, t] of Object.entries(allMessages)) {
      // A label passed in both languages (fileJa / fileEn) is one parameter: each text uses its own language's.
      const ph = (s: string) => [...s.matchAll(/{{(\w+?)(?:Ja|En)?}}/g)].map((m) => m[1]).sort();
      expect(t.ja.length, code).toBeGreaterThan(0);
      expect(t.en.length, code).toBeGreaterThan(0);
      expect(ph(t.ja), code).toEqual(ph(t.en));
    }
  });

  it('defines every code in one catalog only', () => {
    const seen = new Map<string, number>();
    for (const c of catalogs) for (const code of Object.keys(c)) seen.set(code, (seen.get(code) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([code]) => code)).toEqual([]);
  });

  it("adds an application's catalog, again harmlessly, and refuses a code that would change another's text", () => {
    const catalog = { TEST_APPLICATION_HELLO: { ja: 'こんにちは {{name}}', en: 'Hello {{name}}' } };
    registerMessages(catalog);
    registerMessages(catalog);
    expect(registeredMessage('TEST_APPLICATION_HELLO', { name: 'A' }, 'en')).toBe('Hello A');
    expect(() => registerMessages({ TEST_APPLICATION_HELLO: { ja: '別', en: 'Other' } })).toThrow(/TEST_APPLICATION_HELLO/);
    expect(() => registerMessages({ AREA_CODE_CHECK_DIGIT: { ja: '別', en: 'Other' } })).toThrow(/AREA_CODE_CHECK_DIGIT/);
    expect(registeredMessage('TEST_APPLICATION_HELLO', { name: 'A' }, 'ja')).toBe('こんにちは A');
  });

  it('puts a parameter’s code value into words of the reader’s language when the text is rendered', () => {
    const words = { words: { open: { ja: '開設中', en: 'open' } }, other: { ja: '状態 {{value}}', en: 'state {{value}}' } };
    registerValueWords('testShelterState', words);
    registerValueWords('testShelterState', words);
    registerMessages({ TEST_SHELTER_STATE: { ja: '避難所は{{state, testShelterState}}', en: 'The shelter is {{state, testShelterState}}' } });
    expect(registeredMessage('TEST_SHELTER_STATE', { state: 'open' }, 'ja')).toBe('避難所は開設中');
    expect(registeredMessage('TEST_SHELTER_STATE', { state: 'open' }, 'en')).toBe('The shelter is open');
    expect(registeredMessage('TEST_SHELTER_STATE', { state: 'closed' }, 'en')).toBe('The shelter is state closed');
    expect(() => registerValueWords('testShelterState', { words: { open: { ja: '別', en: 'other' } } })).toThrow(/testShelterState/);
  });

  it('defaults to Japanese when the locale is unset or Japanese, English for an English locale', () => {
    expect(langFromEnv({})).toBe('ja');
    expect(langFromEnv({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('ja');
    expect(langFromEnv({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_GB.UTF-8', TSUNAGU_LANG: 'ja' })).toBe('ja');
  });
});
