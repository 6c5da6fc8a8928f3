// The logistics page's part of the console's client: its operator routes (../routes.ts), typed with the application's
// answer types (../types.ts), and the node's outbox for what became of a request sent.
import type { Text } from '../../../model/index.ts';
import { api, getJson, postJson, query, send } from '../../../../web/src/api.ts';
import type { OutboxEntry } from './send-request.ts';
import type { NeedsView, PlanView, ReceivedAnswerView, RequestFilePreview, RmImportResult, SentRequestView, StoredPlan, StoredShipment, SuppliesSummaryView } from '../types.ts';

export type { AnswerPreview, AnswerPreviewLine, ImportForecast, ReceivedAnswerView, SentLineChange, SentRequestView, NeedLine, PlanLine, PreviewLine, PreviewMessage, RequestFilePreview, RmImportResult, PlanPlace, PlanView, RoadSegmentView, StoredPlan, StoredShipment, StockView } from '../types.ts';

/** What `POST /logistics/edxl-rm/send` answers (202): to whom, which messages, the outbox message's number, and whether it was queued before. */
export interface RmSent {
  to: string;
  messageIds: string[];
  seq: number;
  duplicate: boolean;
}

const plan = (id: string) => `/logistics/plans/${encodeURIComponent(id)}`;
const shipment = (id: string) => `/logistics/shipments/${encodeURIComponent(id)}`;

export const logisticsApi = {
  needs: () => getJson<NeedsView>(api('/logistics/needs')),
  supplies: () => getJson<SuppliesSummaryView>(api('/logistics/supplies')),
  plans: () => getJson<{ items: StoredPlan[] }>(api('/logistics/plans')),
  plan: (id: string) => getJson<PlanView>(api(plan(id))),
  propose: () => postJson<PlanView>(api('/logistics/plans'), {}),
  editLine: async (id: string, line: number, quantity: number, by: string) =>
    (await (await send(api(`${plan(id)}/lines/${line}`), { method: 'PATCH', body: JSON.stringify({ quantity, by }), headers: { 'Content-Type': 'application/json' } })).json()) as PlanView,
  approve: (id: string, by: string) => postJson<PlanView>(api(`${plan(id)}/approve`), { by }),
  decline: (id: string, by: string, reason: string) => postJson<PlanView>(api(`${plan(id)}/decline`), { by, reason }),
  shipments: () => getJson<{ items: StoredShipment[] }>(api(`/logistics/shipments${query({})}`)),
  actOnPlan: (planId: string, action: 'commit' | 'dispatched' | 'in-transit' | 'delivered', by: string) =>
    postJson<{ done: string[]; refused: { orderId: string; code: string; status: number }[]; untouched: number }>(api(`${plan(planId)}/orders`), { action, by }),
  commit: (id: string, by: string) => postJson<StoredShipment>(api(`${shipment(id)}/commit`), { by }),
  declineOrder: (id: string, by: string, reason: string) => postJson<StoredShipment>(api(`${shipment(id)}/decline`), { by, reason }),
  progress: (id: string, state: 'dispatched' | 'in-transit' | 'delivered', by: string) => postJson<StoredShipment>(api(`${shipment(id)}/progress`), { state, by }),
  /** What an EDXL-RM file holds and what taking it in would do now (stores nothing). */
  previewRequestFile: async (xml: Blob) =>
    (await (await send(api('/logistics/requests/edxl-rm/preview'), { method: 'POST', body: xml, headers: { 'Content-Type': 'application/xml' } })).json()) as RequestFilePreview,
  importRequestFile: async (xml: Blob, by: string) =>
    (await (await send(api(`/logistics/requests/edxl-rm${query({ by })}`), { method: 'POST', body: xml, headers: { 'Content-Type': 'application/xml' } })).json()) as RmImportResult,
  /** The node's needs as an EDXL-RM RequestResource or HXL-tagged CSV, as a file to save. */
  exportNeeds: async (format: 'edxl-rm' | 'hxl') =>
    (await send(api(`/logistics/needs/export${query({ format })}`), { headers: { Accept: 'application/xml, text/csv, application/problem+json' } })).blob(),
  /** The requests this node sent (or recorded as sent), newest first, each line with what the answers say. */
  sentRequests: () => getJson<{ items: SentRequestView[]; areaNames?: Record<string, Text> }>(api('/logistics/edxl-rm/sent')),
  /** The answers one request sent has received, oldest first. */
  answersTo: (messageId: string) => getJson<{ request: string; items: ReceivedAnswerView[] }>(api(`/logistics/edxl-rm/sent/${encodeURIComponent(messageId)}/answers`)),
  /** Record a RequestResource file sent to a partner outside the data space (nothing is sent). */
  recordSent: async (xml: Blob, recipient: string, by: string) =>
    (await (await send(api(`/logistics/edxl-rm/sent${query({ recipient, by })}`), { method: 'POST', body: xml, headers: { 'Content-Type': 'application/xml' } })).json()) as { messageIds: string[]; result: 'recorded' | 'unchanged' },
  /**
   * Send a RequestResource file to a participant's node, signed, through this node's outbox (the route is idempotent by
   * MessageID: the same file to the same participant again queues nothing new, `duplicate: true`).
   */
  sendRequestFile: async (xml: Blob, to: string, by: string) =>
    (await (await send(api(`/logistics/edxl-rm/send${query({ to, by })}`), { method: 'POST', body: xml, headers: { 'Content-Type': 'application/xml' } })).json()) as RmSent,
  /** This node's outbox messages to one participant, oldest first (states only, never payloads): what became of a request sent. */
  outboxTo: (peer: string, limit: number) => getJson<{ messages: OutboxEntry[] }>(api(`/outbox${query({ peer, limit })}`)),
  receipt: (id: string, lines: { line: number; received: number; damaged: number; lost: number }[], by: string) =>
    postJson<StoredShipment>(api(`${shipment(id)}/receipt`), { lines, by }),
};
