// The rows transport capacity adds to an allocation model: a depot's kg (transportKg) and a fleet's vehicle-minutes by
// weight and by volume (transport-capacity.ts), with each flow column's use of them. Shared by the coupled HiGHS LP and
// the decomposition that prices them (craft-decomposition.ts), so both see the same rows. Pure.
import type { AllocationInput, SupplyLine } from './allocation-types.ts';
import { fleetUse } from './transport-capacity.ts';

/** What a flow column needs to know to use capacity. */
export interface CapacityColumn {
  supply: SupplyLine;
  fleet: string | undefined;
  tripMinutes: number;
}

export interface CapacityRows {
  /** Depot capacity rows by depot, numbered from `firstRow` in the order first met. */
  capacityRow: Map<string, number>;
  /** Fleet rows keyed by fleet and measure (`fleet\u0000weight|volume`), numbered after and among the depot rows. */
  fleetRow: Map<string, number>;
  /** Each column's uses: [row, per unit], rows increasing (as a CSC matrix needs them). */
  uses: [row: number, perUnit: number][][];
  /** The rows after the last capacity row: `firstRow` + the number of capacity rows. */
  end: number;
}

/** The capacity rows of `columns`, numbered from `firstRow` as first met. */
export function capacityRowsOf(input: AllocationInput, columns: readonly CapacityColumn[], firstRow: number): CapacityRows {
  const capacityRow = new Map<string, number>();
  const fleetRow = new Map<string, number>();
  let rows = firstRow;
  const uses = columns.map((c) => {
    const extra: [row: number, value: number][] = [];
    const cap = input.transportKg.get(c.supply.depot);
    if (cap !== undefined && c.supply.kgPerUnit > 0) {
      let cr = capacityRow.get(c.supply.depot);
      if (cr === undefined) capacityRow.set(c.supply.depot, (cr = rows++));
      extra.push([cr, c.supply.kgPerUnit]);
    }
    const fleet = c.fleet !== undefined ? input.fleets?.get(c.fleet) : undefined;
    for (const use of fleet ? fleetUse(fleet, c.supply, c.tripMinutes) : []) {
      const key = `${c.fleet}\u0000${use.measure}`;
      let fr = fleetRow.get(key);
      if (fr === undefined) fleetRow.set(key, (fr = rows++));
      extra.push([fr, use.perUnit]);
    }
    // Rows are numbered as first met, so one column's may come in any order.
    return extra.sort((a, b) => a[0] - b[0]);
  });
  return { capacityRow, fleetRow, uses, end: rows };
}

/** Each capacity row's limit: a depot's kg or a fleet's vehicle-minutes. */
export function capacityLimits(input: AllocationInput, rows: Pick<CapacityRows, 'capacityRow' | 'fleetRow'>, into: Float64Array): void {
  for (const [depot, row] of rows.capacityRow) into[row] = input.transportKg.get(depot)!;
  for (const [key, row] of rows.fleetRow) into[row] = input.fleets!.get(key.split('\u0000')[0]!)!.vehicleMinutes;
}
