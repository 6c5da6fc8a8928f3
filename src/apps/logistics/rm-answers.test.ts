import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRmDocument } from '../../adapters/edxl-rm/rm-envelope.ts';
import { answerMessagesOf, answerStep, sentLineStatuses, type AnswerLine, type AnswerState, type RmAnswerMessage, type SentRequest } from './rm-answers.ts';

const fixture = (name: string) => {
  const read = readRmDocument(readFileSync(new URL(`../../../test/fixtures/edxl-rm/${name}`, import.meta.url)));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.messages;
};

const request = fixture('request-resource.xml')[0]!;
if (request.type !== 'RequestResource') throw new Error(request.type);
const [commit, report] = fixture('envelope-commit-and-report.edxlde') as [RmAnswerMessage, RmAnswerMessage];

/** The fixture's request as its sender keeps it, sent to `sentTo`. */
const sent = (sentTo = 'jp-retailer-example'): SentRequest => ({
  messageId: request.header.messageId, sentTo, recipient: sentTo, sentAt: request.header.sentAt, sentBy: 'desk',
  lines: request.lines.map((l) => ({ elementId: l.elementId, category: l.demand.item.category, unit: l.demand.unit, quantity: l.demand.quantity, areaCode: l.demand.areaCode })),
});

const facts = (over: Partial<Parameters<typeof answerStep>[1]> = {}) => ({ sender: 'jp-retailer-example', signed: true, sent: sent(), earlier: [], ...over });

describe('an EDXL-RM answer at the node that sent the request', () => {
  it('stores a CommitResource against the requested lines its PrecedingResourceInfoElementID names, accepted and declined', () => {
    const step = answerStep(commit, facts());
    if (step.kind !== 'store') throw new Error(JSON.stringify(step));
    expect(step.answers).toBe(request.header.messageId);
    expect(step.lines.map((l) => [l.request, l.state])).toEqual([['1', 'committed'], ['2', 'declined']]);
  });

  it('places a status report that answers the commitment line, not the requested line, through the stored commitment', () => {
    const first = answerStep(commit, facts());
    if (first.kind !== 'store') throw new Error('not stored');
    const step = answerStep(report, facts({ earlier: first.lines }));
    if (step.kind !== 'store') throw new Error(JSON.stringify(step));
    expect(step.lines).toEqual([expect.objectContaining({ request: '1', key: first.lines[0]!.key, state: 'received' })]);
    const without = answerStep(report, facts());
    expect(without).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_RM_ANSWER_LINE_REFUSED' });
  });

  it('refuses an answer to a request it never sent, from anyone but the addressee, and a reused MessageID', () => {
    expect(answerStep(commit, facts({ sent: undefined }))).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN', status: 409 });
    expect(answerStep(commit, facts({ sender: 'jp-other' }))).toEqual(answerStep(commit, facts({ sender: 'jp-other', sent: undefined })));
    expect(answerStep(commit, facts({ known: { digest: 'other', sender: 'jp-retailer-example' } }))).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_RM_MESSAGE_ID_REUSED' });
  });

  it('takes the operator’s import of an answer to a request sent outside the data space, and the same message again changes nothing', () => {
    const outside: SentRequest = { ...sent(), recipient: 'DELSA warehouse, Subang' };
    delete outside.sentTo;
    const step = answerStep(commit, { sender: 'operator:console', signed: false, sent: outside, earlier: [] });
    if (step.kind !== 'store') throw new Error(JSON.stringify(step));
    expect(answerStep(commit, { sender: 'operator:console', signed: false, sent: outside, earlier: [], known: { digest: step.digest, sender: 'operator:console' } })).toMatchObject({ kind: 'unchanged' });
    // A signed answer from a participant to a request that never went to one is not the addressee's.
    expect(answerStep(commit, { sender: 'jp-retailer-example', signed: true, sent: outside, earlier: [] })).toMatchObject({ code: 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN', status: 409 });
  });

  it('tells a signed sender the request went to someone else exactly as it tells one the request was never sent, naming no addressee', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }), fc.string({ minLength: 1, maxLength: 40 }), (sender, sentTo, recipient) => {
        fc.pre(sender !== sentTo);
        const to: SentRequest = { ...sent(), recipient, ...(sentTo === undefined ? {} : { sentTo }) };
        if (sentTo === undefined) delete to.sentTo;
        const refused = answerStep(commit, { sender, signed: true, sent: to, earlier: [] });
        // Equal to the refusal made without the request: it cannot carry the request's addressee.
        expect(refused).toEqual(answerStep(commit, { sender, signed: true, earlier: [] }));
      }),
    );
  });

  it('refuses a line in another unit than the requested line asked, naming the element', () => {
    const other = { ...commit, lines: commit.lines.map((l, i) => (i === 0 && 'line' in l && l.line ? { ...l, line: { ...l.line, unit: 'kg' as const } } : l)) } as RmAnswerMessage;
    const step = answerStep(other, facts());
    expect(step).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_RM_ANSWER_LINE_REFUSED', params: { element: 'ResourceInformation[1]/Resource/AssignmentInformation/Quantity' } });
  });

  it('takes a document as answers only when every message is one, naming the first that is not', () => {
    expect(answerMessagesOf([commit, report])).toMatchObject({ ok: true });
    expect(answerMessagesOf([commit, request])).toEqual({ ok: false, messageId: request.header.messageId, type: 'RequestResource' });
  });

  it('never answers a line that is not one of the request’s, whatever the element ids', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('1', '2'), fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 5 }), (ids) => {
        // Accepts without a quantity (accepted as asked), so that only the element named decides.
        const m = { ...commit, lines: ids.map((id, i) => ({ elementId: `C-${i}`, respondsTo: id, answer: 'accept' })) } as RmAnswerMessage;
        const step = answerStep(m, facts());
        const known = new Set(sent().lines.map((l) => l.elementId));
        if (ids.every((id) => known.has(id))) expect(step.kind).toBe('store');
        else expect(step).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_RM_ANSWER_LINE_REFUSED' });
      }),
    );
  });
});

