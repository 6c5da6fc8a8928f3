// Logistics as an application of the node (src/node/application): its own tables, messages and audit entry kinds, the
// console routes for needs, supplies, plans and shipments, and the deliveries it applies — dispatch orders at a
// supplier, shipment updates at every party.
import { unmetNeedsCapability, unmetNeedsCapabilityV2, type Stock } from '../../model/index.ts';
import { capabilityAnswerer, type Application, type ApplicationContext } from '../../node/application/index.ts';
import { gatherDataset, gatherSchemas } from './gather.ts';
import { logisticsMessages } from './messages.ts';
import { dispatchOrderDelivery, shipmentUpdateDelivery } from './order-delivery.ts';
import { createPlanService, type PlanServiceOptions } from './plan-service.ts';
import { requestFileRoutes } from './request-file-routes.ts';
import { logisticsRoutes } from './routes.ts';
import { resourceAnswerDelivery } from './rm-answer-delivery.ts';
import { rmAnswerRelay } from './rm-answer-relay.ts';
import { resourceRequestDelivery } from './rm-delivery.ts';
import { rmPublicRoutes } from './rm-public-routes.ts';
import { rmOperatorRoutes } from './rm-routes.ts';
import { sentRequestRoutes } from './sent-request-routes.ts';
import { logisticsStorage, type LogisticsStorage } from './storage.ts';
import { latestStandingPlan, needsAgainstStock, unmetNeedsBasis, unmetNeedsOf, type PlanProgress } from './unmet-needs.ts';
import type { StoredPlan } from './types.ts';

export const LOGISTICS_APPLICATION_ID = 'logistics';

/** How far back the unmet needs look for a plan that was not declined (the newest alone, usually). */
const PLANS_SCANNED = 50;

/** A plan's lines as they stand and, per need, what its suppliers declined: what it still sends. */
async function planProgress(storage: LogisticsStorage, plan: StoredPlan): Promise<PlanProgress> {
  const [stored, shipments] = await Promise.all([storage.plan(plan.id), plan.state === 'approved' ? storage.shipments({ planId: plan.id, state: 'declined' }) : []]);
  const declined = new Map<string, number>();
  for (const s of shipments) for (const l of s.shipment.lines) if (l.demand !== undefined) declined.set(l.demand, (declined.get(l.demand) ?? 0) + l.quantity);
  return { lines: stored?.lines ?? [], declined };
}

/** The capability `logistics.unmet-needs`: the latest standing plan's unmet needs in the asked areas, or none. */
const unmetNeedsAnswerer = (storage: LogisticsStorage) =>
  capabilityAnswerer(unmetNeedsCapability, async ({ areas }) => {
    const plan = latestStandingPlan(await storage.plans(1)) ?? latestStandingPlan(await storage.plans(PLANS_SCANNED));
    return plan ? unmetNeedsOf(plan, areas, await planProgress(storage, plan)) : { kind: 'no-plan' as const };
  });

/** How long the needs against stock wait for the nodes asked (a situation report waits for them). */
const NEEDS_AGAINST_STOCK_DEADLINE_MS = 5_000;

/**
 * Version 2: the newest plan's unmet needs while it stands; else the open needs against the stock known, gathered now
 * as the needs and supplies pages gather them — under supply-logistics, each node deciding and auditing what it gives.
 */
const unmetNeedsV2Answerer = (context: ApplicationContext, storage: LogisticsStorage, service: PlanServiceOptions) =>
  capabilityAnswerer(unmetNeedsCapabilityV2, async ({ areas }) => {
    const basis = unmetNeedsBasis(await storage.plans(1));
    if (basis.kind === 'plan') return unmetNeedsOf(basis.plan, areas, await planProgress(storage, basis.plan));
    const deadlineMs = service.deadlineMs ?? NEEDS_AGAINST_STOCK_DEADLINE_MS;
    const [needs, stock] = await Promise.all([
      createPlanService(context, storage, { ...service, deadlineMs }).needs(),
      gatherDataset<Stock>(context, 'stock', gatherSchemas.stock, { deadlineMs }),
    ]);
    return needsAgainstStock(
      {
        needs: needs.needs,
        stock: stock.records.map((r) => ({ node: r.node, data: r.data })),
        sources: [...needs.answered, ...stock.answered],
        missing: [...needs.missing, ...stock.missing],
        computedAt: context.now().toISOString(),
      },
      areas,
      basis,
    );
  });

/** The logistics application; `service` tunes gathering (deadline, days covered) for tests. */
export function logisticsApplication(options: { service?: PlanServiceOptions } = {}): Application {
  return {
    id: LOGISTICS_APPLICATION_ID,
    name: { ja: '物資支援', en: 'Logistics' },
    migrations: new URL('./migrations/', import.meta.url),
    messages: logisticsMessages.catalog,
    auditKinds: {
      'logistics-request': { ja: '物資の要請の入力', en: 'Supply request entered' },
      'logistics-plan': { ja: '物資の計画（提案・編集・承認・却下）', en: 'Supply plan (proposed, edited, approved, declined)' },
      'logistics-shipment': { ja: '輸送の状態（引受・辞退・出庫・輸送中・配送完了・受領）', en: 'Shipment status (committed, declined, dispatched, in transit, delivered, received)' },
      'logistics-answer': { ja: '送った要請への答え（EDXL-RM の引受・配備状況）の受け取り', en: 'Answer to a request sent (EDXL-RM commitment, deployment status) received' },
    },
    console: { route: 'logistics', label: { ja: '物資支援', en: 'Logistics' } },
    provides: [unmetNeedsCapability, unmetNeedsCapabilityV2],
    install: async (context) => {
      const storage = logisticsStorage(context.database, context.node.id);
      // Answers a third node's changes left pending when the node stopped (after their delivery committed) go now.
      const relay = rmAnswerRelay(context);
      await relay.processPending().catch(() => undefined);
      return {
        operatorRoutes: async (app) => {
          await app.register(logisticsRoutes, { context, storage, ...(options.service ? { service: options.service } : {}) });
          await app.register(rmOperatorRoutes, { context, storage });
          await app.register(requestFileRoutes, { context, storage });
          await app.register(sentRequestRoutes, { context });
        },
        publicRoutes: rmPublicRoutes(context, storage),
        deliveryKinds: [dispatchOrderDelivery(context.node.id), shipmentUpdateDelivery(context.node.id, relay), resourceRequestDelivery(context), resourceAnswerDelivery(context)],
        answers: [unmetNeedsAnswerer(storage), unmetNeedsV2Answerer(context, storage, options.service ?? {})],
      };
    },
  };
}
