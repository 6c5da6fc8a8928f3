// An Atom feed (RFC 4287) of alerts, each entry carrying its CAP 1.2 document inline, as CAP feeds are published
// (the alert hubs of WMO and Google read this shape). Pure: records in, XML text out.
import type { Alert } from '../../model/index.ts';
import { alertToCap, escapeXml } from './cap-out.ts';

export interface AtomFeedOptions {
  /** The feed's permanent IRI (atom:id), e.g. tag:pref.ishikawa.example,2026:alerts. */
  id: string;
  title: string;
  /** Who publishes the feed (atom:author, required when entries have none). */
  author: string;
  /** Where the feed itself is served, for rel="self". */
  selfUrl?: string;
  /** The time the feed was last updated (ISO 8601); defaults to the newest alert's sent time. */
  updated?: string;
}

/** One entry's atom:id: stable for a message, from its sender and identifier. */
export function entryId(alert: Alert): string {
  return `urn:tsunagu:alert:${encodeURIComponent(alert.sender)}:${encodeURIComponent(alert.identifier)}`;
}

export function alertsAtomFeed(alerts: readonly Alert[], options: AtomFeedOptions): string {
  const newest = alerts.reduce<string | undefined>((m, a) => (m === undefined || a.sent > m ? a.sent : m), undefined);
  const updated = options.updated ?? newest ?? new Date(0).toISOString();
  const entries = alerts.map((a) => {
    // The CAP document without its XML declaration, embedded as XML content (RFC 4287 §4.1.3.3).
    const cap = alertToCap(a).replace(/^<\?xml[^>]*\?>\s*/, '').trim();
    const title = a.headline ?? a.event ?? a.identifier;
    return (
      `<entry><id>${escapeXml(entryId(a))}</id><title>${escapeXml(title)}</title><updated>${a.sent}</updated>` +
      `<category term="${escapeXml(a.status)}" label="status"/>${a.kinds.map((k) => `<category term="${escapeXml(k)}"/>`).join('')}` +
      `<content type="application/cap+xml">${cap}</content></entry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>${escapeXml(options.id)}</id>` +
    `<title>${escapeXml(options.title)}</title><updated>${updated}</updated><author><name>${escapeXml(options.author)}</name></author>` +
    `${options.selfUrl ? `<link rel="self" href="${escapeXml(options.selfUrl)}"/>` : ''}${entries.join('')}</feed>\n`
  );
}