describe('what the answers say of each requested line', () => {
  const line = (key: string, state: AnswerState, at: string, quantity: number, received?: number): AnswerLine => ({
    elementId: `${key}-${state}`, request: '1', key, state, at, quantity, unit: 'meal', ...(received === undefined ? {} : { received }),
  });

  it('counts the newest state of each consignment: committed, in transit, delivered and received', () => {
    const [s] = sentLineStatuses(sent(), [
      line('o1', 'committed', '2024-01-05T10:00:00+09:00', 100),
      line('o1', 'dispatched', '2024-01-05T12:00:00+09:00', 100),
      line('o2', 'committed', '2024-01-05T10:00:00+09:00', 40),
      line('o2', 'received', '2024-01-06T09:00:00+09:00', 40, 38),
      line('o3', 'declined', '2024-01-05T10:00:00+09:00', 60),
    ]);
    expect(s).toMatchObject({ elementId: '1', committed: 140, inTransit: 100, delivered: 40, received: 38, declined: 60 });
  });

  it('keeps the later step of a consignment reported at the same instant, and an older report changes nothing', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['committed', 'dispatched', 'in-transit', 'delivered'] as const, { minLength: 1 }), fc.integer({ min: 1, max: 1000 }), (states, q) => {
        const order = ['committed', 'dispatched', 'in-transit', 'delivered'];
        const lines = states.map((st) => line('o', st, '2024-01-05T10:00:00Z', q));
        const [s] = sentLineStatuses(sent(), lines);
        const last = [...states].sort((a, b) => order.indexOf(a) - order.indexOf(b)).at(-1)!;
        expect(s!.committed).toBe(q);
        expect(s!.inTransit).toBe(last === 'dispatched' || last === 'in-transit' ? q : 0);
        expect(s!.delivered).toBe(last === 'delivered' ? q : 0);
      }),
    );
  });

  it('never counts more in transit and delivered together than committed', () => {
    const state = fc.constantFrom<AnswerState>('committed', 'declined', 'provisional', 'dispatched', 'in-transit', 'delivered', 'received');
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), state, hour: fc.integer({ min: 0, max: 23 }), q: fc.integer({ min: 0, max: 500 }) }), { maxLength: 20 }), (xs) => {
        const [s] = sentLineStatuses(sent(), xs.map((x) => line(x.key, x.state, `2024-01-05T${String(x.hour).padStart(2, '0')}:00:00Z`, x.q, x.q)));
        expect(s!.inTransit + s!.delivered).toBeLessThanOrEqual(s!.committed);
        expect(s!.received).toBeLessThanOrEqual(s!.delivered);
      }),
    );
  });
});
