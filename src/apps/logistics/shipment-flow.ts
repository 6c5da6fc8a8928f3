// Dispatch orders and shipment updates between nodes: the payloads the outbox carries (TypeBox, validated by the
// receiving node), and the one rule of who may move a shipment where. The supplier commits, declines and reports
// dispatched → in transit → delivered; the receiver confirms receipt; the requester only asks. Pure.
import { Type, type Static } from '@sinclair/typebox';
import {
  AreaCodeSchema, DateTimeSchema, IdSchema, ParticipantIdSchema, PurposeSchema, ShipmentSchema, TextSchema, VehicleClassSchema, advanceShipment,
  type Shipment, type ShipmentState,
} from '../../model/index.ts';
import type { StoredShipment } from './types.ts';

export type { StoredShipment };

export const DISPATCH_ORDER = 'logistics-dispatch-order';
export const SHIPMENT_UPDATE = 'logistics-shipment-update';
export const LOGISTICS_PURPOSE = 'supply-logistics' as const;

const Operator = Type.String({ minLength: 1, maxLength: 200, description: 'the operator as named in the console' });

const OrderFacts = {
  orderId: IdSchema,
  planId: IdSchema,
  requester: ParticipantIdSchema,
  receiver: ParticipantIdSchema,
  areaCode: AreaCodeSchema,
  stock: Type.Object({ id: IdSchema, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  shipment: ShipmentSchema,
  // Labels only (names of public places as the requester's plan stored them): never compared, never decide anything.
  places: Type.Optional(
    Type.Object({ from: Type.Optional(TextSchema), to: Type.Optional(TextSchema) }, { additionalProperties: false, description: 'names of the depot (from) and the destination (to)' }),
  ),
};

/** An approved plan line, sent by the requester to the supplier's node; it waits there for the supplier's operator. */
/** The vehicles the plan assigned to the line, when it modelled transport capacity (docs/logistics.md). */
const OrderTransportSchema = Type.Object(
  {
    operator: ParticipantIdSchema,
    vehicle: IdSchema,
    vehicleClass: VehicleClassSchema,
    trips: Type.Number({ minimum: 0, description: "one vehicle's loads the line fills, by weight or volume" }),
    tripMinutes: Type.Number({ minimum: 0, description: 'one trip: base → depot → destination → base, with loading and unloading' }),
  },
  { additionalProperties: false },
);

export const DispatchOrderSchema = Type.Object(
  {
    ...OrderFacts,
    transport: Type.Optional(OrderTransportSchema),
    purpose: Type.Optional(PurposeSchema),
    approvedBy: Operator,
    approvedAt: DateTimeSchema,
  },
  { additionalProperties: false },
);
export type DispatchOrder = Static<typeof DispatchOrderSchema>;

/** A shipment's new status, sent by whoever may report it to the other parties. */
export const ShipmentUpdateSchema = Type.Object(
  { ...OrderFacts, purpose: Type.Optional(PurposeSchema), by: Operator },
  { additionalProperties: false },
);
export type ShipmentUpdate = Static<typeof ShipmentUpdateSchema>;

/** Rules of an order its schema does not state, as the problem in words (the node answers 422). */
export function dispatchOrderProblem(o: DispatchOrder): string | undefined {
  if (o.shipment.status.state !== 'planned') return `shipment.status.state must be planned (got ${o.shipment.status.state})`;
  if (o.shipment.lines.length !== 1) return 'shipment.lines must hold exactly one line (one order per plan line)';
  if (o.shipment.lines[0]!.stock !== o.stock.id) return 'shipment.lines[0].stock must equal stock.id';
  return undefined;
}


/** Who reports each state. */
export function reporterOf(state: ShipmentState): 'supplier' | 'receiver' | 'requester' {
  return state === 'received' ? 'receiver' : state === 'planned' ? 'requester' : 'supplier';
}

export type UpdateVerdict =
  | { kind: 'apply'; next: StoredShipment; created: boolean }
  | { kind: 'unchanged'; stored: StoredShipment }
  | { kind: 'refuse'; status: number; code: 'LOGISTICS_UPDATE_NOT_ALLOWED' | 'LOGISTICS_UPDATE_MISMATCH' | 'LOGISTICS_TRANSITION_REFUSED' | 'LOGISTICS_ORDER_NOT_OURS'; params: Record<string, string | number> };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a node does with an update from `sender`: apply it (first sight of the shipment, or an allowed transition),
 * keep what it has (the same status again), or refuse — a party that may not report that state, an update that
 * changes what was ordered, a transition the shipment's rules do not allow.
 */
export function judgeUpdate(stored: StoredShipment | undefined, u: ShipmentUpdate, sender: string, self: string, now: string): UpdateVerdict {
  const state = u.shipment.status.state;
  const parties = { requester: u.requester, supplier: u.shipment.supplier, receiver: u.receiver };
  if (self !== parties.requester && self !== parties.supplier && self !== parties.receiver) {
    return { kind: 'refuse', status: 422, code: 'LOGISTICS_ORDER_NOT_OURS', params: { orderId: u.orderId, node: self } };
  }
  const reporter = reporterOf(state);
  if (sender !== parties[reporter]) {
    // 422, not 403: the owner's policy allowed the sender; it is the shipment's own rule that refuses.
    return { kind: 'refuse', status: 422, code: 'LOGISTICS_UPDATE_NOT_ALLOWED', params: { orderId: u.orderId, sender, state, party: parties[reporter] } };
  }
  const next = (created: boolean, base: StoredShipment | undefined): UpdateVerdict => ({
    kind: 'apply',
    created,
    next: {
      orderId: u.orderId, planId: u.planId, requester: u.requester, supplier: u.shipment.supplier, receiver: u.receiver,
      areaCode: u.areaCode, stockId: u.stock.id, stockVersion: u.stock.version, state, shipment: u.shipment,
      ...((u.places ?? base?.places) ? { places: u.places ?? base?.places } : {}),
      ...(state === 'dispatched' ? { dispatchedAt: u.shipment.status.at } : base?.dispatchedAt !== undefined ? { dispatchedAt: base.dispatchedAt } : {}),
      updatedAt: now,
    },
  });
  if (stored === undefined) {
    if (state === 'planned') return { kind: 'refuse', status: 409, code: 'LOGISTICS_TRANSITION_REFUSED', params: { orderId: u.orderId, path: '/shipment/status/state', detail: 'a planned shipment travels as a dispatch order' } };
    return next(true, undefined);
  }
  const fixed = (s: Shipment) => ({ supplier: s.supplier, from: s.from, to: s.to, lines: s.lines });
  if (stored.requester !== u.requester || stored.receiver !== u.receiver || stored.stockId !== u.stock.id || !same(fixed(stored.shipment), fixed(u.shipment))) {
    return { kind: 'refuse', status: 409, code: 'LOGISTICS_UPDATE_MISMATCH', params: { orderId: u.orderId } };
  }
  if (stored.state === state && same(stored.shipment.status, u.shipment.status)) return { kind: 'unchanged', stored };
  const moved = advanceShipment(stored.shipment, u.shipment.status);
  if (!moved.ok) {
    const p = moved.problems[0]!;
    return { kind: 'refuse', status: 409, code: 'LOGISTICS_TRANSITION_REFUSED', params: { orderId: u.orderId, path: `/shipment${p.path}`, detail: p.message } };
  }
  return next(false, stored);
}
