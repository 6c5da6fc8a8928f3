// The requesting node's side of logistics: needs (computed from the shelters it can see, plus requests its operators
// entered), supplies gathered from every node it may ask, plans the optimiser proposes and a named operator edits,
// approves or declines. Approval re-checks the stock the plan relied on, has this node's own policy decide releasing
// each order to its supplier (outgoing-releases.ts; one refused refuses the approval), and turns each line into a
// dispatch order to its supplier's node through the outbox, in one transaction with the plan's new state.
import { randomUUID } from 'node:crypto';
import type { Highs } from 'highs';
import { vehicleClassModes, type Demand, type Facility, type LeadTime, type RoadSegment, type Shelter, type Shipment, type Stock, type Text, type Vehicle } from '../../model/index.ts';
import { areaName } from '../../model/area-names.ts';
import { OPERATOR_CONSOLE, type ApplicationContext, type AuditEntryDraft, type OutboxMessageDraft } from '../../node/application/index.ts';
import { computedNeeds, headcountOf } from './computed-needs.ts';
import { explainPlan } from './explain.ts';
import { careCountsOf } from './care-counts.ts';
import { gatherCareTables, gatherDataset, gatherSchemas, type GatheredRecord, type MissingNode } from './gather.ts';
import { loadSolver, optimiseAllocation } from './optimise.ts';
import {
  ARCS_PER_DESTINATION, STRAIGHT_LINE_KMH, allocationProblem, changedStock, depotKey, destinationKey, lineProblems, planBasisOf, planFleetsOf, planLinesOf,
  planPlacesOf, stockKey, type AllocationProblem, type LineProblem, type NeedLine, type PlanBasis, type PlanLine, type StockLine,
} from './planning.ts';
import { planNames } from './plan-text.ts';
import { carriedShipmentFields, decideReleases, refusalWords, refusedParams, type LogisticsRelease } from './outgoing-releases.ts';
import { pushStandards } from './push-standards.ts';
import type { CraftReach, FleetLine } from './transport-capacity.ts';
import { DISPATCH_ORDER, LOGISTICS_PURPOSE, type DispatchOrder, type StoredShipment } from './shipment-flow.ts';
import type { LogisticsStorage, ShipmentChange, StoredPlan } from './storage.ts';
import type { NeedsView, PlanView } from './types.ts';

export type ServiceOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; params: Record<string, string | number>; errors?: OutcomeError[] };

/** One problem of a refusal at its path: in words already, or in both languages (the reply gives the request's). */
export interface OutcomeError {
  path: string;
  message: string | { ja: string; en: string };
}


export interface SuppliesView {
  stock: GatheredRecord<Stock>[];
  vehicles: GatheredRecord<Vehicle>[];
  roadSegments: GatheredRecord<RoadSegment>[];
  /** The depots' and stores' facility records, for their names (absent where a policy does not release them). */
  facilities: GatheredRecord<Facility>[];
  /** Lead times warehouses and logistics operators state (absent where none is published or released). */
  leadTimes: GatheredRecord<LeadTime>[];
  answered: { node: string; dataset: string; count: number }[];
  missing: MissingNode[];
}


/** Hours of transport a plan schedules: until computed needs are needed (24 hours after they are computed). */
export const PLANNING_WINDOW_HOURS = 24;

/**
 * A vehicle record as a fleet of the plan; its base is where the record says its vehicles are, or for a ship or
 * aircraft the port or airfield it loads at (its reach: sea-air-arcs.ts). A ship or aircraft whose answer lacks its
 * speed or position (a policy may withhold fields) has no base: it is reported unplaced, never driven on roads.
 */
