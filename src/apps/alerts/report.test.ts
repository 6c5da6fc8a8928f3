import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { missingText } from './report.ts';

describe('why a node is missing from a report', () => {
  it("gives a refusal as the provider's own words, once", () => {
    const detail = 'データセット「persons」へのアクセスは利用ポリシーにより拒否されました: 目的「人命救助」は災害宣言が有効なときだけ許可されます';
    expect(missingText({ reason: 'refused', detail }, 'ja')).toBe(detail);
  });

  it('says a refusal without words, a timeout, an unreachable node and an unusable answer in ours, never as a status or code', () => {
    expect(missingText({ reason: 'refused', detail: 'HTTP 403' }, 'en')).toBe('refused the request (it gave no reason)');
    expect(missingText({ reason: 'timeout', detail: 'deadline' }, 'en')).toBe('did not answer in time');
    expect(missingText({ reason: 'unreachable', detail: 'ECONNREFUSED' }, 'ja')).toBe('接続できませんでした');
    expect(missingText({ reason: 'invalid-response', detail: 'SIGNATURE_INVALID' }, 'en')).toMatch(/could not be used/);
    expect(missingText({ reason: 'incomplete', detail: 'the deadline passed after 1000 records' }, 'en')).toBe('answered only in part: the deadline passed after 1000 records');
  });

  it('never names a node, a status code or a socket error whatever the failure', () => {
    const reason = fc.constantFrom('refused' as const, 'timeout' as const, 'unreachable' as const, 'invalid-response' as const);
    fc.assert(
      fc.property(reason, fc.constantFrom('ja' as const, 'en' as const), fc.integer({ min: 400, max: 599 }), fc.constantFrom('ECONNREFUSED', 'EHOSTUNREACH', 'SIGNATURE_INVALID'), (r, lang, status, code) => {
        const detail = r === 'refused' ? `HTTP ${status}` : code;
        const text = missingText({ reason: r, detail }, lang);
        expect(text).not.toMatch(/HTTP|jp-|E[A-Z]{4,}|_INVALID/);
        expect(text.length).toBeGreaterThan(0);
      }),
    );
  });
});
