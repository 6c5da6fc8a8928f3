// The console's logistics API on a node (docs/logistics.md, docs/console-api.md): needs, supplies, plans that a named
// operator edits, approves or declines, and the shipments this node takes part in. Registered by the node behind the
// operator token, under /operator.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  AllergenSchema, AreaCodeSchema, DateTimeSchema, DemandPrioritySchema, IdSchema, ParticipantIdSchema, PlaceRefSchema, PointSchema, ReceiptLineSchema,
  ShipmentStateSchema, StockCategorySchema, StockUnitSchema, TextSchema, type Demand,
} from '../../model/index.ts';
import { OPERATOR_CONSOLE, problemOf, problemResponse, requestLang, sendProblem, type ApplicationContext } from '../../node/application/index.ts';
import { availableToCommit } from './ledger.ts';
import { sendOutcome } from './outcome-reply.ts';
import { needsDocument, needsFormats, needsMediaTypes, needsRequestHeader } from './needs-export.ts';
import { langParam } from './rm-routes.ts';
import { problemErrors } from './rm-service.ts';
import { rmAnswerStorage } from './rm-answer-storage.ts';
import { createPlanService, type PlanServiceOptions, type ServiceOutcome } from './plan-service.ts';
import { planSentences } from './plan-text.ts';
import { createShipmentService, type ShipmentAction } from './shipment-service.ts';
import type { PlanPlace, PlanView } from './types.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { LogisticsStorage } from './storage.ts';

export interface LogisticsRouteOptions {
  context: ApplicationContext;
  storage: LogisticsStorage;
  service?: PlanServiceOptions;
}

const By = Type.String({ minLength: 1, maxLength: 200, description: 'the operator deciding, as named in the console' });

const RequestBody = Type.Object(
  {
    destination: PlaceRefSchema,
    areaCode: AreaCodeSchema,
    location: Type.Optional(PointSchema),
    item: Type.Object({ category: StockCategorySchema, name: Type.Optional(TextSchema) }, { additionalProperties: false }),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
    unit: StockUnitSchema,
    neededBy: DateTimeSchema,
    priority: DemandPrioritySchema,
    freeFrom: Type.Optional(Type.Array(AllergenSchema, { uniqueItems: true, minItems: 1 })),
    requestedBy: Type.Optional(ParticipantIdSchema),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    by: By,
  },
  { additionalProperties: false },
);

