// Shipment (輸送): items moving from one supplier's place to a shelter or facility, through
// planned → committed | declined → dispatched → in-transit → delivered → received. The status is a discriminated
// union on `state`; `advanceShipment` is the one place that says which transition is allowed.
import { Type, type Static } from '@sinclair/typebox';
import { StockCategorySchema, StockUnitSchema } from './codes.ts';
import { DateSchema, DateTimeSchema, IdSchema, ParticipantIdSchema } from './common.ts';
import { PlaceRefSchema } from './demand.ts';
import type { ValidationProblem } from './validate.ts';

export const ShipmentLineSchema = Type.Object(
  {
    category: StockCategorySchema,
    unit: StockUnitSchema,
    quantity: Type.Number({ exclusiveMinimum: 0, description: 'quantity shipped, in `unit`' }),
    stock: Type.Optional(IdSchema),
    demand: Type.Optional(IdSchema),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresOn: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);
export type ShipmentLine = Static<typeof ShipmentLineSchema>;

/** What the receiver counted for one line: every unit shipped is received, damaged or lost. */
export const ReceiptLineSchema = Type.Object(
  {
    line: Type.Integer({ minimum: 0, description: 'index of the shipment line' }),
    received: Type.Number({ minimum: 0 }),
    damaged: Type.Number({ minimum: 0 }),
    lost: Type.Number({ minimum: 0 }),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'lot as received, when it differs or was not known' })),
    expiresOn: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);
export type ReceiptLine = Static<typeof ReceiptLineSchema>;

const stateAt = <S extends string>(state: S) => ({ state: Type.Literal(state), at: DateTimeSchema });
const closed = { additionalProperties: false } as const;

export const ShipmentStatusSchema = Type.Union(
  [
    Type.Object({ ...stateAt('planned'), plan: Type.Optional(IdSchema) }, closed),
    Type.Object(stateAt('committed'), closed),
    Type.Object({ ...stateAt('declined'), reason: Type.String({ minLength: 1 }) }, closed),
    Type.Object(stateAt('dispatched'), closed),
    Type.Object(stateAt('in-transit'), closed),
    Type.Object(stateAt('delivered'), closed),
    Type.Object({ ...stateAt('received'), receipt: Type.Array(ReceiptLineSchema, { minItems: 1 }) }, closed),
  ],
  { description: 'the current state and when it was reached; a receipt comes with the received state' },
);
export type ShipmentStatus = Static<typeof ShipmentStatusSchema>;

export const ShipmentSchema = Type.Object(
  {
    supplier: ParticipantIdSchema,
    from: PlaceRefSchema,
    to: PlaceRefSchema,
    lines: Type.Array(ShipmentLineSchema, { minItems: 1 }),
    vehicle: Type.Optional(IdSchema),
    route: Type.Optional(Type.Array(IdSchema, { description: 'road-segment record ids, in travel order' })),
    status: ShipmentStatusSchema,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'Shipment' },
);
export type Shipment = Static<typeof ShipmentSchema>;

/** The states each state may move to. */
export const shipmentTransitions: { readonly [S in ShipmentStatus['state']]: readonly ShipmentStatus['state'][] } = {
  planned: ['committed', 'declined'],
  committed: ['dispatched'],
  declined: [],
  dispatched: ['in-transit', 'delivered'],
  'in-transit': ['delivered'],
  delivered: ['received'],
  received: [],
};

/** Receipt problems: each line counted once, and received + damaged + lost equal to what was shipped. */
export function receiptProblems(lines: readonly ShipmentLine[], receipt: readonly ReceiptLine[], at = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Set<number>();
  receipt.forEach((r, i) => {
    const shipped = lines[r.line];
    if (shipped === undefined) {
      problems.push({ path: `${at}/${i}/line`, message: `Expected a shipment line index below ${lines.length} (got ${r.line})` });
      return;
    }
    if (seen.has(r.line)) problems.push({ path: `${at}/${i}/line`, message: `Expected line ${r.line} to be counted once` });
    seen.add(r.line);
    const counted = r.received + r.damaged + r.lost;
    if (counted > shipped.quantity) {
      problems.push({ path: `${at}/${i}/received`, message: `Expected received + damaged + lost (${counted}) to be at most the ${shipped.quantity} shipped` });
    } else if (counted < shipped.quantity) {
      problems.push({ path: `${at}/${i}/lost`, message: `Expected received + damaged + lost (${counted}) to account for all ${shipped.quantity} shipped` });
    }
  });
  lines.forEach((_, l) => {
    if (!seen.has(l)) problems.push({ path: at, message: `Expected a receipt line for shipment line ${l}` });
  });
  return problems;
}

/** Rules of a shipment JSON Schema cannot state: a receipt accounts exactly for what was shipped. */
export function shipmentProblems(s: Shipment, at = ''): ValidationProblem[] {
  return s.status.state === 'received' ? receiptProblems(s.lines, s.status.receipt, `${at}/status/receipt`) : [];
}

export type ShipmentAdvance = { ok: true; value: Shipment } | { ok: false; problems: ValidationProblem[] };

/**
 * Move a shipment to its next status: refused (as a value naming `/status/state`) when the transition is not
 * allowed, when time runs backwards, or when a receipt does not account for what was shipped.
 */
export function advanceShipment(s: Shipment, next: ShipmentStatus): ShipmentAdvance {
  const allowed = shipmentTransitions[s.status.state];
  if (!allowed.includes(next.state)) {
    return { ok: false, problems: [{ path: '/status/state', message: `Expected a transition allowed from ${s.status.state} (${allowed.join(', ') || 'none'}), got ${next.state}` }] };
  }
  if (Date.parse(next.at) < Date.parse(s.status.at)) {
    return { ok: false, problems: [{ path: '/status/at', message: `Expected ${next.state} at ${next.at} not to be before ${s.status.state} at ${s.status.at}` }] };
  }
  const moved: Shipment = { ...s, status: next };
  const problems = shipmentProblems(moved);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: moved };
}
