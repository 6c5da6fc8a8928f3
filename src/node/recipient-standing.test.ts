import { describe, expect, it } from 'vitest';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import type { OutboxMessage } from '../store/outbox-store.ts';
import { recipientHold } from './recipient-standing.ts';
import { createSubscriptionTransport, type SubscriptionTransportOptions } from './subscription-dispatch.ts';

describe('a queued message and its recipient’s standing now', () => {
  const now = new Date();
  const trust = buildTestTrust(now);
  const id = (n: keyof typeof trust.participants) => trust.participants[n].id;

  it('lets a message go to a participant in good standing, and to a recipient the trust list does not know (an anchor)', () => {
    expect(recipientHold(trust.registry, id('nanao'), now)).toBeUndefined();
    expect(recipientHold(trust.registry, 'jp-anchor-not-a-participant', now)).toBeUndefined();
  });

  it('sends nothing to a revoked recipient, for good (dead-lettered), and holds one suspended or lapsed (retried later)', () => {
    expect(recipientHold(trust.registry, id('revoked'), now)).toEqual({ ok: false, retry: false, reason: 'not sent: recipient TRUST_PARTICIPANT_REVOKED' });
    expect(recipientHold(trust.registry, id('suspended'), now)).toEqual({ ok: false, retry: true, reason: 'held: recipient TRUST_PARTICIPANT_SUSPENDED' });
    expect(recipientHold(trust.registry, id('lapsed'), now)).toEqual({ ok: false, retry: true, reason: 'held: recipient TRUST_PARTICIPANT_EXPIRED' });
  });

  it('is checked by the node’s outbox transport before anything is sent', async () => {
    const sent: string[] = [];
    const transport = createSubscriptionTransport({
      registry: trust.registry, now: () => now,
      inner: async (m: OutboxMessage) => (sent.push(m.peer), { ok: true }),
    } as unknown as SubscriptionTransportOptions);
    const message = (peer: string): OutboxMessage => ({
      seq: 1, state: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), peer, peerUrl: 'http://127.0.0.1:9/', kind: 'logistics-shipment-update', idempotencyKey: `k-${peer}`, payload: {}, createdAt: now.toISOString(),
    });
    const signal = new AbortController().signal;
    expect(await transport(message(id('revoked')), signal)).toMatchObject({ ok: false, retry: false });
    expect(await transport(message(id('suspended')), signal)).toMatchObject({ ok: false, retry: true });
    expect(await transport(message(id('nanao')), signal)).toEqual({ ok: true });
    expect(sent).toEqual([id('nanao')]);
  });
});
