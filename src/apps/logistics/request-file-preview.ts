// What an EDXL-RM RequestResource file asks for, as the console shows it before it is taken in: per message its id,
// sender, recall and lines (item, quantity, destination with its area's name, needed by), and what taking it in would
// do now — each message imported, unchanged, replacing or withdrawing another, or the refusal in words. Pure.
import type { Text } from '../../model/index.ts';
import type { RmRequestResource } from '../../node/application/index.ts';
import type { PreviewMessage } from './types.ts';

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
