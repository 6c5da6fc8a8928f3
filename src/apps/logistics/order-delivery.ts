// The receiving side of logistics between nodes: dispatch orders arriving at a supplier, and shipment updates arriving
// at the other parties. The node authenticates the sender, applies each idempotency key once, decides by the owner's
// policies (`write` on the stock an order draws from; `write-status` on shipments) and audits; these kinds say what a
// delivery touches and keep it in the application's tables inside the delivery's transaction.
import { shippableQuantity, type AreaCode, type RecordOf } from '../../model/index.ts';
import { deliveryKind, type ApplicationDeliveryKind, type DeliveryAnswer } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import {
  DISPATCH_ORDER, DispatchOrderSchema, LOGISTICS_PURPOSE, SHIPMENT_UPDATE, ShipmentUpdateSchema, dispatchOrderProblem, judgeUpdate,
  type StoredShipment,
} from './shipment-flow.ts';
import { keepPendingRelay, type RmAnswerRelay } from './rm-answer-relay.ts';
import { readShipment, receiveOrder, writeShipment } from './storage.ts';

type Code = keyof typeof logisticsMessages.catalog;

/** A delivery's answer with one of the application's codes: the body says it in English, the audit keeps code and params. */
export function answer(status: number, body: Record<string, unknown>, code: Code, params: Record<string, string | number>, recordIds: string[]): DeliveryAnswer {
  return { status, body: { ...body, code, message: logisticsMessages.text(code, params, 'en') }, reason: { code, params }, recordIds };
}

/** Dispatch orders for the supplier `self`: refused for a stock line it does not hold or an item it does not match. */
export function dispatchOrderDelivery(self: string): ApplicationDeliveryKind {
  return deliveryKind({
    kind: DISPATCH_ORDER,
    description: '{ orderId, planId, requester, receiver, areaCode, stock: { id, version }, shipment, places?, transport?, purpose?, approvedBy, approvedAt } (logistics)',
    payload: DispatchOrderSchema,
    subjectField: 'orderId',
    auditKind: 'logistics-shipment',
    refine: dispatchOrderProblem,

    async resolve(order, records) {
      if (order.shipment.supplier !== self) {
        const params = { orderId: order.orderId, node: self };
        return { ok: false, answer: answer(422, { result: 'not-ours', orderId: order.orderId }, 'LOGISTICS_ORDER_NOT_OURS', params, []) };
      }
      const stock = await records.get('stock', order.stock.id);
      if (!stock) {
        const params = { stock: order.stock.id };
        return { ok: false, answer: answer(404, { result: 'unknown-stock', orderId: order.orderId }, 'LOGISTICS_STOCK_UNKNOWN', params, []) };
      }
      const line = order.shipment.lines[0]!;
      if (line.category !== stock.data.item.category || line.unit !== stock.data.unit) {
        const params = { orderId: order.orderId, stock: stock.id, ordered: `${line.category}/${line.unit}`, held: `${stock.data.item.category}/${stock.data.unit}` };
        return { ok: false, answer: answer(422, { result: 'item-mismatch', orderId: order.orderId }, 'LOGISTICS_ORDER_ITEM_MISMATCH', params, []) };
      }
      return {
        ok: true,
        subject: stock,
        subjectId: order.orderId,
        access: { purpose: order.purpose ?? LOGISTICS_PURPOSE, action: 'write', dataset: 'stock', fields: ['quantity'], recordAreas: [stock.data.areaCode as AreaCode] },
      };
    },

    async apply(order, stock: RecordOf<'stock'>, records, { sender, now }) {
      // The order names its requester; only that participant's own node may send it.
      if (order.requester !== sender) {
        const params = { orderId: order.orderId, sender, state: 'planned', party: order.requester };
        return answer(422, { result: 'refused', orderId: order.orderId }, 'LOGISTICS_UPDATE_NOT_ALLOWED', params, []);
      }
      const at = now.toISOString();
      const stored: StoredShipment = {
        orderId: order.orderId, planId: order.planId, requester: sender, supplier: self, receiver: order.receiver, areaCode: order.areaCode,
        stockId: stock.id, stockVersion: order.stock.version, state: 'planned', shipment: order.shipment, updatedAt: at,
        ...(order.places ? { places: order.places } : {}),
      };
      const outcome = await receiveOrder(
        records.tables,
        stored,
        { state: 'planned', at, by: order.approvedBy, node: sender, detail: { approvedAt: order.approvedAt, stockVersionNow: stock.version } },
        { stockId: stock.id, version: stock.version, observedAt: stock.observedAt, shippable: shippableQuantity(stock.data) },
      );
      const line = order.shipment.lines[0]!;
      if (outcome === 'duplicate') {
        return answer(200, { result: 'duplicate', orderId: order.orderId }, 'LOGISTICS_ORDER_DUPLICATE', { orderId: order.orderId }, [stock.id]);
      }
      const params = { orderId: order.orderId, quantity: line.quantity, unit: line.unit, item: line.category, stock: stock.id, requester: sender };
      return answer(202, { result: 'received', orderId: order.orderId, state: 'planned' }, 'LOGISTICS_ORDER_RECEIVED', params, [stock.id]);
    },
  });
}

