import { describe, expect, it } from 'vitest';
import { operatorTokenFromEnv } from './token-config.ts';

describe('operator token from the environment', () => {
  it('takes TSUNAGU_OPERATOR_TOKEN as it is', () => {
    expect(operatorTokenFromEnv({ TSUNAGU_OPERATOR_TOKEN: 'a-long-enough-token-1234' })).toEqual({ ok: true, token: 'a-long-enough-token-1234', generated: false });
  });

  it('generates a fresh 32-character token when none is set', () => {
    const a = operatorTokenFromEnv({});
    const b = operatorTokenFromEnv({ TSUNAGU_OPERATOR_TOKEN: '  ' });
    expect(a.ok && a.generated && a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(b.ok && b.generated).toBe(true);
    expect(a.ok && b.ok && a.token !== b.token).toBe(true);
  });

  it('refuses a token that is too short or would not survive a URL and a header', () => {
    for (const token of ['short', 'sixteen chars with spaces', 'トークントークントークントークン']) {
      const r = operatorTokenFromEnv({ TSUNAGU_OPERATOR_TOKEN: token });
      expect(r.ok, token).toBe(false);
      expect(!r.ok && r.problem.code).toBe('OPERATOR_TOKEN_UNSUITABLE');
    }
  });
});
