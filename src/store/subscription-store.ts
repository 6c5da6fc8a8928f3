// Subscriptions in SQL (table from migrations/0005-subscriptions.sql), and the matching step every record write runs
// in its own transaction: a change that a live subscription watches queues a notification in the outbox with it.
// What may be sent is decided later, at dispatch (src/node/subscription-dispatch.ts); here only "who watches this".
import { createHash } from 'node:crypto';
import { alertMeetsArea, type Alert, type AreaCode, type AreaGeometry, type BBox, type RecordType } from '../model/index.ts';
import { outboxOperations } from './outbox-store.ts';
import { recordWhere, type SpatialEngine } from './record-filter.ts';
import type { SqlClient } from './sql-client.ts';

export type SubscriptionTopic = 'declarations' | 'shelter-status' | 'records-in-area' | 'alerts';

/** The outbox kind of a notification; the receiver's /federation/deliveries knows it. */
export const NOTIFICATION_KIND = 'notification';

/** How a subscription narrows the records of its type (records-in-area needs at least one). */
export interface SubscriptionFilter {
  areas?: AreaCode[];
  bbox?: BBox;
  within?: AreaGeometry;
}

export interface SubscriptionDraft {
  id: string;
  /** The participant id proven by the subscribing request's signature. */
  subscriber: string;
  topic: SubscriptionTopic;
  dataset: string;
  recordType: RecordType;
  filter: SubscriptionFilter;
  purpose: string;
  /** The subscriber's node URL from the trust list; notifications are queued for it. */
  peerUrl: string;
  /** Where notifications are POSTed: peerUrl or a path under it. */
  callbackUrl: string;
  createdAt: string;
  expiresAt: string;
}

export type Subscription = SubscriptionDraft;

/** What a queued notification carries until dispatch: references only, so no record content waits in the outbox. */
export interface NotificationRef {
  subscriptionId: string;
  topic: SubscriptionTopic;
  dataset: string;
  recordType: RecordType;
  recordId: string;
  version: number;
}

export interface SubscriptionStorage {
  create(draft: SubscriptionDraft): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  /** A subscriber's subscriptions, oldest first (expired ones included until deleted). */
  listBySubscriber(subscriber: string): Promise<Subscription[]>;
  /** Delete a subscription of this subscriber; false when it has none with this id. */
  delete(id: string, subscriber: string): Promise<boolean>;
}

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;
const COLUMNS = `id, subscriber, topic, dataset, record_type, filter, purpose, peer_url, callback_url, ${utc('created_at')}, ${utc('expires_at')}`;

