// The node's side of ApplicationAlerts: its own alert records, and the CAP / JMA importers and serialisers of
// src/adapters lent to applications (which may not import adapters themselves). Pushed documents are stored through
// the same all-or-nothing import pipeline as `tsunagu import cap|jma`.
import { alertsAtomFeed } from '../../adapters/cap/atom-feed.ts';
import { alertToCap, declarationToCap } from '../../adapters/cap/cap-out.ts';
import { capImporter } from '../../adapters/cap/cap-importer.ts';
import { applyImport } from '../../adapters/apply-import.ts';
import { jmaImporter } from '../../adapters/jma/jma-importer.ts';
import type { Importer, RowProblem } from '../../adapters/types.ts';
import type { Alert, AlertFormat } from '../../model/index.ts';
import type { Store } from '../../store/types.ts';
import type { AlertDocumentProblem, ApplicationAlerts } from './application.ts';

const problemOf = (p: RowProblem): AlertDocumentProblem => ({ code: p.code, params: p.params, ...(p.row !== undefined ? { row: p.row } : {}) });

const importers: Readonly<Record<AlertFormat, Importer>> = { cap: capImporter, jma: jmaImporter };

export function nodeAlerts(store: Store, options: { sourceNode: string; now: () => Date }): ApplicationAlerts {
  return {
    async list(status) {
      const records = await store.query({ type: 'alert' });
      return records.filter((r) => r.data.status === status);
    },
    get: (id) => store.get('alert', id),
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
