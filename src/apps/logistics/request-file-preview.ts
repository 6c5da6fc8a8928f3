// What an EDXL-RM RequestResource file asks for, as the console shows it before it is taken in: per message its id,
// sender, recall and lines (item, quantity, destination with its area's name, needed by), and what taking it in would
// do now — each message imported, unchanged, replacing or withdrawing another, or the refusal in words. Pure.
import type { PlaceRef, Text } from '../../model/index.ts';
import type { RmRequestResource } from '../../node/application/index.ts';
import type { RmTaken } from './rm-service.ts';

export interface PreviewLine {
  elementId: string;
  category: string;
  /** The item's own name, when the message gave one. */
  name?: Text;
  quantity: number;
  unit: string;
  destination: PlaceRef;
  areaCode: string;
  /** The area's name from the node's code tables, when it knows the code. */
  areaName?: Text;
  neededBy: string;
  priority: string;
  freeFrom?: string[];
}

export interface PreviewMessage {
  messageId: string;
  sentAt: string;
  /** Who sent it, as its ContactInformation describes them. */
  contact?: string;
  recall?: { messageId: string; type: 'update' | 'cancel' };
  lines: PreviewLine[];
}

/** What taking the file in would do now: each message's result, or the refusal that would leave everything as it is. */
export type ImportForecast =
  | { ok: true; messages: RmTaken['messages'] }
  | { ok: false; code: string; detail: string; errors?: { path: string; message: string }[] };

export function previewMessages(messages: readonly RmRequestResource[], areaName: (code: string) => Text | undefined): PreviewMessage[] {
  return messages.map((m) => ({
    messageId: m.header.messageId,
    sentAt: m.header.sentAt,
    ...(m.header.contact.description !== undefined ? { contact: m.header.contact.description } : {}),
    ...(m.header.recall ? { recall: m.header.recall } : {}),
    lines: m.lines.map(({ elementId, demand: d }) => {
      const area = areaName(d.areaCode);
      return {
        elementId, category: d.item.category, quantity: d.quantity, unit: d.unit, destination: d.destination, areaCode: d.areaCode,
        neededBy: d.neededBy, priority: d.priority,
        ...(d.item.name !== undefined ? { name: d.item.name } : {}),
        ...(area !== undefined ? { areaName: area } : {}),
        ...(d.freeFrom !== undefined ? { freeFrom: d.freeFrom } : {}),
      };
    }),
  }));
}
