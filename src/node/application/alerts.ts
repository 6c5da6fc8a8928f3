// The node's side of ApplicationAlerts: its own alert records, and the CAP / JMA importers and serialisers of
// src/adapters lent to applications (which may not import adapters themselves). Pushed documents are stored through
// the same all-or-nothing import pipeline as `tsunagu import cap|jma`.
import { alertsAtomFeed } from '../../adapters/cap/atom-feed.ts';
import { alertToCap, declarationToCap } from '../../adapters/cap/cap-out.ts';
import { capImporter } from '../../adapters/cap/cap-importer.ts';
import { applyImport } from '../../adapters/apply-import.ts';
import { jmaImporter } from '../../adapters/jma/jma-importer.ts';
import type { Importer, RowProblem } from '../../adapters/types.ts';
import { RecordEnvelopeSchemas, validate, type Alert, type AlertFormat, type RecordOf } from '../../model/index.ts';
import { ALERTS_DATASET } from '../subscription-dispatch.ts';
import type { Store } from '../../store/types.ts';
import type { AlertDocumentProblem, ApplicationAlerts } from './application.ts';

const problemOf = (p: RowProblem): AlertDocumentProblem => ({ code: p.code, params: p.params, ...(p.row !== undefined ? { row: p.row } : {}) });

const importers: Readonly<Record<AlertFormat, Importer>> = { cap: capImporter, jma: jmaImporter };

/**
 * Alerts other nodes sent this node through a subscription (topic `alerts`), kept as copies under their providers'
 * terms: gone when the retention runs out. A copy that is not a whole alert record is not an alert to show.
 */
async function receivedAlerts(store: Store, now: Date, recordIds?: readonly string[]): Promise<RecordOf<'alert'>[]> {
  const copies = await store.copies.read({ now, dataset: ALERTS_DATASET, ...(recordIds ? { recordIds } : {}) });
  const out: RecordOf<'alert'>[] = [];
  for (const c of copies) {
    const v = validate(RecordEnvelopeSchemas.alert, c.record);
    if (v.ok && v.value.type === 'alert') out.push(v.value as RecordOf<'alert'>);
  }
  return out;
}

export function nodeAlerts(store: Store, options: { sourceNode: string; now: () => Date }): ApplicationAlerts {
  return {
    async list(status) {
      const own = (await store.query({ type: 'alert' })).filter((r) => r.data.status === status);
      // The node's own record of an alert wins over a copy of the same alert from a peer.
      const ids = new Set(own.map((r) => r.id));
      const received = new Map<string, RecordOf<'alert'>>();
      for (const r of await receivedAlerts(store, options.now())) if (r.data.status === status && !ids.has(r.id) && !received.has(r.id)) received.set(r.id, r);
      return [...own, ...received.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    get: async (id) => (await store.get('alert', id)) ?? (await receivedAlerts(store, options.now(), [id]))[0],
    read(format, document) {
      const parsed = importers[format].parse(document.name, document.bytes, { sourceNode: options.sourceNode, now: options.now().toISOString() });
      if (parsed.rejected.length > 0) return { ok: false, problems: parsed.rejected.map(problemOf) };
      const alerts = parsed.items.filter((i) => !i.onlyOntoExisting && i.draft.type === 'alert').map((i) => i.draft.data as Alert);
      return { ok: true, alerts };
    },
    async receive(format, document) {
      // The ids come from the parse itself (the summary counts, it does not name), so the caller can audit them.
      const received: string[] = [];
      const importer = importers[format];
      const capturing: Importer = {
        ...importer,
        parse(file, bytes, ctx) {
          const parsed = importer.parse(file, bytes, ctx);
          for (const item of parsed.items) if (!item.onlyOntoExisting) received.push(item.draft.id);
          return parsed;
        },
      };
      const summary = await applyImport(store, capturing, [document], { sourceNode: options.sourceNode, now: options.now().toISOString() });
      if (!summary.applied) {
        return { ok: false, problems: summary.rejected.map(problemOf) };
      }
      return { ok: true, recordIds: [...new Set(received)], created: summary.created, updated: summary.updated, unchanged: summary.unchanged };
    },
    toCap: alertToCap,
    declarationToCap,
    atomFeed: (alerts, feed) => alertsAtomFeed(alerts, feed),
  };
}
