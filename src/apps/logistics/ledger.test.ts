import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableToCommit, decideCommit, drawsOn, type LedgerBasis, type LedgerCommitment } from './ledger.ts';

const basis: LedgerBasis = { stockId: 's', version: 2, observedAt: '2024-01-12T10:00:00+09:00', shippable: 100 };

describe('the supplier’s stock ledger', () => {
  it('counts a commitment until its goods leave, and a departed one only until a later count replaces the figure', () => {
    expect(drawsOn(basis, { orderId: 'a', quantity: 10, state: 'committed' })).toBe(true);
    expect(drawsOn(basis, { orderId: 'a', quantity: 10, state: 'planned' })).toBe(false);
    expect(drawsOn(basis, { orderId: 'a', quantity: 10, state: 'declined' })).toBe(false);
    // Left at 11:00 JST, after the 10:00 count: the count still holds those goods.
    expect(drawsOn(basis, { orderId: 'a', quantity: 10, state: 'dispatched', dispatchedAt: '2024-01-12T02:00:00Z' })).toBe(true);
    // Left at 09:00 JST, before the count: the count no longer holds them.
    expect(drawsOn(basis, { orderId: 'a', quantity: 10, state: 'received', dispatchedAt: '2024-01-12T00:00:00Z' })).toBe(false);
  });

  it('refuses a commitment beyond what is left and says how much is', () => {
    const held: LedgerCommitment[] = [{ orderId: 'a', quantity: 70, state: 'committed' }];
    expect(decideCommit(basis, held, 30)).toEqual({ ok: true, availableAfter: 0 });
    expect(decideCommit(basis, held, 31)).toEqual({ ok: false, available: 30 });
  });

  it('never lets commitments taken one by one exceed the figure (property)', () => {
    const state = fc.constantFrom<LedgerCommitment['state']>('planned', 'committed', 'declined', 'dispatched', 'in-transit', 'delivered', 'received');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), state), { maxLength: 20 }), (shippable, asks) => {
        const b = { ...basis, shippable };
        const kept: LedgerCommitment[] = [];
        asks.forEach(([quantity, s], i) => {
          if (decideCommit(b, kept, quantity).ok) kept.push({ orderId: `o${i}`, quantity, state: s === 'planned' || s === 'declined' ? 'committed' : s, dispatchedAt: '2024-01-12T03:00:00Z' });
        });
        const held = kept.reduce((n, c) => n + (drawsOn(b, c) ? c.quantity : 0), 0);
        expect(held).toBeLessThanOrEqual(shippable);
        expect(availableToCommit(b, kept)).toBe(shippable - held);
      }),
    );
  });
});