export function fleetLineOf(v: GatheredRecord<Vehicle>): FleetLine {
  const d = v.data;
  const mode = d.mode ?? vehicleClassModes[d.vehicleClass];
  const line = {
    key: `${v.node}|${v.id}`, node: v.node, vehicleId: v.id, vehicleClass: d.vehicleClass, count: d.count,
    kg: d.capacity.kg, litres: d.capacity.m3 === undefined ? undefined : d.capacity.m3 * 1000,
    availableFrom: d.availableFrom, availableUntil: d.availableUntil,
  };
  if (mode === 'road') return { ...line, base: d.location?.coordinates };
  const loadsAt = d.loadsAt?.location.coordinates ?? d.location?.coordinates;
  if (loadsAt === undefined || d.speedKmh === undefined) return { ...line, base: undefined };
  const craft: CraftReach = {
    mode, depotPlace: `${d.depot.type}:${d.depot.id}`, loadsAt, speedKmh: d.speedKmh,
    landingPoints: (d.landingPoints ?? []).map((l) => ({ name: l.name, at: l.location.coordinates, serves: l.serves.map((p) => `${p.type}:${p.id}`) })),
    ...(d.radiusKm !== undefined ? { radiusKm: d.radiusKm } : {}),
    ...(d.tripsPerDay !== undefined ? { tripsPerDay: d.tripsPerDay } : {}),
    ...(d.turnaroundHours !== undefined ? { turnaroundHours: d.turnaroundHours } : {}),
  };
  return { ...line, base: loadsAt, craft };
}

export interface PlanServiceOptions {
  deadlineMs?: number;
  /** Days a push estimate covers (default 3: the first three days of push support). */
  days?: number;
}

/** A service's refusal: the HTTP status, the message code and its parameters, and the fields it concerns. */
export const fail = (status: number, code: string, params: Record<string, string | number>, errors?: OutcomeError[]) =>
  ({ ok: false, status, code, params, ...(errors ? { errors } : {}) }) as const;

/** The plan's basis as stored (JSON) and back. */
function basisToJson(b: PlanBasis) {
  return { stocks: Object.fromEntries(b.stocks), needs: Object.fromEntries(b.needs) };
}
function basisFromJson(j: unknown): PlanBasis {
  const o = j as { stocks: Record<string, never>; needs: Record<string, never> };
  return { stocks: new Map(Object.entries(o.stocks)), needs: new Map(Object.entries(o.needs)) };
}

export function lineProblemOutcome(problems: readonly LineProblem[]) {
  const first = problems[0]!;
  return fail(422, first.code, first.params, problems.map((p) => ({ path: `/lines/${p.line}/${p.field}`, message: p.code })));
}

