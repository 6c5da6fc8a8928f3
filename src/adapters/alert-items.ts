// Import items for alerts, shared by the CAP and JMA importers: the alert's own record, and the changes an Update or
// Cancel makes to the alerts it names (a new version marked superseded or cancelled, never an invented record).
import type { Alert, AlertReference, AnyRecord, AnyRecordDraft, RecordDraft } from '../model/index.ts';
import type { ImportContext, ImportItem } from './types.ts';

export function alertDraft(id: string, data: Alert, file: string, adapter: string, ctx: ImportContext): RecordDraft<'alert'> {
  return {
    id,
    type: 'alert',
    sourceNode: ctx.sourceNode,
    observedAt: data.sent,
    quality: { level: 'reported', note: `${data.sender}` },
    lineage: [{ activity: 'import', file, adapter, at: ctx.now }],
    data,
  };
}

/** A replaced alert stays replaced when its own message is imported again (e.g. files given out of order). */
function keepReplacement(draft: RecordDraft<'alert'>) {
  return (current: AnyRecord): AnyRecordDraft => {
    if (current.type !== 'alert' || current.data.state === 'in-force') return draft;
    const { state, replacedBy } = current.data;
    return { ...draft, data: { ...draft.data, state, ...(replacedBy ? { replacedBy } : {}) } };
  };
}

/** The alert's own record. */
export function alertItem(draft: RecordDraft<'alert'>, row: number): ImportItem {
  return { draft, row, merge: keepReplacement(draft) };
}

/** The new version of an earlier alert that `by` updates or cancels; applied only when that alert exists. */
export function replacementItem(targetId: string, by: RecordDraft<'alert'>, row: number): ImportItem {
  const replacedBy: AlertReference = { sender: by.data.sender, identifier: by.data.identifier, sent: by.data.sent };
  const state = by.data.messageType === 'cancel' ? 'cancelled' : 'superseded';
  return {
    draft: { ...by, id: targetId },
    row,
    onlyOntoExisting: true,
    merge: (current) => {
      if (current.type !== 'alert') return current;
      const { version: _v, recordedAt: _r, ...rest } = current;
      // A cancel outranks an update: an alert once cancelled does not come back as merely superseded.
      const next = current.data.state === 'cancelled' ? 'cancelled' : state;
      return { ...rest, lineage: [...rest.lineage, ...by.lineage], data: { ...current.data, state: next, replacedBy } };
    },
  };
}
