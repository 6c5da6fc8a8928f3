// Who the audit page offers to filter by: this node (once — the session lists it among the nodes it may ask as well),
// its own console (what its operators did, written as `operator:console`), and every other node it may ask.
import type { Bilingual } from './api.ts';

export const OPERATOR_CONSOLE = 'operator:console';

export interface RequesterChoice {
  value: string;
  label: Bilingual;
}

export function requesterChoices(node: { id: string; name: Bilingual }, peers: readonly { participantId: string; name: Bilingual }[], consoleLabel: Bilingual): RequesterChoice[] {
  const choices: RequesterChoice[] = [
    { value: node.id, label: node.name },
    { value: OPERATOR_CONSOLE, label: consoleLabel },
  ];
  for (const p of peers) if (!choices.some((c) => c.value === p.participantId)) choices.push({ value: p.participantId, label: p.name });
  return choices;
}