export function createPlanService(context: ApplicationContext, storage: LogisticsStorage, options: PlanServiceOptions = {}) {
  const deadlineMs = options.deadlineMs ?? 10_000;
  let solver: Promise<Highs> | undefined;

  async function needs(): Promise<NeedsView> {
    return (await gatherNeeds()).view;
  }

  /** The needs, and the names of the shelters they are for (by destination key), for the plan's explanation. */
  async function gatherNeeds(): Promise<{ view: NeedsView; names: Map<string, Text> }> {
    const [shelters, care] = await Promise.all([
      gatherDataset<Shelter>(context, 'shelters', gatherSchemas.shelters, { deadlineMs }),
      gatherCareTables(context, { deadlineMs }),
    ]);
    const careCounts = careCountsOf(care.tables);
    const careAt = new Map(careCounts.counts.map((c) => [c.shelterId, c]));
    const names = new Map(shelters.records.map((s) => [destinationKey(s.sourceNode, { type: 'shelter', id: s.id }), s.data.name]));
    const neededBy = new Date(context.now().getTime() + 24 * 3_600_000).toISOString();
    const lines: NeedLine[] = [];
    for (const s of shelters.records) {
      const h = headcountOf(s.id, s.data);
      if (h === undefined) continue;
      const receiver = s.sourceNode;
      const counts = careAt.get(s.id);
      computedNeeds([h], counts ? [counts] : [], pushStandards, { days: options.days ?? 3, neededBy }).forEach((demand, i) => {
        lines.push({ id: `need:${receiver}/${s.id}/${i}`, receiver, demand });
      });
    }
    for (const r of await storage.requests()) lines.push({ id: r.id, receiver: r.demand.requestedBy ?? context.node.id, demand: r.demand });
    // What approved plans already ordered is not asked again; a declined order gives its quantity back.
    const ordered = await storage.ordered();
    const open = lines.flatMap((l) => {
      const left = l.demand.quantity - (ordered.get(l.id) ?? 0);
      return left > 1e-9 ? [{ ...l, demand: { ...l.demand, quantity: left } }] : [];
    });
    const view: NeedsView = { needs: open, missing: [...shelters.missing, ...care.missing], answered: [...shelters.answered, ...care.answered], care: careCounts.sources };
    return { view: { ...view, shelterNames: shelterNamesOf(view, shelters.records), areaNames: areaNamesOf(view) }, names };
  }

  async function supplies(): Promise<SuppliesView> {
    const [stock, vehicles, roads, facilities, leadTimes] = await Promise.all([
      gatherDataset<Stock>(context, 'stock', gatherSchemas.stock, { deadlineMs }),
      gatherDataset<Vehicle>(context, 'vehicles', gatherSchemas.vehicles, { deadlineMs }),
      gatherDataset<RoadSegment>(context, 'road-segments', gatherSchemas['road-segments'], { deadlineMs }),
      gatherDataset<Facility>(context, 'facilities', gatherSchemas.facilities, { deadlineMs }),
      gatherDataset<LeadTime>(context, 'lead-times', gatherSchemas['lead-times'], { deadlineMs }),
    ]);
    // Facilities only name places: a node that does not release them leaves ids in the explanation, nothing missing.
    // Lead times only refine a time the plan can estimate otherwise (and says how): few nodes publish them, so a node
    // that does not is not listed as missing either.
    return {
      stock: stock.records, vehicles: vehicles.records, roadSegments: roads.records, facilities: facilities.records, leadTimes: leadTimes.records,
      answered: [...stock.answered, ...vehicles.answered, ...roads.answered, ...leadTimes.answered],
      missing: [...stock.missing, ...vehicles.missing, ...roads.missing],
    };
  }

  const stockLines = (s: SuppliesView): StockLine[] => s.stock.map((r) => ({ node: r.node, id: r.id, version: r.version, observedAt: r.observedAt, stock: r.data }));

  async function propose(requestId: string): Promise<ServiceOutcome<PlanView>> {
    const [gathered, s] = await Promise.all([gatherNeeds(), supplies()]);
    const n = gathered.view;
    if (n.needs.length === 0) return fail(422, 'LOGISTICS_NOTHING_TO_PLAN', {});
    const stocks = stockLines(s);
    const fleets = s.vehicles.map(fleetLineOf);
    const from = context.now();
    const window = { from: from.toISOString(), until: new Date(from.getTime() + PLANNING_WINDOW_HOURS * 3_600_000).toISOString() };
    const leadTimes = { lines: s.leadTimes.map((r) => ({ node: r.node, id: r.id, leadTime: r.data })), at: from };
    const problem = allocationProblem(n.needs, stocks, fleets, s.roadSegments.map((r) => ({ id: r.id, data: r.data })), window, leadTimes);
    solver ??= loadSolver();
    const optimised = optimiseAllocation(await solver, problem.input);
    if (!optimised.ok) return fail(503, optimised.code, { phase: optimised.phase, status: optimised.status });
    const explanation = explainPlan(problem.input, optimised.plan, { isolated: problem.isolated, arcsPerDestination: ARCS_PER_DESTINATION });
    const notes = [
      ...(problem.routing === 'straight-line' ? [{ code: 'LOGISTICS_ROUTING_STRAIGHT_LINE', params: { kmh: STRAIGHT_LINE_KMH } }] : []),
      ...(problem.leadTimeArcs > 0 ? [{ code: 'LOGISTICS_LEAD_TIMES_USED', params: { arcs: problem.leadTimeArcs } }] : []),
      ...(problem.seaAirArcs > 0 ? [{ code: 'LOGISTICS_SEA_AIR_USED', params: { arcs: problem.seaAirArcs } }] : []),
      ...problem.unplaced.map((k) => {
        const [node, stock] = k.split('|') as [string, string];
        return { code: 'LOGISTICS_STOCK_UNPLACED', params: { node, stock } };
      }),
      ...transportNotes(problem, fleets.length, window),
    ];
    const names = placeNames(gathered.names, s.facilities);
    const lines = planLinesOf(optimised.plan, problem, n.needs, stocks);
    const plan: StoredPlan = {
      id: `plan-${randomUUID()}`,
      state: 'proposed',
      proposedAt: context.now().toISOString(),
      inputs: {
        needs: n.needs,
        stock: stocks.map((x) => ({ node: x.node, id: x.id, version: x.version, observedAt: x.observedAt, category: x.stock.item.category, unit: x.stock.unit, heldAt: x.stock.heldAt })),
        basis: basisToJson(planBasisOf(n.needs, stocks)),
        routing: problem.routing,
        answered: [...n.answered, ...s.answered],
        missing: [...n.missing, ...s.missing],
      },
      result: {
        objective: optimised.plan.objective, optimality: optimised.plan.optimality, unmet: optimised.plan.unmet, isolated: problem.isolated, explanation, notes,
        places: planPlacesOf(problem, n.needs, stocks, names),
        fleets: planFleetsOf(problem.fleets, s.vehicles, names),
      },
    };
    await storage.savePlan(plan, lines);
    const missing = [...new Set([...n.missing, ...s.missing].map((m) => m.node))].join(', ') || '-';
    const audited = await context.audit.append(planAudit(plan.id, 'LOGISTICS_PLAN_PROPOSED', { planId: plan.id, lines: lines.length, needs: n.needs.length, stocks: stocks.length, missing }, requestId, lines.length));
    if (!audited) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: { plan, lines } };
  }

  async function editLine(planId: string, line: number, quantity: number, by: string, requestId: string): Promise<ServiceOutcome<PlanView>> {
    const found = await storage.plan(planId);
    if (!found) return fail(404, 'LOGISTICS_PLAN_UNKNOWN', { planId });
    if (found.plan.state !== 'proposed') return fail(409, 'LOGISTICS_PLAN_NOT_PROPOSED', { planId, state: found.plan.state });
    const target = found.lines.find((l) => l.line === line);
    if (!target) return fail(404, 'LOGISTICS_PLAN_LINE_UNKNOWN', { planId, line });
    const edited = found.lines.map((l) => (l.line === line ? { ...l, quantity } : l));
    const problems = lineProblems(edited, basisFromJson(found.plan.inputs.basis));
    if (problems.length > 0) return lineProblemOutcome(problems);
    if (!(await storage.editLine(planId, line, quantity, by))) return fail(409, 'LOGISTICS_PLAN_NOT_PROPOSED', { planId, state: 'decided' });
    const audited = await context.audit.append(planAudit(planId, 'LOGISTICS_PLAN_EDITED', { planId, line, before: target.quantity, after: quantity, by }, requestId, 1));
    if (!audited) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: (await storage.plan(planId))! };
  }

  /** The versions the suppliers show now for the stock lines a plan uses; a supplier that does not answer blocks approval. */
  async function currentVersions(lines: readonly PlanLine[]): Promise<ServiceOutcome<Map<string, number>>> {
    const suppliers = new Set(lines.map((l) => l.supplier));
    const targets = context.peers().filter((p) => suppliers.has(p.participantId));
    const now = await gatherDataset<Stock>(context, 'stock', gatherSchemas.stock, { deadlineMs, targets });
    const first = now.missing[0];
    if (first !== undefined) return fail(409, 'LOGISTICS_STOCK_UNANSWERED', { supplier: first.node, detail: first.code ?? first.reason });
    return { ok: true, value: new Map(now.records.map((r) => [stockKey(r.node, r.id), r.version])) };
  }

  function dispatchOrder(plan: StoredPlan, l: PlanLine, by: string, at: string, names: ReadonlyMap<string, Text>): { order: DispatchOrder; shipment: StoredShipment } {
    const orderId = `${plan.id}.${l.line}`;
    const from = names.get(depotKey(l.supplier, l.depot));
    const to = names.get(destinationKey(l.receiver, l.destination));
    const places = from || to ? { places: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } : {};
    const shipment: Shipment = {
      supplier: l.supplier,
      from: l.depot,
      to: l.destination,
      lines: [{ category: l.category, unit: l.unit, quantity: l.quantity, stock: l.stockId, demand: l.demandId }],
      ...(l.route.length > 0 ? { route: l.route } : {}),
      ...(l.transport ? { vehicle: l.transport.vehicle } : {}),
      status: { state: 'planned', at, plan: plan.id },
    };
    const order: DispatchOrder = {
      orderId, planId: plan.id, requester: context.node.id, receiver: l.receiver, areaCode: l.areaCode,
      stock: { id: l.stockId, version: l.stockVersion }, shipment, ...(l.transport ? { transport: l.transport } : {}),
      purpose: LOGISTICS_PURPOSE, approvedBy: by, approvedAt: at, ...places,
    };
    return {
      order,
      shipment: {
        orderId, planId: plan.id, requester: context.node.id, supplier: l.supplier, receiver: l.receiver, areaCode: l.areaCode,
        stockId: l.stockId, stockVersion: l.stockVersion, state: 'planned', shipment, updatedAt: at, ...places,
      },
    };
  }

  async function approve(planId: string, by: string, requestId: string): Promise<ServiceOutcome<PlanView>> {
    const found = await storage.plan(planId);
    if (!found) return fail(404, 'LOGISTICS_PLAN_UNKNOWN', { planId });
    if (found.plan.state !== 'proposed') return fail(409, 'LOGISTICS_PLAN_NOT_PROPOSED', { planId, state: found.plan.state });
    const lines = found.lines.filter((l) => l.quantity > 0);
    const problems = lineProblems(found.lines, basisFromJson(found.plan.inputs.basis));
    if (problems.length > 0) return lineProblemOutcome(problems);
    const versions = await currentVersions(lines);
    if (!versions.ok) return versions;
    const changed = changedStock(lines, versions.value);
    if (changed.length > 0) {
      const c = changed[0]!;
      const errors = changed.map((x) => ({ path: `/lines/${lines.find((l) => l.supplier === x.supplier && l.stockId === x.stockId)!.line}/stockId`, message: `${x.supplier} ${x.stockId}: version ${x.was} → ${x.now ?? 'gone'}` }));
      return fail(409, 'LOGISTICS_STOCK_CHANGED', { supplier: c.supplier, stock: c.stockId, was: c.was, now: c.now ?? '-' }, errors);
    }
    const peers = new Map(context.peers().map((p) => [p.participantId, p.nodeUrl]));
    const at = context.now().toISOString();
    const orders: ShipmentChange[] = [];
    const names = planNames(found.plan.result);
    const releases: (LogisticsRelease & { line: number })[] = [];
    for (const l of lines) {
      const url = peers.get(l.supplier);
      if (url === undefined) return fail(422, 'LOGISTICS_PEER_UNKNOWN', { participant: l.supplier }, [{ path: `/lines/${l.line}/supplier`, message: l.supplier }]);
      const { order, shipment } = dispatchOrder(found.plan, l, by, at, names);
      const message: OutboxMessageDraft = { peer: l.supplier, peerUrl: url, kind: DISPATCH_ORDER, idempotencyKey: `logistics-order:${order.orderId}`, payload: order, createdAt: at };
      orders.push({ next: shipment, transition: { state: 'planned', at, by, node: context.node.id }, messages: [message] });
      // An order to this node's own stock does not leave the node: its delivery to itself is decided by its stock policy.
      if (l.supplier !== context.node.id) {
        releases.push({
          line: l.line, recipient: l.supplier, dataset: 'shipments', fields: carriedShipmentFields(order), recordAreas: [l.areaCode], recordIds: [order.orderId],
          what: `dispatch order ${order.orderId} to ${l.supplier}`,
        });
      }
    }
    // Every order is decided (and audited) before the plan changes: one refused refuses the approval, nothing queued.
    const released = await decideReleases(context, releases, requestId);
    if (released.outcome === 'unrecorded') return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    if (released.outcome === 'refused') {
      const errors = released.refusals.map((r) => ({ path: `/lines/${r.release.line}/supplier`, message: refusalWords(context, r) }));
      return fail(403, 'LOGISTICS_ORDER_RELEASE_REFUSED', { planId, ...refusedParams(context, released.refusals) }, errors);
    }
    const outcome = await storage.approve(planId, by, at, orders);
    if (outcome === 'not-proposed') return fail(409, 'LOGISTICS_PLAN_NOT_PROPOSED', { planId, state: 'decided' });
    const audited = await context.audit.append(
      planAudit(planId, 'LOGISTICS_PLAN_APPROVED', { planId, orders: orders.length, by }, requestId, orders.length, orders.map((o) => o.next.orderId)),
    );
    if (!audited) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: (await storage.plan(planId))! };
  }

  async function decline(planId: string, by: string, reason: string, requestId: string): Promise<ServiceOutcome<PlanView>> {
    const found = await storage.plan(planId);
    if (!found) return fail(404, 'LOGISTICS_PLAN_UNKNOWN', { planId });
    if (!(await storage.decline(planId, by, context.now().toISOString(), reason))) return fail(409, 'LOGISTICS_PLAN_NOT_PROPOSED', { planId, state: found.plan.state });
    const audited = await context.audit.append(planAudit(planId, 'LOGISTICS_PLAN_DECLINED', { planId, by, reason: reason.slice(0, 500) }, requestId, 0));
    if (!audited) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: (await storage.plan(planId))! };
  }

  async function enterRequest(demand: Demand, by: string, requestId: string): Promise<ServiceOutcome<{ id: string; demand: Demand }>> {
    const id = `request-${randomUUID()}`;
    const stored = { ...demand, origin: 'request' as const, requestedBy: demand.requestedBy ?? context.node.id };
    await storage.saveRequest({ id, demand: stored, enteredBy: by, enteredAt: context.now().toISOString() });
    const params = { requestId: id, quantity: demand.quantity, unit: demand.unit, item: demand.item.category, destination: demand.destination.id, by };
    const audited = await context.audit.append({
      kind: 'logistics-request', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'write', dataset: 'demands', fields: [],
      recordCount: 1, recordIds: [id], decision: 'allow', reasons: [{ code: 'LOGISTICS_REQUEST_ENTERED', params }], requestId,
    });
    if (!audited) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: { id, demand: stored } };
  }

  return { needs, supplies, propose, editLine, approve, decline, enterRequest };
}

