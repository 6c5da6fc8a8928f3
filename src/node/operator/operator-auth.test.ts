import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bearerTokenOf, operatorTokenMatches } from './operator-auth.ts';

describe('operator token', () => {
  it('matches only the exact token, whatever the lengths', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (token, other) => {
        expect(operatorTokenMatches(token, token)).toBe(true);
        expect(operatorTokenMatches(token, other)).toBe(other === token);
      }),
    );
  });

  it('reads a bearer token and nothing else from an Authorization header', () => {
    expect(bearerTokenOf('Bearer abc-DEF_123')).toBe('abc-DEF_123');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
