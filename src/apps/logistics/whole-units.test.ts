import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocationInput, DemandLine, SupplyLine } from './allocation-types.ts';
import { countedUnit, inWholeUnits, type WholeUnitColumn } from './whole-units.ts';

const demand = (id: string, quantity: number, priority: DemandLine['priority'] = 'normal', unit: DemandLine['unit'] = 'piece'): DemandLine =>
  ({ id, destination: `S-${id}`, category: 'blanket', unit, quantity, priority, freeFrom: [] });
const stock = (id: string, available: number, unit: SupplyLine['unit'] = 'piece'): SupplyLine =>
  ({ id, depot: 'A', category: 'blanket', unit, available, contains: [], kgPerUnit: 1 });

describe('whole units', () => {
  it('are every unit but kilograms and litres', () => {
    expect(['meal', 'piece', 'sheet', 'roll', 'use', 'set', 'unit'].every((u) => countedUnit(u as DemandLine['unit']))).toBe(true);
    expect(countedUnit('kg') || countedUnit('litre')).toBe(false);
  });

  it('round each flow down, then give what the depot can still carry to the most urgent demand', () => {
    const s = stock('s', 100);
    const columns: WholeUnitColumn[] = [
      { demand: demand('d1', 20), demandRow: 0, supply: s, supplyRow: 2, minutes: 10, fleet: undefined, tripMinutes: 0 },
      { demand: demand('d2', 20, 'urgent'), demandRow: 1, supply: s, supplyRow: 2, minutes: 30, fleet: undefined, tripMinutes: 0 },
    ];
    const input: AllocationInput = { demands: columns.map((c) => c.demand), supplies: [s], arcs: [], transportKg: new Map([['A', 16.2]]) };
    // 10.6 + 5.6 = 16.2 kg: rounded down 15 kg, and the 1.2 kg left carry one more unit, to the urgent demand.
    const out = inWholeUnits(input, columns, Float64Array.from([10.6, 5.6]), Float64Array.from([20, 20, 100]));
    expect([...out]).toEqual([10, 6]);
  });

  it('leave kilograms and litres as the LP gave them', () => {
    const s = stock('s', 100, 'kg');
    const columns: WholeUnitColumn[] = [{ demand: demand('d1', 20, 'normal', 'kg'), demandRow: 0, supply: s, supplyRow: 1, minutes: 10, fleet: undefined, tripMinutes: 0 }];
    const input: AllocationInput = { demands: [columns[0]!.demand], supplies: [s], arcs: [], transportKg: new Map([['A', 12.5]]) };
    expect([...inWholeUnits(input, columns, Float64Array.from([12.5]), Float64Array.from([20, 100]))]).toEqual([12.5]);
  });

  it('are whole, never below the rounded-down amounts, and within every demand, stock and capacity, for any feasible amounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: 1, max: 50 }), share: fc.double({ min: 0, max: 1, noNaN: true }), p: fc.constantFrom<DemandLine['priority']>('urgent', 'high', 'normal') }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 120 }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (cells, available, kgPerUnit) => {
          const s: SupplyLine = { ...stock('s', available), kgPerUnit };
          const columns: WholeUnitColumn[] = cells.map((c, r) => ({ demand: demand(`d${r}`, c.q, c.p), demandRow: r, supply: s, supplyRow: cells.length, minutes: 10 + r, fleet: undefined, tripMinutes: 0 }));
          // Feasible fractional amounts: a share of each demand, scaled into the stock.
          const raw = cells.map((c) => c.q * c.share);
          const total = raw.reduce((a, b) => a + b, 0);
          const amount = Float64Array.from(raw, (v) => (total > available ? (v * available) / total : v));
          const kg = amount.reduce((a, b) => a + b * kgPerUnit, 0);
          const input: AllocationInput = { demands: columns.map((c) => c.demand), supplies: [s], arcs: [], transportKg: new Map([['A', kg]]) };
          const limit = Float64Array.from([...cells.map((c) => c.q), available]);
          const out = inWholeUnits(input, columns, amount, limit);
          out.forEach((v, j) => {
            expect(Number.isInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(Math.floor(amount[j]! + 1e-6));
            expect(v).toBeLessThanOrEqual(cells[j]!.q);
          });
          expect(out.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(available);
          expect(out.reduce((a, b) => a + b * kgPerUnit, 0)).toBeLessThanOrEqual(kg + 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });
});
