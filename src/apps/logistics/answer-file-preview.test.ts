import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previewAnswer, sentLineChanges } from './answer-file-preview.ts';
import type { AnswerLine, RmAnswerMessage, SentRequest } from './rm-answers.ts';

const sent: SentRequest = {
  messageId: 'req-1', recipient: 'DELSA Subang', sentAt: '2024-01-12T00:00:00.000Z', sentBy: 'desk',
  lines: [
    { elementId: 'a', category: 'family-kit', unit: 'set', quantity: 100, areaCode: 'PH0403405' },
    { elementId: 'b', category: 'tarpaulin', unit: 'piece', quantity: 40, areaCode: 'PH0403405' },
  ],
};
const noName = () => undefined;

const commit: RmAnswerMessage = {
  type: 'CommitResource',
  header: { messageId: 'c-1', sentAt: '2024-01-12T10:00:00+08:00', originatingMessageId: 'req-1', precedingMessageId: 'req-1', contact: { description: 'Subang' } },
  lines: [
    { elementId: 'x1', respondsTo: 'a', answer: 'accept', line: { category: 'family-kit', unit: 'set', quantity: 80 } },
    { elementId: 'x2', respondsTo: 'b', answer: 'decline', reason: 'none left' },
  ],
};

describe('an answer file as the console previews it', () => {
  it('places each line against the requested line it answers, in the words of states', () => {
    const p = previewAnswer(commit, sent, undefined, (c) => (c === 'PH0403405' ? { en: 'Tanauan' } : undefined));
    expect(p).toMatchObject({ messageId: 'c-1', contact: 'Subang', names: ['req-1'], request: { messageId: 'req-1', recipient: 'DELSA Subang' } });
    expect(p.lines).toEqual([
      { elementId: 'x1', respondsTo: 'a', state: 'committed', at: '2024-01-12T10:00:00+08:00', quantity: 80, unit: 'set', requested: { ...sent.lines[0], areaName: { en: 'Tanauan' } } },
      { elementId: 'x2', respondsTo: 'b', state: 'declined', at: '2024-01-12T10:00:00+08:00', reason: 'none left', requested: { ...sent.lines[1], areaName: { en: 'Tanauan' } } },
    ]);
  });

  it('prefers the import’s own resolution of a line to its PrecedingResourceInfoElementID, and names no request it did not find', () => {
    const report: RmAnswerMessage = {
      type: 'ReportResourceDeploymentStatus',
      header: { messageId: 's-1', sentAt: '2024-01-13T10:00:00+08:00', originatingMessageId: 'req-1', contact: { role: 'Sender' } },
      lines: [{ elementId: 'y1', respondsTo: 'x1', line: { category: 'family-kit', unit: 'set', quantity: 80 }, state: 'received', at: '2024-01-13T09:00:00+08:00', receipt: { received: 78, damaged: 2, lost: 0 } }],
    };
    expect(previewAnswer(report, sent, ['a'], noName).lines[0]).toMatchObject({ state: 'received', receipt: { received: 78, damaged: 2, lost: 0 }, requested: { elementId: 'a' } });
    expect(previewAnswer(report, sent, undefined, noName).lines[0]!.requested).toBeUndefined();
    // Not resolved by the import (refused, say): the commitment line it names, received before, places it.
    const earlier = [{ elementId: 'x1', request: 'a', key: 'x1', state: 'committed' as const, at: '2024-01-12T10:00:00+08:00', quantity: 80, unit: 'set' }];
    expect(previewAnswer(report, sent, undefined, noName, earlier).lines[0]!.requested).toMatchObject({ elementId: 'a' });
    const unknown = previewAnswer(report, undefined, undefined, noName);
    expect(unknown.request).toBeUndefined();
    expect(unknown.names).toEqual(['req-1']);
  });

  it('names as changed exactly the requested lines whose counts differ', () => {
    const line = fc.record({
      request: fc.constantFrom('a', 'b'), key: fc.constantFrom('k1', 'k2'), elementId: fc.constant('e'),
      state: fc.constantFrom('committed', 'declined', 'provisional', 'dispatched', 'in-transit', 'delivered', 'received' as const),
      at: fc.constantFrom('2024-01-12T10:00:00Z', '2024-01-12T11:00:00Z'), quantity: fc.integer({ min: 0, max: 100 }), unit: fc.constant('kit'),
    }) as fc.Arbitrary<AnswerLine>;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(line, { maxLength: 3 }), (before, added) => {
        expect(sentLineChanges(sent, before, before, noName)).toEqual([]);
        const changes = sentLineChanges(sent, before, [...before, ...added], noName);
        for (const c of changes) expect(c.before).not.toEqual(c.after);
        expect(changes.every((c) => c.request === 'req-1' && ['a', 'b'].includes(c.elementId))).toBe(true);
      }),
    );
  });
});
