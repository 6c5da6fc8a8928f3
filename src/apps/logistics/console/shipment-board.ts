// The shipment board as the logistics page lays it out: orders grouped by plan (newest first) and, within a plan, by
// state with a count per state; each order titled by where it goes and what it carries; long groups folded. Pure.
import type { ShipmentState } from '../../../model/codes.ts';
import type { StoredShipment } from '../types.ts';

/** The states in the order an order moves through them; declined last. */
export const BOARD_STATES: readonly ShipmentState[] = ['planned', 'committed', 'dispatched', 'in-transit', 'delivered', 'received', 'declined'];

/** How many orders a state group shows before folding the rest behind "and N more". */
export const SHOWN_BEFORE_FOLD = 6;

export interface StateGroup {
  state: ShipmentState;
  shipments: StoredShipment[];
}

export interface PlanGroup {
  planId: string;
  /** The node whose plan it is (the requester of its orders). */
  requester: string;
  /** The latest change to any of its orders. */
  updatedAt: string;
  total: number;
  /** The states that have orders, in board order, each sorted by `sortKey` then order id. */
  states: StateGroup[];
}

/**
 * The board's groups: one per plan, newest change first, its orders by state. `sortKey` orders the orders within a
 * state (the page passes the destination's name and the items, so an operator finds a shelter by reading down).
 */
export function boardByPlan(items: readonly StoredShipment[], sortKey: (s: StoredShipment) => string): PlanGroup[] {
  const plans = new Map<string, StoredShipment[]>();
  for (const s of items) plans.set(s.planId, [...(plans.get(s.planId) ?? []), s]);
  const keys = new Map(items.map((s) => [s.orderId, sortKey(s)]));
  const byKey = (a: StoredShipment, b: StoredShipment) => keys.get(a.orderId)!.localeCompare(keys.get(b.orderId)!) || a.orderId.localeCompare(b.orderId);
  return [...plans]
    .map(([planId, orders]) => ({
      planId,
      requester: orders[0]!.requester,
      updatedAt: orders.reduce((latest, s) => (Date.parse(s.updatedAt) > Date.parse(latest) ? s.updatedAt : latest), orders[0]!.updatedAt),
      total: orders.length,
      states: BOARD_STATES.flatMap((state) => {
        const inState = orders.filter((s) => s.state === state).sort(byKey);
        return inState.length > 0 ? [{ state, shipments: inState }] : [];
      }),
    }))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.planId.localeCompare(b.planId));
}

/** A group's orders as shown: all when unfolded or short enough, else the first few and how many are folded. */
export function foldedGroup<T>(items: readonly T[], unfolded: boolean, shown = SHOWN_BEFORE_FOLD): { visible: readonly T[]; hidden: number } {
  // Folding one order behind a button would cost a click to save a line: fold only when it hides at least two.
  if (unfolded || items.length <= shown + 1) return { visible: items, hidden: 0 };
  return { visible: items.slice(0, shown), hidden: items.length - shown };
}

/** What an order carries in one phrase: its lines (item, quantity, unit) as the page words them, the rest counted. */
export function itemsPhrase<L>(lines: readonly L[], line: (l: L) => string, more: (n: number) => string, join: (parts: string[]) => string, shown = 2): string {
  const parts = lines.slice(0, shown).map(line);
  if (lines.length > shown) parts.push(more(lines.length - shown));
  return join(parts);
}

/** The next step a supplier reports for every order of a plan in a state at once; none once delivered. */
export const BULK_NEXT: Partial<Record<ShipmentState, 'commit' | 'dispatched' | 'in-transit' | 'delivered'>> = {
  planned: 'commit',
  committed: 'dispatched',
  dispatched: 'in-transit',
  'in-transit': 'delivered',
};

/** How many orders of a state group this node supplies: the ones a bulk action moves (worth offering from two). */
export const suppliedBy = (group: StateGroup, node: string) => group.shipments.filter((s) => s.supplier === node).length;
