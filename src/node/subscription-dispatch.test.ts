import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { callbackUnderNode, expiryProblem, SUBSCRIPTION_MAX_DAYS } from './subscription-dispatch.ts';

const NODE = 'https://jp-170003-ishikawa-pref.node.example.jp/';

describe('callbackUnderNode', () => {
  it('accepts the node URL itself and paths under it', () => {
    expect(callbackUnderNode(NODE, NODE)).toBe(true);
    expect(callbackUnderNode(`${NODE}federation/deliveries`, NODE)).toBe(true);
    expect(callbackUnderNode('https://n.example.jp/tsunagu/hooks/a', 'https://n.example.jp/tsunagu')).toBe(true);
  });

  it('refuses other hosts, look-alike hosts, other schemes, ports, credentials, queries and paths that climb out', () => {
    for (const url of [
      'https://collector.example.com/federation/deliveries',
      'https://jp-170003-ishikawa-pref.node.example.jp.evil.example.com/',
      'http://jp-170003-ishikawa-pref.node.example.jp/',
      'https://jp-170003-ishikawa-pref.node.example.jp:8443/',
      'https://user:pw@jp-170003-ishikawa-pref.node.example.jp/',
      `${NODE}?next=https://evil.example.com/`,
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(callbackUnderNode(url, NODE), url).toBe(false);
    }
    expect(callbackUnderNode('https://n.example.jp/tsunagu/../admin', 'https://n.example.jp/tsunagu/')).toBe(false);
    expect(callbackUnderNode('https://n.example.jp/tsunagu-other/x', 'https://n.example.jp/tsunagu')).toBe(false);
  });

  it('never accepts a URL on another origin, whatever its path', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        fc.pre(new URL(url).origin !== new URL(NODE).origin);
        expect(callbackUnderNode(url, NODE)).toBe(false);
      }),
    );
  });
});

describe('expiryProblem', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it(`accepts an expiry after now and at most ${SUBSCRIPTION_MAX_DAYS} days ahead`, () => {
    expect(expiryProblem('2026-01-31T00:00:00Z', now)).toBeUndefined();
    expect(expiryProblem('2026-01-01T09:00:01+09:00', now)).toBeUndefined();
  });

  it('refuses an expiry in the past, too far ahead or not a time', () => {
    expect(expiryProblem('2025-12-31T23:59:59Z', now)).toMatch(/past/);
    expect(expiryProblem('2026-01-31T00:00:01Z', now)).toMatch(/30 days/);
    expect(expiryProblem('soon', now)).toMatch(/date-time/);
  });
});
