import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../i18n/index.ts';
import { backoffDelayMs, classifyPeerError, fanOut, missingMessage, PeerFailure } from './fan-out.ts';

describe('backoffDelayMs', () => {
  it('doubles the step per failed attempt up to the maximum, with jitter within the upper half of the step', () => {
    const retry = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failed, r) => {
        const step = Math.min(1000, 100 * 2 ** (failed - 1));
        const d = backoffDelayMs(retry, failed, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
        expect(d).toBeLessThanOrEqual(step);
      }),
    );
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(retry, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });
});

describe('classifyPeerError', () => {
  it('treats socket errors as unreachable, aborts as timeouts and anything else as an invalid response', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(classifyPeerError(refused)).toMatchObject({ reason: 'unreachable', detail: 'ECONNREFUSED', retryable: true });
    expect(classifyPeerError(new DOMException('aborted', 'AbortError'))).toMatchObject({ reason: 'timeout', retryable: true });
    expect(classifyPeerError(new Error('boom'))).toMatchObject({ reason: 'invalid-response', retryable: false });
    const own = new PeerFailure('refused', 'no', { status: 403 });
    expect(classifyPeerError(own)).toBe(own);
  });
});

describe('missingMessage', () => {
  it('renders why a node is missing in Japanese and English', () => {
    const m = missingMessage({ reason: 'refused', detail: 'statistics is not permitted', attempts: 1, status: 403 }, 'jp-172022-nanao-city');
    expect(m.code).toBe('FEDERATION_PEER_REFUSED');
    expect(message(m.code, m.params, 'en')).toBe('Node jp-172022-nanao-city refused the request (HTTP 403): statistics is not permitted');
    expect(message(m.code, m.params, 'ja')).toContain('jp-172022-nanao-city');
  });
});

describe('fanOut over many peers', () => {
  it('asks twenty peers without a MaxListenersExceededWarning and aborts every attempt left in flight', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const signals: AbortSignal[] = [];
      const targets = Array.from({ length: 20 }, (_, i) => i);
      const outcome = await fanOut({
        targets,
        deadlineMs: 5_000,
        request: (t, signal) => {
          signals.push(signal);
          return new Promise<number>((resolve) => setTimeout(() => resolve(t * 2), 5));
        },
      });
      // process.emitWarning reports on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(outcome.complete).toBe(true);
      expect(outcome.results.map((r) => r.value)).toEqual(targets.map((t) => t * 2));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
      expect(signals).toHaveLength(20);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('aborts the signal of every peer still asked when the deadline passes', async () => {
    const signals: AbortSignal[] = [];
    const outcome = await fanOut({
      targets: Array.from({ length: 15 }, (_, i) => i),
      deadlineMs: 30,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      request: (_t, signal) => {
        signals.push(signal);
        return new Promise<number>(() => {});
      },
    });
    expect(outcome.missing.map((m) => m.reason)).toEqual(Array.from({ length: 15 }, () => 'timeout'));
    expect(signals.every((s) => s.aborted)).toBe(true);
  });
});
