// The logistics application's own tables (migrations/0001-logistics.sql), through the database handle the node gives
// it: requests, plans and their lines, shipments with their transitions, and the supplier's stock ledger. Every change
// that sends something to another node queues its outbox message in the same transaction. The application's SQL
// lives here and nowhere else.
import { shippableQuantity, type Demand, type Shipment, type ShipmentState } from '../../model/index.ts';
import type { ApplicationDatabase, ApplicationSql, OutboxMessageDraft, RmMessage } from '../../node/application/index.ts';
import { decideCommit, type LedgerBasis, type LedgerCommitment } from './ledger.ts';
import { rehearse } from './rehearsal.ts';
import { rmIntakeStep, type KnownRmMessage, type RmIntakeFacts, type RmIntakeStep } from './rm-intake.ts';
import type { PlanLine, PlanState, PlanTransport, ShipmentPlaceNames, StoredPlan, StoredShipment, Transition } from './types.ts';

export type { PlanState, StoredPlan, Transition };

export interface StoredRequest {
  id: string;
  demand: Demand;
  enteredBy: string;
  enteredAt: string;
  /** The EDXL-RM message and ResourceInfoElementID it came from, when it came in one. */
  messageId?: string;
  elementId?: string;
}

/** Who takes a batch of EDXL-RM messages in, and for whom their lines ask when they name nobody. */
export interface RmIntakeParty {
  sender: string;
  requester: string;
  by: string;
  at: string;
}

export type RmIntakeOutcome =
  | { ok: true; steps: Exclude<RmIntakeStep, { kind: 'refuse' }>[] }
  | { ok: false; index: number; refusal: Extract<RmIntakeStep, { kind: 'refuse' }> };

/** A change to a shipment this node makes (or learns of), and the messages that tell the other parties. */
export interface ShipmentChange {
  next: StoredShipment;
  transition: Transition;
  messages: readonly OutboxMessageDraft[];
}

export type ChangeOutcome =
  | { ok: true; shipment: StoredShipment; queued: number[] }
  | { ok: false; code: 'LOGISTICS_ORDER_UNKNOWN' | 'LOGISTICS_STOCK_INSUFFICIENT' | 'LOGISTICS_TRANSITION_REFUSED' | 'LOGISTICS_LEDGER_UNKNOWN' | 'LOGISTICS_STOCK_UNKNOWN'; params: Record<string, string | number> };

export interface LogisticsStorage {
  saveRequest(r: StoredRequest): Promise<void>;
  /** The requests that are needs: entered, or taken from EDXL-RM messages and not withdrawn by a later one. */
  requests(): Promise<StoredRequest[]>;
  /** Take EDXL-RM RequestResource messages in, in one transaction: every message's step, or the first refusal and nothing stored. */
  takeRmMessages(messages: readonly RmMessage[], party: RmIntakeParty): Promise<RmIntakeOutcome>;
  /** What taking these messages in would do now, storing nothing: the same steps in a transaction rolled back. */
  previewRmMessages(messages: readonly RmMessage[], party: RmIntakeParty): Promise<RmIntakeOutcome>;
  /** A message taken in before, with its requests (withdrawn ones too), when the node has it. */
  rmMessage(messageId: string): Promise<(KnownRmMessage & { lines: StoredRequest[] }) | undefined>;
  savePlan(plan: StoredPlan, lines: readonly PlanLine[]): Promise<void>;
  plan(id: string): Promise<{ plan: StoredPlan; lines: PlanLine[] } | undefined>;
  plans(limit: number): Promise<StoredPlan[]>;
  /** Change a line's quantity while the plan is proposed; false when it is not (any more). */
  editLine(planId: string, line: number, quantity: number, by: string): Promise<boolean>;
  /**
   * Approve a proposed plan and queue its dispatch orders, in one transaction: 'not-proposed' when another approval
   * or a decline came first (then nothing is queued).
   */
  approve(planId: string, by: string, at: string, orders: readonly ShipmentChange[]): Promise<'approved' | 'not-proposed'>;
  decline(planId: string, by: string, at: string, reason: string): Promise<boolean>;
  shipment(orderId: string): Promise<StoredShipment | undefined>;
  shipments(filter: { state?: ShipmentState; planId?: string }): Promise<StoredShipment[]>;
  transitions(orderId: string): Promise<Transition[]>;
  /**
   * The supplier commits: under a lock on the stock's ledger row, the order moves planned → committed only if what is
   * left to commit covers it; the answer to the requester is queued in the same transaction.
   */
  commit(orderId: string, change: (stored: StoredShipment) => ShipmentChange | { refuse: Record<string, string | number> }): Promise<ChangeOutcome>;
  /** Any other change this node makes to one of its shipments (decline, dispatched, …, received), atomically with its messages. */
  change(orderId: string, change: (stored: StoredShipment) => ShipmentChange | { refuse: Record<string, string | number> }): Promise<ChangeOutcome>;
  ledger(stockId: string): Promise<{ basis: LedgerBasis; commitments: LedgerCommitment[] } | undefined>;
  /** Per need id, the quantity this node has ordered for it in shipments not declined. */
  ordered(): Promise<Map<string, number>>;
}

