// Whole units for goods counted in units (meals, pieces, sets…): transport capacity couples items, and the coupled LP's
// vertex is then fractional ("300.487 blankets"), which no one can load or hand out. Each such flow is rounded down,
// then what is left of demand, stock, depot capacity and fleet time is filled again unit by unit, the most urgent and
// nearest first. What this costs against the LP shows in the plan's optimality gap, which stays a true bound. Pure.
import type { StockUnit } from '../../model/index.ts';
import { priorityWeights, type AllocationInput, type DemandLine, type SupplyLine } from './allocation-types.ts';
import { fleetUse } from './transport-capacity.ts';

/** Goods handed out by the unit; kilograms and litres may be split. */
export const countedUnit = (unit: StockUnit): boolean => unit !== 'kg' && unit !== 'litre';

/** What rounding needs of a flow column of the coupled model. */
export interface WholeUnitColumn {
  demand: DemandLine;
  demandRow: number;
  supply: SupplyLine;
  supplyRow: number;
  minutes: number;
  fleet: string | undefined;
  tripMinutes: number;
}

/** A column's use of one shared limit (a depot's kg or a fleet's vehicle-minutes) per unit carried. */
interface LimitUse {
  limit: string;
  perUnit: number;
}

/** Slack below which a limit counts as full: the LP's own tolerance, so rounding never adds a unit the limit lacks. */
const FULL = 1e-9;

function limitUses(input: AllocationInput, c: WholeUnitColumn): LimitUse[] {
  const uses: LimitUse[] = [];
  if (input.transportKg.has(c.supply.depot) && c.supply.kgPerUnit > 0) uses.push({ limit: `depot\u0000${c.supply.depot}`, perUnit: c.supply.kgPerUnit });
  const fleet = c.fleet !== undefined ? input.fleets?.get(c.fleet) : undefined;
  if (fleet) for (const u of fleetUse(fleet, c.supply, c.tripMinutes)) uses.push({ limit: `fleet\u0000${c.fleet}\u0000${u.measure}`, perUnit: u.perUnit });
  return uses;
}

function limitCapacity(input: AllocationInput, limit: string): number {
  const [kind, key] = limit.split('\u0000') as [string, string];
  return kind === 'depot' ? input.transportKg.get(key)! : input.fleets!.get(key)!.vehicleMinutes;
}

/**
 * The amounts of `columns` (one per column, within every limit already) with each counted-unit flow in whole units:
 * rounded down, then topped up where demand, stock and every capacity the column uses still have room for whole units.
 * `rowLimit[r]` is what demand row r may receive or stock row r may give.
 */
export function inWholeUnits(input: AllocationInput, columns: readonly WholeUnitColumn[], amount: Float64Array, rowLimit: Float64Array): Float64Array {
  const out = Float64Array.from(amount, (v, j) => (countedUnit(columns[j]!.demand.unit) ? Math.floor(v + 1e-6) : v));
  const rowUsed = new Float64Array(rowLimit.length);
  const limitUsed = new Map<string, number>();
  const uses = columns.map((c) => limitUses(input, c));
  columns.forEach((c, j) => {
    rowUsed[c.demandRow]! += out[j]!;
    rowUsed[c.supplyRow]! += out[j]!;
    for (const u of uses[j]!) limitUsed.set(u.limit, (limitUsed.get(u.limit) ?? 0) + out[j]! * u.perUnit);
  });
  // Room only shrinks as units are added, so a column without a whole unit's room in its rows now never gets one: left
  // out before the sort (most columns, once the plan has spent the stock or met the need).
  const hasRoom = (c: WholeUnitColumn) => rowLimit[c.demandRow]! - rowUsed[c.demandRow]! >= 1 - 1e-9 && rowLimit[c.supplyRow]! - rowUsed[c.supplyRow]! >= 1 - 1e-9;
  const order = columns
    .map((c, j) => j)
    .filter((j) => countedUnit(columns[j]!.demand.unit) && hasRoom(columns[j]!))
    .sort((a, b) => priorityWeights[columns[b]!.demand.priority] - priorityWeights[columns[a]!.demand.priority] || columns[a]!.minutes - columns[b]!.minutes || a - b);
  for (const j of order) {
    const c = columns[j]!;
    let room = Math.min(rowLimit[c.demandRow]! - rowUsed[c.demandRow]!, rowLimit[c.supplyRow]! - rowUsed[c.supplyRow]!);
    for (const u of uses[j]!) room = Math.min(room, (limitCapacity(input, u.limit) - (limitUsed.get(u.limit) ?? 0) + FULL) / u.perUnit);
    const add = Math.floor(room + 1e-9);
    if (add < 1) continue;
    out[j]! += add;
    rowUsed[c.demandRow]! += add;
    rowUsed[c.supplyRow]! += add;
    for (const u of uses[j]!) limitUsed.set(u.limit, limitUsed.get(u.limit)! + add * u.perUnit);
  }
  return out;
}
