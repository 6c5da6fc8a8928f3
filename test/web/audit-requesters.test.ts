// The audit page's requester filter: each participant once, the node's own console among them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATOR_CONSOLE, requesterChoices } from '../../web/src/audit-requesters.ts';

const name = (id: string) => ({ ja: `${id}（日）`, en: `${id} (en)` });
const consoleLabel = { ja: 'このノードのコンソール', en: "This node's console" };

describe('requesterChoices', () => {
  it('lists the node itself once although the session names it among its peers, then its console, then the others', () => {
    const choices = requesterChoices({ id: 'nanao', name: name('nanao') }, ['ishikawa', 'nanao', 'wajima'].map((id) => ({ participantId: id, name: name(id) })), consoleLabel);
    expect(choices.map((c) => c.value)).toEqual(['nanao', OPERATOR_CONSOLE, 'ishikawa', 'wajima']);
  });

  it('never offers a requester twice, whatever the peers', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'self', OPERATOR_CONSOLE)), (ids) => {
        const values = requesterChoices({ id: 'self', name: name('self') }, ids.map((id) => ({ participantId: id, name: name(id) })), consoleLabel).map((c) => c.value);
        expect(new Set(values).size).toBe(values.length);
        expect(new Set(values)).toEqual(new Set(['self', OPERATOR_CONSOLE, ...ids]));
      }),
    );
  });
});