export type PlanService = ReturnType<typeof createPlanService>;

/** The names of the shelters the needs view mentions (destinations and withheld care cells), by shelter id. */
function shelterNamesOf(view: NeedsView, shelters: readonly GatheredRecord<Shelter>[]): Record<string, Text> {
  const mentioned = new Set([
    ...view.needs.flatMap((n) => (n.demand.destination.type === 'shelter' ? [n.demand.destination.id] : [])),
    ...(view.care ?? []).flatMap((c) => c.withheld.map((w) => w.shelterId)),
  ]);
  const out: Record<string, Text> = {};
  for (const s of shelters) if (mentioned.has(s.id) && out[s.id] === undefined) out[s.id] = s.data.name;
  return out;
}

/** The names of the area codes the needs carry, from the bundled code tables (the console ships no table of its own). */
function areaNamesOf(view: NeedsView): Record<string, Text> {
  const out: Record<string, Text> = {};
  for (const n of view.needs) {
    const name = areaName(n.demand.areaCode);
    if (name !== undefined) out[n.demand.areaCode] = name;
  }
  return out;
}

/** Names of depots and stores (facility records, keyed as the plan keys depots) and of shelters. */
function placeNames(shelters: ReadonlyMap<string, Text>, facilities: readonly GatheredRecord<Facility>[]): Map<string, Text> {
  const names = new Map(shelters);
  for (const f of facilities) names.set(depotKey(f.node, { type: 'facility', id: f.id }), f.data.name);
  return names;
}

