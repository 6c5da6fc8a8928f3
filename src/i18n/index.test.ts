import { describe, expect, it } from 'vitest';
import { langFromEnv, message } from './index.ts';
import { allMessages } from './messages/index.ts';

describe('messages', () => {
  it('renders a problem in Japanese and in English with its parameters', () => {
    expect(message('AREA_CODE_CHECK_DIGIT', { value: '172021', expected: 2 }, 'ja')).toContain('正しくは 2');
    expect(message('AREA_CODE_CHECK_DIGIT', { value: '172021', expected: 2 }, 'en')).toContain('expected 2');
  });

  it('has both languages, non-empty and with the same placeholders, for every code', () => {
    for (const [code, t] of Object.entries(allMessages)) {
      const ph = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(t.ja.length, code).toBeGreaterThan(0);
      expect(t.en.length, code).toBeGreaterThan(0);
      expect(ph(t.ja), code).toEqual(ph(t.en));
    }
  });

  it('defaults to Japanese when the locale is unset or Japanese, English for an English locale', () => {
    expect(langFromEnv({})).toBe('ja');
    expect(langFromEnv({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('ja');
    expect(langFromEnv({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_GB.UTF-8', TSUNAGU_LANG: 'ja' })).toBe('ja');
  });
});