/**
 * Shipment updates for a node taking part in a shipment as requester, supplier or receiver. With `relay`, a change to
 * a shipment serving another participant's EDXL-RM request keeps a pending relay in the same transaction, processed
 * once the delivery has committed (rm-answer-relay.ts).
 */
export function shipmentUpdateDelivery(self: string, relay?: Pick<RmAnswerRelay, 'processPending'>): ApplicationDeliveryKind {
  return deliveryKind({
    kind: SHIPMENT_UPDATE,
    description: '{ orderId, planId, requester, receiver, areaCode, stock, shipment (with its new status), places?, purpose?, by } (logistics)',
    payload: ShipmentUpdateSchema,
    subjectField: 'orderId',
    auditKind: 'logistics-shipment',

    async resolve(update, records) {
      const stored = await readShipment(records.tables, update.orderId, true);
      return {
        ok: true,
        subject: { stored },
        subjectId: update.orderId,
        access: { purpose: update.purpose ?? LOGISTICS_PURPOSE, action: 'write-status', dataset: 'shipments', fields: ['status'], recordAreas: [update.areaCode as AreaCode] },
      };
    },

    async apply(update, subject: { stored: StoredShipment | undefined }, records, { sender, now, requestId }) {
      const verdict = judgeUpdate(subject.stored, update, sender, self, now.toISOString());
      const state = update.shipment.status.state;
      if (verdict.kind === 'refuse') return answer(verdict.status, { result: 'refused', orderId: update.orderId }, verdict.code, verdict.params, []);
      if (verdict.kind === 'unchanged') {
        return answer(200, { result: 'unchanged', orderId: update.orderId, state }, 'LOGISTICS_SHIPMENT_UNCHANGED', { orderId: update.orderId, state }, []);
      }
      const status = update.shipment.status;
      await writeShipment(records.tables, verdict.next, {
        state, at: status.at, by: update.by, node: sender,
        ...(status.state === 'received' ? { detail: { receipt: status.receipt } } : status.state === 'declined' ? { detail: { reason: status.reason } } : {}),
      });
      // Only a change to a shipment this node planned (and stored before) is relayed: an update creating a shipment
      // here, whatever demand ids its lines name, must not make this node vouch for it to a request's sender.
      if (relay && !verdict.created && subject.stored?.requester === self) await keepPendingRelay(records.tables, verdict.next, sender, self, requestId, now.toISOString());
      const params = { orderId: update.orderId, state, sender, by: update.by };
      return answer(200, { result: 'applied', orderId: update.orderId, state }, 'LOGISTICS_SHIPMENT_UPDATED', params, []);
    },

    // Deciding the relay writes to the audit log, which must not wait on the delivery's own transaction.
    ...(relay ? { afterCommit: async () => void (await relay.processPending()) } : {}),
  });
}