/** How the plan treated transport: whether capacity was modelled, and what it had to leave out. */
function transportNotes(problem: AllocationProblem, fleetsGathered: number, window: { from: string; until: string }) {
  return [
    problem.fleets.length === 0
      ? { code: 'LOGISTICS_TRANSPORT_NOT_MODELLED', params: { fleets: fleetsGathered } }
      : { code: 'LOGISTICS_TRANSPORT_MODELLED', params: { fleets: problem.fleets.length, hours: PLANNING_WINDOW_HOURS, from: window.from } },
    ...problem.capacityNotModelled.map((mode) => ({ code: 'LOGISTICS_MODE_NOT_MODELLED', params: { mode } })),
    ...problem.unplacedFleets.map((fleet) => ({ code: 'LOGISTICS_FLEET_UNPLACED', params: { fleet } })),
    ...problem.noFleetReaches.map((destination) => ({ code: 'LOGISTICS_NO_FLEET_REACHES', params: { destination } })),
    ...problem.unknownLoads.map((l) => ({ code: 'LOGISTICS_LOAD_UNKNOWN', params: { item: l.category, unit: l.unit } })),
  ];
}

function planAudit(planId: string, code: string, params: Record<string, string | number>, requestId: string, count: number, recordIds: string[] = [planId]): AuditEntryDraft {
  return {
    kind: 'logistics-plan', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'plan', dataset: 'demands', fields: [],
    recordCount: count, recordIds: recordIds.slice(0, 1000), decision: 'allow', reasons: [{ code, params }], requestId,
  };
}