const utc = (column: string, alias = column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${alias}`;

interface PlanRow {
  id: string;
  state: PlanState;
  proposed_at: string;
  inputs: Record<string, unknown>;
  result: Record<string, unknown>;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

const planColumns = `id, state, ${utc('proposed_at')}, inputs, result, decided_by, ${utc('decided_at')}, reason`;

function planOf(r: PlanRow): StoredPlan {
  return {
    id: r.id, state: r.state, proposedAt: r.proposed_at, inputs: r.inputs, result: r.result,
    ...(r.decided_by !== null ? { decidedBy: r.decided_by } : {}),
    ...(r.decided_at !== null ? { decidedAt: r.decided_at } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
  };
}

interface LineRow {
  line: number;
  supplier: string;
  stock_id: string;
  stock_version: number;
  depot: PlanLine['depot'];
  receiver: string;
  destination: PlanLine['destination'];
  area_code: string;
  demand_id: string;
  category: PlanLine['category'];
  unit: PlanLine['unit'];
  quantity: number;
  proposed_quantity: number;
  minutes: number;
  route: string[];
  transport: PlanTransport | null;
  edited_by: string | null;
}

function lineOf(r: LineRow): PlanLine {
  return {
    line: r.line, supplier: r.supplier, stockId: r.stock_id, stockVersion: r.stock_version, depot: r.depot, receiver: r.receiver,
    destination: r.destination, areaCode: r.area_code, demandId: r.demand_id, category: r.category, unit: r.unit,
    quantity: Number(r.quantity), proposedQuantity: Number(r.proposed_quantity), minutes: r.minutes, route: r.route,
    ...(r.transport !== null ? { transport: r.transport } : {}),
    ...(r.edited_by !== null ? { editedBy: r.edited_by } : {}),
  };
}

interface ShipmentRow {
  order_id: string;
  plan_id: string;
  requester: string;
  supplier: string;
  receiver: string;
  area_code: string;
  stock_id: string;
  stock_version: number;
  state: ShipmentState;
  shipment: Shipment;
  places: ShipmentPlaceNames | null;
  dispatched_at: string | null;
  updated_at: string;
}

const shipmentColumns = `order_id, plan_id, requester, supplier, receiver, area_code, stock_id, stock_version, state, shipment, places, ${utc('dispatched_at')}, ${utc('updated_at')}`;

function shipmentOf(r: ShipmentRow): StoredShipment {
  return {
    orderId: r.order_id, planId: r.plan_id, requester: r.requester, supplier: r.supplier, receiver: r.receiver, areaCode: r.area_code,
    stockId: r.stock_id, stockVersion: r.stock_version, state: r.state, shipment: r.shipment,
    ...(r.places !== null ? { places: r.places } : {}),
    ...(r.dispatched_at !== null ? { dispatchedAt: r.dispatched_at } : {}),
    updatedAt: r.updated_at,
  };
}

const placesJson = (s: StoredShipment) => (s.places === undefined ? null : JSON.stringify(s.places));

/** Insert or replace this node's copy of a shipment and record the transition (in the caller's transaction). */
export async function writeShipment(sql: ApplicationSql, s: StoredShipment, t: Transition): Promise<void> {
  await sql.query(
    `insert into logistics_shipments (order_id, plan_id, requester, supplier, receiver, area_code, stock_id, stock_version, state, shipment, dispatched_at, updated_at, places)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::jsonb)
     on conflict (order_id) do update set state = excluded.state, shipment = excluded.shipment,
       dispatched_at = excluded.dispatched_at, updated_at = excluded.updated_at, places = coalesce(excluded.places, logistics_shipments.places)`,
    [s.orderId, s.planId, s.requester, s.supplier, s.receiver, s.areaCode, s.stockId, s.stockVersion, s.state, JSON.stringify(s.shipment), s.dispatchedAt ?? null, s.updatedAt, placesJson(s)],
  );
  await sql.query(
    'insert into logistics_shipment_transitions (order_id, state, at, by, node, detail) values ($1, $2, $3, $4, $5, $6::jsonb)',
    [s.orderId, t.state, t.at, t.by, t.node, t.detail === undefined ? null : JSON.stringify(t.detail)],
  );
}

/** This node's copy of a shipment, locked for the caller's transaction when `lock`. */
export async function readShipment(sql: ApplicationSql, orderId: string, lock = false): Promise<StoredShipment | undefined> {
  const r = await sql.query<ShipmentRow>(`select ${shipmentColumns} from logistics_shipments where order_id = $1${lock ? ' for update' : ''}`, [orderId]);
  return r.rows[0] === undefined ? undefined : shipmentOf(r.rows[0]);
}

/**
 * A dispatch order arrives at the supplier (inside the delivery's transaction): kept once — a repeated order id
 * changes nothing — and the stock record's figure it concerns is taken into the ledger when newer.
 */
export async function receiveOrder(sql: ApplicationSql, s: StoredShipment, t: Transition, read: LedgerBasis): Promise<'received' | 'duplicate'> {
  const inserted = await sql.query(
    `insert into logistics_shipments (order_id, plan_id, requester, supplier, receiver, area_code, stock_id, stock_version, state, shipment, updated_at, places)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12::jsonb) on conflict (order_id) do nothing returning order_id`,
    [s.orderId, s.planId, s.requester, s.supplier, s.receiver, s.areaCode, s.stockId, s.stockVersion, s.state, JSON.stringify(s.shipment), s.updatedAt, placesJson(s)],
  );
  if (inserted.rows.length === 0) return 'duplicate';
  await sql.query(
    'insert into logistics_shipment_transitions (order_id, state, at, by, node, detail) values ($1, $2, $3, $4, $5, $6::jsonb)',
    [s.orderId, t.state, t.at, t.by, t.node, t.detail === undefined ? null : JSON.stringify(t.detail)],
  );
  await takeCount(sql, read, s.updatedAt);
  return 'received';
}

/** Put a stock record's count into the ledger when it is a newer version than the one there. */
async function takeCount(sql: ApplicationSql, read: LedgerBasis, at: string): Promise<void> {
  await sql.query(
    `insert into logistics_stock_ledger (stock_id, version, observed_at, shippable, updated_at) values ($1, $2, $3, $4, $5)
     on conflict (stock_id) do update set version = excluded.version, observed_at = excluded.observed_at,
       shippable = excluded.shippable, updated_at = excluded.updated_at
     where logistics_stock_ledger.version < excluded.version`,
    [read.stockId, read.version, read.observedAt, read.shippable, at],
  );
}

interface LedgerRow {
  stock_id: string;
  version: number;
  observed_at: string;
  shippable: number;
}

async function ledgerOf(sql: ApplicationSql, stockId: string, lock: boolean): Promise<{ basis: LedgerBasis; commitments: LedgerCommitment[] } | undefined> {
  const b = await sql.query<LedgerRow>(
    `select stock_id, version, ${utc('observed_at')}, shippable::float8 as shippable from logistics_stock_ledger where stock_id = $1${lock ? ' for update' : ''}`,
    [stockId],
  );
  const row = b.rows[0];
  if (row === undefined) return undefined;
  const c = await sql.query<{ order_id: string; state: ShipmentState; shipment: Shipment; dispatched_at: string | null }>(
    `select order_id, state, shipment, ${utc('dispatched_at')} from logistics_shipments where stock_id = $1 and state not in ('planned', 'declined')`,
    [stockId],
  );
  return {
    basis: { stockId: row.stock_id, version: row.version, observedAt: row.observed_at, shippable: Number(row.shippable) },
    commitments: c.rows.map((r) => ({
      orderId: r.order_id, state: r.state, quantity: r.shipment.lines.reduce((n, l) => n + l.quantity, 0),
      ...(r.dispatched_at !== null ? { dispatchedAt: r.dispatched_at } : {}),
    })),
  };
}

interface RmMessageRow {
  message_id: string;
  sender: string;
  digest: string;
  withdrawn_by: string | null;
}

async function knownRmMessage(sql: ApplicationSql, messageId: string): Promise<KnownRmMessage | undefined> {
  const m = await sql.query<RmMessageRow>('select message_id, sender, digest, withdrawn_by from logistics_rm_messages where message_id = $1 for update', [messageId]);
  const row = m.rows[0];
  if (row === undefined) return undefined;
  const r = await sql.query<{ id: string }>('select id from logistics_requests where message_id = $1 and withdrawn_at is null order by line_index, id', [messageId]);
  return { messageId: row.message_id, sender: row.sender, digest: row.digest, ...(row.withdrawn_by !== null ? { withdrawnBy: row.withdrawn_by } : {}), requestIds: r.rows.map((x) => x.id) };
}

/**
 * Decide every message of a batch before writing any (a later message may recall an earlier one of the same batch),
 * then write them all: the caller's transaction — the operator's, or a delivery's — commits all or nothing.
 */
export async function takeRmMessagesIn(sql: ApplicationSql, messages: readonly RmMessage[], party: RmIntakeParty): Promise<RmIntakeOutcome> {
  const batch = new Map<string, KnownRmMessage>();
  const known = async (id: string) => batch.get(id) ?? (await knownRmMessage(sql, id));
  const orders = await sql.query<{ shipment: Shipment }>(`select shipment from logistics_shipments where state <> 'declined'`);
  const ordered = new Set(orders.rows.flatMap((r) => r.shipment.lines.flatMap((l) => (l.demand === undefined ? [] : [l.demand]))));
  const steps: Exclude<RmIntakeStep, { kind: 'refuse' }>[] = [];
  for (const [index, message] of messages.entries()) {
    const recallId = message.header.recall?.messageId;
    const facts: RmIntakeFacts = {
      sender: party.sender, requester: party.requester, ordered,
      ...optional('known', await known(message.header.messageId)),
      ...optional('recalled', recallId === undefined ? undefined : await known(recallId)),
    };
    const step = rmIntakeStep(message, facts);
    if (step.kind === 'refuse') return { ok: false, index, refusal: step };
    steps.push(step);
    if (step.kind === 'store') {
      batch.set(step.messageId, { messageId: step.messageId, sender: party.sender, digest: step.digest, requestIds: step.lines.map((l) => l.id) });
      if (step.recall) {
        const target = (await known(step.recall.messageId))!;
        batch.set(target.messageId, { ...target, withdrawnBy: step.messageId, requestIds: [] });
      }
    }
  }
  for (const [index, step] of steps.entries()) {
    if (step.kind !== 'store') continue;
    const recall = messages[index]!.header.recall;
    await sql.query(
      `insert into logistics_rm_messages (message_id, sender, digest, line_count, recalls, recall_type, received_at, received_by) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [step.messageId, party.sender, step.digest, step.lines.length, recall?.messageId ?? null, recall?.type ?? null, party.at, party.by],
    );
    if (step.recall) {
      await sql.query('update logistics_rm_messages set withdrawn_by = $2 where message_id = $1', [step.recall.messageId, step.messageId]);
      await sql.query('update logistics_requests set withdrawn_at = $2 where message_id = $1 and withdrawn_at is null', [step.recall.messageId, party.at]);
    }
    for (const [i, l] of step.lines.entries()) {
      await sql.query(
        'insert into logistics_requests (id, demand, entered_by, entered_at, message_id, element_id, line_index) values ($1, $2::jsonb, $3, $4, $5, $6, $7)',
        [l.id, JSON.stringify(l.demand), party.by, party.at, step.messageId, l.elementId, i],
      );
    }
  }
  return { ok: true, steps };
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