interface SubscriptionRow {
  id: string;
  subscriber: string;
  topic: SubscriptionTopic;
  dataset: string;
  record_type: RecordType;
  filter: SubscriptionFilter;
  purpose: string;
  peer_url: string;
  callback_url: string;
  created_at: string;
  expires_at: string;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    subscriber: r.subscriber,
    topic: r.topic,
    dataset: r.dataset,
    recordType: r.record_type,
    filter: r.filter,
    purpose: r.purpose,
    peerUrl: r.peer_url,
    callbackUrl: r.callback_url,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

export function subscriptionStorage(db: SqlClient): SubscriptionStorage {
  return {
    async create(d) {
      await db.query(
        `insert into subscriptions (id, subscriber, topic, dataset, record_type, filter, purpose, peer_url, callback_url, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)`,
        [d.id, d.subscriber, d.topic, d.dataset, d.recordType, JSON.stringify(d.filter), d.purpose, d.peerUrl, d.callbackUrl, d.createdAt, d.expiresAt],
      );
    },
    async get(id) {
      const r = await db.query<SubscriptionRow>(`select ${COLUMNS} from subscriptions where id = $1`, [id]);
      return r.rows[0] ? toSubscription(r.rows[0]) : undefined;
    },
    async listBySubscriber(subscriber) {
      const r = await db.query<SubscriptionRow>(`select ${COLUMNS} from subscriptions where subscriber = $1 order by created_at, id`, [subscriber]);
      return r.rows.map(toSubscription);
    },
    async delete(id, subscriber) {
      const r = await db.query<{ id: string }>(`delete from subscriptions where id = $1 and subscriber = $2 returning id`, [id, subscriber]);
      return r.rows.length > 0;
    },
  };
}

/** Unique per (subscription, record, version) and within the outbox's 200-character key limit. */
export function notificationKey(ref: Pick<NotificationRef, 'subscriptionId' | 'recordType' | 'recordId' | 'version'>): string {
  const plain = `sub:${ref.subscriptionId}:${ref.recordType}:${ref.recordId}:v${ref.version}`;
  if (plain.length <= 200) return plain;
  return `sub:${createHash('sha256').update(plain).digest('hex')}:v${ref.version}`;
}

/**
 * The changed alerts an alert subscription by polygon receives: an alert has no single point for SQL to test, so its
 * own polygons and circles, and the municipalities it names, are matched against the subscription here
 * (`alertMeetsArea`; `inside` are the municipalities whose representative points the polygon held when subscribed).
 */
async function alertsMeeting(tx: SqlClient, engine: SpatialEngine, ids: readonly string[], within: AreaGeometry, inside: readonly AreaCode[]): Promise<string[]> {
  const where = recordWhere({ type: 'alert', ids }, engine, false);
  const rows = await tx.query<{ id: string; data: Alert | string }>(`select id, data from records where ${where.sql} order by id`, where.params);
  const meets = (data: Alert | string) => {
    // A stored alert of an unexpected shape must not fail the write that changed it: it is simply not matched by polygon.
    try {
      return alertMeetsArea(typeof data === 'string' ? (JSON.parse(data) as Alert) : data, within, inside);
    } catch {
      return false;
    }
  };
  return rows.rows.filter((r) => meets(r.data)).map((r) => r.id);
}

/** The ids among `ids` a subscription's filter matches (the same area, box and polygon semantics as queries). */
async function matching(tx: SqlClient, engine: SpatialEngine, s: Subscription, ids: readonly string[]): Promise<string[]> {
  if (s.topic === 'alerts' && s.filter.within !== undefined) return alertsMeeting(tx, engine, ids, s.filter.within, s.filter.areas ?? []);
  const where = recordWhere({ type: s.recordType, ids, ...s.filter }, engine, false);
  return (await tx.query<{ id: string }>(`select id from records where ${where.sql} order by id`, where.params)).rows.map((r) => r.id);
}

/**
 * Inside the transaction of a record write: for each live subscription watching a changed record's type, the changed
 * records its filter matches (the same area, box and polygon semantics as queries) get a notification queued.
 * `changed` holds each record's final version in this write; several versions written at once notify once.
 */
export async function queueNotifications(
  tx: SqlClient,
  engine: SpatialEngine,
  changed: readonly { type: RecordType; id: string; version: number }[],
): Promise<number> {
  if (changed.length === 0) return 0;
  const types = [...new Set(changed.map((c) => c.type))];
  const subs = await tx.query<SubscriptionRow>(
    `select ${COLUMNS} from subscriptions where record_type = any($1::text[]) and expires_at > now() order by id`,
    [types],
  );
  if (subs.rows.length === 0) return 0;
  const outbox = outboxOperations(tx);
  const createdAt = new Date().toISOString();
  let queued = 0;
  for (const row of subs.rows) {
    const s = toSubscription(row);
    const versions = new Map(changed.filter((c) => c.type === s.recordType).map((c) => [c.id, c.version]));
    if (versions.size === 0) continue;
    for (const id of await matching(tx, engine, s, [...versions.keys()])) {
      const ref: NotificationRef = { subscriptionId: s.id, topic: s.topic, dataset: s.dataset, recordType: s.recordType, recordId: id, version: versions.get(id)! };
      const r = await outbox.enqueue({ peer: s.subscriber, peerUrl: s.peerUrl, kind: NOTIFICATION_KIND, idempotencyKey: notificationKey(ref), payload: ref, createdAt });
      if (r.kind === 'queued') queued++;
    }
  }
  return queued;
}
