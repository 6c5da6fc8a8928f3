import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceivedAnswerView, SentLineCounts } from '../types.ts';
import { answerSender, answersByLine, countChanges, COUNT_ORDER, lineSummary, recipientName } from './sent-requests.ts';

const zero: SentLineCounts = { committed: 0, declined: 0, inTransit: 0, delivered: 0, received: 0, provisional: 0 };
const counts = fc.record({ committed: fc.nat(500), declined: fc.nat(500), inTransit: fc.nat(500), delivered: fc.nat(500), received: fc.nat(500), provisional: fc.nat(500) });

describe('the requests sent and their answers, as the page words them', () => {
  it('says only the counts that are not zero, in the order a consignment moves, and what nobody answered yet', () => {
    expect(lineSummary(150, zero)).toEqual({ parts: [], unanswered: 150 });
    expect(lineSummary(150, { ...zero, committed: 100, inTransit: 100, declined: 20, provisional: 30 })).toEqual({
      parts: [{ count: 'committed', value: 100 }, { count: 'inTransit', value: 100 }, { count: 'provisional', value: 30 }, { count: 'declined', value: 20 }],
      unanswered: 30,
    });
    fc.assert(fc.property(fc.nat(1000), counts, (q, c) => {
      const s = lineSummary(q, c);
      expect(s.unanswered).toBeGreaterThanOrEqual(0);
      expect(s.unanswered).toBeLessThanOrEqual(q);
      expect(s.parts.map((p) => p.count)).toEqual(COUNT_ORDER.filter((k) => c[k] > 0));
    }));
  });

  it('names exactly the counts an import would change', () => {
    fc.assert(fc.property(counts, counts, (b, a) => {
      const changes = countChanges(b, a);
      expect(changes.map((c) => c.count)).toEqual(COUNT_ORDER.filter((k) => a[k] !== b[k]));
      expect(countChanges(b, b)).toEqual([]);
    }));
  });

  it('groups the answers’ lines by the requested line, in the order things happened', () => {
    const answer = (messageId: string, receivedAt: string, lines: ReceivedAnswerView['lines']): ReceivedAnswerView => ({ messageId, type: 'CommitResource', sender: 'jp-170003-ishikawa-pref', receivedAt, receivedBy: 'x', lines });
    const by = answersByLine([
      answer('status', '2024-01-12T05:00:00Z', [{ elementId: 's1', request: 'o1', state: 'in-transit', at: '2024-01-12T13:00:00+09:00', quantity: 150, unit: 'piece' }]),
      answer('commit', '2024-01-12T06:00:00Z', [
        { elementId: 'c1', request: 'o1', state: 'committed', at: '2024-01-12T10:00:00+09:00', quantity: 150, unit: 'piece' },
        { elementId: 'c2', request: 'o2', state: 'declined', at: '2024-01-12T10:00:00+09:00', quantity: 60, unit: 'piece', reason: 'no stock' },
      ]),
    ]);
    expect(by.get('o1')!.map((s) => [s.answer, s.line.state])).toEqual([['commit', 'committed'], ['status', 'in-transit']]);
    expect(by.get('o2')!.map((s) => s.line.reason)).toEqual(['no stock']);
    expect(by.get('o3')).toBeUndefined();
  });

  it('names who sent an answer and whom a request went to, never the console’s own id', () => {
    const names = (id: string) => ({ 'jp-170003-ishikawa-pref': '石川県' })[id] ?? id;
    expect(answerSender('jp-170003-ishikawa-pref', 'x', 'y', names)).toEqual({ kind: 'participant', name: '石川県' });
    expect(answerSender('operator:console', '七尾市 田中', 'Kanazawa retailer', names)).toEqual({ kind: 'file', partner: 'Kanazawa retailer', by: '七尾市 田中' });
    expect(recipientName({ sentTo: 'jp-170003-ishikawa-pref', recipient: 'jp-170003-ishikawa-pref' }, names)).toBe('石川県');
    expect(recipientName({ recipient: 'DELSA Subang (e-mail)' }, names)).toBe('DELSA Subang (e-mail)');
  });
});