const PlanParams = Type.Object({ planId: IdSchema });
const ExportQuery = Type.Object(
  { format: Type.Union(needsFormats.map((f) => Type.Literal(f)), { default: 'hxl', description: 'hxl (text/csv), json, edxl-rm (application/xml)' }), lang: langParam },
  { additionalProperties: false },
);
const LineParams = Type.Object({ planId: IdSchema, line: Type.Integer({ minimum: 0, maximum: 100_000 }) });
const EditBody = Type.Object({ quantity: Type.Number({ minimum: 0, maximum: 1e9, description: '0 removes the line' }), by: By }, { additionalProperties: false });
const ByBody = Type.Object({ by: By }, { additionalProperties: false });
const DeclineBody = Type.Object({ by: By, reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const OrderParams = Type.Object({ orderId: IdSchema });
const ShipmentsQuery = Type.Object({ state: Type.Optional(ShipmentStateSchema), planId: Type.Optional(IdSchema) }, { additionalProperties: false });
const ProgressBody = Type.Object(
  {
    state: Type.Union([Type.Literal('dispatched'), Type.Literal('in-transit'), Type.Literal('delivered')]),
    at: Type.Optional(DateTimeSchema),
    by: By,
  },
  { additionalProperties: false },
);
const ReceiptBody = Type.Object(
  { lines: Type.Array(ReceiptLineSchema, { minItems: 1, maxItems: 1000 }), at: Type.Optional(DateTimeSchema), by: By },
  { additionalProperties: false },
);
const StockParams = Type.Object({ stockId: IdSchema });
const BulkBody = Type.Object(
  {
    action: Type.Union([Type.Literal('commit'), Type.Literal('dispatched'), Type.Literal('in-transit'), Type.Literal('delivered')]),
    by: By,
  },
  { additionalProperties: false },
);

const problems = {
  400: problemResponse('a malformed body or parameter (the field is named)'),
  404: problemResponse('no such plan, line or order'),
  409: problemResponse('the plan is no longer proposed, the stock changed, or the transition is not allowed'),
  422: problemResponse('a plan line breaks a constraint, or a receipt does not account for what was shipped'),
};

/** The problems of a change that sends messages to other parties' nodes, each first decided by this node's policy. */
const releasing = {
  ...problems,
  403: problemResponse("this node's policy (or the trust list) does not release a message the change would send (LOGISTICS_ORDER_RELEASE_REFUSED, LOGISTICS_UPDATE_RELEASE_REFUSED: the recipient by name, the reasons): nothing changed, nothing queued"),
  503: problemResponse('the audit log could not record a release decision (NODE_AUDIT_UNAVAILABLE): nothing changed'),
};

const tags = ['logistics'];

export const logisticsRoutes: FastifyPluginAsync<LogisticsRouteOptions> = async (app, options) => {
  const { context, storage } = options;
  const plans = createPlanService(context, storage, options.service);
  const answers = rmAnswerStorage(context.database);
  const shipments = createShipmentService(context, storage);

  /** A plan with its explanation in the reader's language, and its places for the map when the plan stored them. */
  const withSentences = (request: FastifyRequest, v: PlanView): PlanView => {
    const places = v.plan.result.places as PlanPlace[] | undefined;
    return { ...v, sentences: planSentences(v.plan, v.lines, requestLang(request)), ...(places ? { places } : {}) };
  };
  const planOutcome = (request: FastifyRequest, o: ServiceOutcome<PlanView>): ServiceOutcome<PlanView> => (o.ok ? { ok: true, value: withSentences(request, o.value) } : o);


  /** This node records that its operator was shown what the nodes gave (they audited their answers), before showing it. */
  async function shown(request: FastifyRequest, what: 'needs' | 'supplies', records: number, answered: readonly { node: string }[], missing: readonly { node: string }[]): Promise<boolean> {
    const names = (xs: readonly { node: string }[]) => [...new Set(xs.map((x) => x.node))].join(', ').slice(0, 900) || '-';
    return context.audit.append({
      kind: 'operator-query', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'query', dataset: what === 'needs' ? 'shelters' : 'stock',
      fields: [], recordCount: records, decision: 'allow',
      reasons: [{ code: 'LOGISTICS_GATHERED', params: { what, records, answered: names(answered), missing: names(missing) } }], requestId: request.id,
    });
  }
  const unaudited = (request: FastifyRequest, reply: FastifyReply) => sendOutcome(request, reply, { ok: false, status: 503, code: 'NODE_AUDIT_UNAVAILABLE', params: {} });

  app.get('/logistics/needs', { schema: { tags, summary: 'Needs: computed from the shelters this node can see, and requests entered (需要)' } }, async (request, reply) => {
    const [view, sentRequests] = await Promise.all([plans.needs(), answers.sentRequests()]);
    if (!(await shown(request, 'needs', view.needs.length, view.answered, view.missing))) return unaudited(request, reply);
    // What this node asked of others and what their answers say, per requested line (rm-answers.ts).
    return { ...view, sentRequests };
  });

  app.get<{ Querystring: Static<typeof ExportQuery> }>(
    '/logistics/needs/export',
    {
      schema: {
        tags,
        summary: 'Needs as HXL-tagged CSV (text/csv), JSON or an EDXL-RM 1.0 RequestResource (application/xml) (需要の書き出し)',
        description: 'The same needs as GET /logistics/needs, written by the function `tsunagu logistics needs` uses. Audited.',
        querystring: ExportQuery,
        response: { 422: problemResponse('no need to write as a RequestResource') },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const view = await plans.needs();
      if (!(await shown(request, 'needs', view.needs.length, view.answered, view.missing))) return unaudited(request, reply);
      const format = request.query.format;
      const name = context.node.name.en ?? context.node.name.ja ?? context.node.id;
      const header = needsRequestHeader(`${context.node.id}-needs-${randomUUID()}`, context.now().toISOString(), name);
      const document = needsDocument(view.needs, format, { lang, header, write: context.resourceMessages.write });
      if (!document.ok) {
        const first = document.problems[0]!;
        return sendProblem(reply, problemOf(422, first.code, first.params, lang, { requestId: request.id, errors: problemErrors(document.problems, lang) }));
      }
      return reply.type(needsMediaTypes[format]).send(document.text);
    },
  );

  app.post<{ Body: Static<typeof RequestBody> }>(
    '/logistics/requests',
    { schema: { tags, summary: 'Enter a request: item, quantity, needed by, priority, free-from (要請の入力)', body: RequestBody, response: problems } },
    async (request, reply) => {
      const { by, ...body } = request.body;
      const demand: Demand = { origin: 'request', ...body };
      return sendOutcome(request, reply, await plans.enterRequest(demand, by, request.id), 201);
    },
  );

  app.get('/logistics/supplies', { schema: { tags, summary: 'Stock, vehicles and road segments from every node, under supply-logistics (供給)' } }, async (request, reply) => {
    const view = await plans.supplies();
    const records = view.stock.length + view.vehicles.length + view.roadSegments.length;
    if (!(await shown(request, 'supplies', records, view.answered, view.missing))) return unaudited(request, reply);
    return view;
  });

  app.get('/logistics/plans', { schema: { tags, summary: 'Plans, newest first (計画の一覧)' } }, async () => ({ items: await storage.plans(100) }));

  app.post('/logistics/plans', { schema: { tags, summary: 'Propose a plan: the optimiser and its explanation (計画の提案)', response: problems } }, async (request, reply) =>
    sendOutcome(request, reply, planOutcome(request, await plans.propose(request.id)), 201),
  );

  app.get<{ Params: Static<typeof PlanParams> }>(
    '/logistics/plans/:planId',
    { schema: { tags, summary: 'One plan with its lines (計画)', params: PlanParams, response: problems } },
    async (request, reply) => {
      const found = await storage.plan(request.params.planId);
      if (!found) return sendOutcome(request, reply, { ok: false, status: 404, code: 'LOGISTICS_PLAN_UNKNOWN', params: { planId: request.params.planId } });
      return withSentences(request, found);
    },
  );

  app.patch<{ Params: Static<typeof LineParams>; Body: Static<typeof EditBody> }>(
    '/logistics/plans/:planId/lines/:line',
    { schema: { tags, summary: "Edit a proposed plan's line quantity (計画の編集)", params: LineParams, body: EditBody, response: problems } },
    async (request, reply) => sendOutcome(request, reply, planOutcome(request, await plans.editLine(request.params.planId, request.params.line, request.body.quantity, request.body.by, request.id))),
  );

  app.post<{ Params: Static<typeof PlanParams>; Body: Static<typeof ByBody> }>(
    '/logistics/plans/:planId/approve',
    { schema: { tags, summary: 'Approve a plan by a named operator: dispatch orders go to each supplier (計画の承認)', params: PlanParams, body: ByBody, response: releasing } },
    async (request, reply) => sendOutcome(request, reply, planOutcome(request, await plans.approve(request.params.planId, request.body.by, request.id))),
  );

  app.post<{ Params: Static<typeof PlanParams>; Body: Static<typeof DeclineBody> }>(
    '/logistics/plans/:planId/decline',
    { schema: { tags, summary: 'Decline a plan (計画の却下)', params: PlanParams, body: DeclineBody, response: problems } },
    async (request, reply) => sendOutcome(request, reply, planOutcome(request, await plans.decline(request.params.planId, request.body.by, request.body.reason, request.id))),
  );

  app.get<{ Querystring: Static<typeof ShipmentsQuery> }>(
    '/logistics/shipments',
    { schema: { tags, summary: 'Shipments this node takes part in, by state (輸送の一覧)', querystring: ShipmentsQuery } },
    async (request) => ({ items: await storage.shipments(request.query) }),
  );

  app.get<{ Params: Static<typeof OrderParams> }>(
    '/logistics/shipments/:orderId',
    { schema: { tags, summary: 'One shipment with every transition (輸送)', params: OrderParams, response: problems } },
    async (request, reply) => {
      const s = await storage.shipment(request.params.orderId);
      if (!s) return sendOutcome(request, reply, { ok: false, status: 404, code: 'LOGISTICS_ORDER_UNKNOWN', params: { orderId: request.params.orderId } });
      return { ...s, transitions: await storage.transitions(s.orderId) };
    },
  );

  const act = (request: FastifyRequest<{ Params: Static<typeof OrderParams> }>, reply: FastifyReply, action: ShipmentAction, by: string) =>
    shipments.act(request.params.orderId, action, by, request.id).then((o) => sendOutcome(request, reply, o));

  app.post<{ Params: Static<typeof OrderParams>; Body: Static<typeof ByBody> }>(
    '/logistics/shipments/:orderId/commit',
    { schema: { tags, summary: 'Supplier: commit to a dispatch order; its stock is drawn on in the same transaction (引受)', params: OrderParams, body: ByBody, response: releasing } },
    async (request, reply) => act(request, reply, { kind: 'commit' }, request.body.by),
  );

  // A plan becomes one order per line: a supplier commits or reports them all at once, each still its own transaction.
  app.post<{ Params: Static<typeof PlanParams>; Body: Static<typeof BulkBody> }>(
    '/logistics/plans/:planId/orders',
    {
      schema: {
        tags,
        summary: "Supplier: commit, or report dispatched / in transit / delivered, every order of a plan that is in the state before (一括の引受・報告)",
        description: "Each order as one by one: an order whose stock runs short, or whose update this node's policy does not release to a party (403 LOGISTICS_UPDATE_RELEASE_REFUSED), is listed in `refused` and the others go on.",
        params: PlanParams,
        body: BulkBody,
        response: problems,
      },
    },
    async (request) => shipments.actOnPlan(request.params.planId, request.body.action, request.body.by, request.id),
  );

  app.post<{ Params: Static<typeof OrderParams>; Body: Static<typeof DeclineBody> }>(
    '/logistics/shipments/:orderId/decline',
    { schema: { tags, summary: 'Supplier: decline a dispatch order, with the reason (辞退)', params: OrderParams, body: DeclineBody, response: releasing } },
    async (request, reply) => act(request, reply, { kind: 'decline', reason: request.body.reason }, request.body.by),
  );

  app.post<{ Params: Static<typeof OrderParams>; Body: Static<typeof ProgressBody> }>(
    '/logistics/shipments/:orderId/progress',
    { schema: { tags, summary: 'Supplier: dispatched, in transit, delivered (出庫・輸送中・配送完了)', params: OrderParams, body: ProgressBody, response: releasing } },
    async (request, reply) => act(request, reply, { kind: 'progress', state: request.body.state, ...(request.body.at ? { at: request.body.at } : {}) }, request.body.by),
  );

  app.post<{ Params: Static<typeof OrderParams>; Body: Static<typeof ReceiptBody> }>(
    '/logistics/shipments/:orderId/receipt',
    { schema: { tags, summary: 'Receiver: confirm receipt — received, damaged, lost, lot and expiry per line (受領確認)', params: OrderParams, body: ReceiptBody, response: releasing } },
    async (request, reply) => act(request, reply, { kind: 'receipt', receipt: request.body.lines, ...(request.body.at ? { at: request.body.at } : {}) }, request.body.by),
  );

  app.get<{ Params: Static<typeof StockParams> }>(
    '/logistics/ledger/:stockId',
    { schema: { tags, summary: "Supplier: a stock line's ledger — the figure commitments draw on and each commitment (在庫台帳)", params: StockParams, response: problems } },
    async (request, reply) => {
      const l = await storage.ledger(request.params.stockId);
      if (!l) return sendOutcome(request, reply, { ok: false, status: 404, code: 'LOGISTICS_STOCK_UNKNOWN', params: { stock: request.params.stockId } });
      return { ...l, available: availableToCommit(l.basis, l.commitments) };
    },
  );
};