interface RequestRow {
  id: string;
  demand: Demand;
  entered_by: string;
  entered_at: string;
  message_id: string | null;
  element_id: string | null;
}

const requestOf = (x: RequestRow): StoredRequest => ({
  id: x.id, demand: x.demand, enteredBy: x.entered_by, enteredAt: x.entered_at,
  ...(x.message_id !== null ? { messageId: x.message_id } : {}),
  ...(x.element_id !== null ? { elementId: x.element_id } : {}),
});

const requestColumns = `id, demand, entered_by, ${utc('entered_at')}, message_id, element_id`;

export function logisticsStorage(db: ApplicationDatabase, self: string): LogisticsStorage {
  async function changeIn(
    orderId: string,
    change: (stored: StoredShipment) => ShipmentChange | { refuse: Record<string, string | number> },
    withLedger: boolean,
  ): Promise<ChangeOutcome> {
    return db.transaction(async (tx): Promise<ChangeOutcome> => {
      const stored = await readShipment(tx, orderId, true);
      if (stored === undefined) return { ok: false, code: 'LOGISTICS_ORDER_UNKNOWN', params: { orderId } };
      const c = change(stored);
      if ('refuse' in c) return { ok: false, code: 'LOGISTICS_TRANSITION_REFUSED', params: c.refuse };
      if (withLedger) {
        // The stock record as it is now takes its place in the ledger when it is a newer count than the ledger holds.
        const stock = await tx.records.get('stock', stored.stockId);
        if (stock === undefined) return { ok: false, code: 'LOGISTICS_STOCK_UNKNOWN', params: { stock: stored.stockId } };
        await takeCount(tx, { stockId: stock.id, version: stock.version, observedAt: stock.observedAt, shippable: shippableQuantity(stock.data) }, new Date().toISOString());
        // The ledger row is locked before the commitments are summed: two commitments on one stock line queue here.
        const ledger = await ledgerOf(tx, stored.stockId, true);
        if (ledger === undefined) return { ok: false, code: 'LOGISTICS_LEDGER_UNKNOWN', params: { orderId, stock: stored.stockId } };
        const quantity = stored.shipment.lines.reduce((n, l) => n + l.quantity, 0);
        const others = ledger.commitments.filter((x) => x.orderId !== orderId);
        const decided = decideCommit(ledger.basis, others, quantity);
        if (!decided.ok) {
          return { ok: false, code: 'LOGISTICS_STOCK_INSUFFICIENT', params: { orderId, stock: stored.stockId, quantity, available: decided.available } };
        }
      }
      await writeShipment(tx, c.next, c.transition);
      const queued: number[] = [];
      for (const m of c.messages) queued.push((await tx.outbox.enqueue(m)).message.seq);
      return { ok: true, shipment: c.next, queued };
    });
  }

  return {
    async saveRequest(r) {
      await db.query('insert into logistics_requests (id, demand, entered_by, entered_at) values ($1, $2::jsonb, $3, $4)', [r.id, JSON.stringify(r.demand), r.enteredBy, r.enteredAt]);
    },
    async requests() {
      const r = await db.query<RequestRow>(`select ${requestColumns} from logistics_requests where withdrawn_at is null order by entered_at, message_id, line_index, id`);
      return r.rows.map(requestOf);
    },
    takeRmMessages: (messages, party) => db.transaction((tx) => takeRmMessagesIn(tx, messages, party)),
    // The preview runs the very steps an import runs, rolled back, so it cannot disagree with one.
    previewRmMessages: (messages, party) => rehearse(db, (tx) => takeRmMessagesIn(tx, messages, party)),
    async rmMessage(messageId) {
      const known = await db.transaction((tx) => knownRmMessage(tx, messageId));
      if (!known) return undefined;
      const r = await db.query<RequestRow>(`select ${requestColumns} from logistics_requests where message_id = $1 order by line_index, id`, [messageId]);
      return { ...known, lines: r.rows.map(requestOf) };
    },
    async savePlan(plan, lines) {
      await db.transaction(async (tx) => {
        await tx.query('insert into logistics_plans (id, state, proposed_at, inputs, result) values ($1, $2, $3, $4::jsonb, $5::jsonb)', [
          plan.id, plan.state, plan.proposedAt, JSON.stringify(plan.inputs), JSON.stringify(plan.result),
        ]);
        for (const l of lines) {
          await tx.query(
            `insert into logistics_plan_lines (plan_id, line, supplier, stock_id, stock_version, depot, receiver, destination, area_code, demand_id,
               category, unit, quantity, proposed_quantity, minutes, route, transport)
             values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17::jsonb)`,
            [plan.id, l.line, l.supplier, l.stockId, l.stockVersion, JSON.stringify(l.depot), l.receiver, JSON.stringify(l.destination), l.areaCode, l.demandId,
              l.category, l.unit, l.quantity, l.proposedQuantity, l.minutes, JSON.stringify(l.route), l.transport === undefined ? null : JSON.stringify(l.transport)],
          );
        }
      });
    },
    async plan(id) {
      const p = await db.query<PlanRow>(`select ${planColumns} from logistics_plans where id = $1`, [id]);
      if (p.rows[0] === undefined) return undefined;
      const l = await db.query<LineRow>(
        `select line, supplier, stock_id, stock_version, depot, receiver, destination, area_code, demand_id, category, unit,
           quantity::float8 as quantity, proposed_quantity::float8 as proposed_quantity, minutes, route, transport, edited_by
         from logistics_plan_lines where plan_id = $1 order by line`,
        [id],
      );
      return { plan: planOf(p.rows[0]), lines: l.rows.map(lineOf) };
    },
    async plans(limit) {
      const p = await db.query<PlanRow>(`select ${planColumns} from logistics_plans order by proposed_at desc, id limit $1`, [limit]);
      return p.rows.map(planOf);
    },
    async editLine(planId, line, quantity, by) {
      const r = await db.query(
        `update logistics_plan_lines l set quantity = $3, edited_by = $4 from logistics_plans p
         where l.plan_id = $1 and l.line = $2 and p.id = l.plan_id and p.state = 'proposed' returning l.line`,
        [planId, line, quantity, by],
      );
      return r.rows.length > 0;
    },
    async approve(planId, by, at, orders) {
      return db.transaction(async (tx) => {
        const r = await tx.query(
          `update logistics_plans set state = 'approved', decided_by = $2, decided_at = $3 where id = $1 and state = 'proposed' returning id`,
          [planId, by, at],
        );
        if (r.rows.length === 0) return 'not-proposed' as const;
        for (const o of orders) {
          await writeShipment(tx, o.next, o.transition);
          for (const m of o.messages) await tx.outbox.enqueue(m);
        }
        return 'approved' as const;
      });
    },
    async decline(planId, by, at, reason) {
      const r = await db.query(
        `update logistics_plans set state = 'declined', decided_by = $2, decided_at = $3, reason = $4 where id = $1 and state = 'proposed' returning id`,
        [planId, by, at, reason],
      );
      return r.rows.length > 0;
    },
    shipment: (orderId) => readShipment(db, orderId),
    async shipments(filter) {
      const r = await db.query<ShipmentRow>(
        `select ${shipmentColumns} from logistics_shipments where ($1::text is null or state = $1) and ($2::text is null or plan_id = $2)
         order by updated_at desc, order_id limit 1000`,
        [filter.state ?? null, filter.planId ?? null],
      );
      return r.rows.map(shipmentOf);
    },
    async transitions(orderId) {
      const r = await db.query<{ state: ShipmentState; at: string; by: string; node: string; detail: Record<string, unknown> | null }>(
        `select state, ${utc('at')}, by, node, detail from logistics_shipment_transitions where order_id = $1 order by seq`,
        [orderId],
      );
      return r.rows.map((t) => ({ state: t.state, at: t.at, by: t.by, node: t.node, ...(t.detail !== null ? { detail: t.detail } : {}) }));
    },
    commit: (orderId, change) => changeIn(orderId, (s) => (s.supplier === self ? change(s) : { refuse: { orderId, detail: 'only the supplier commits' } }), true),
    change: (orderId, change) => changeIn(orderId, change, false),
    ledger: (stockId) => ledgerOf(db, stockId, false),
    async ordered() {
      const r = await db.query<{ shipment: Shipment }>(`select shipment from logistics_shipments where requester = $1 and state <> 'declined'`, [self]);
      const out = new Map<string, number>();
      for (const { shipment } of r.rows) for (const l of shipment.lines) if (l.demand !== undefined) out.set(l.demand, (out.get(l.demand) ?? 0) + l.quantity);
      return out;
    },
  };
}
