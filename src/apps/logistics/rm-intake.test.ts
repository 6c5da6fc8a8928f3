import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../adapters/edxl-rm/from-records.ts';
import { readRmDocument } from '../../adapters/edxl-rm/rm-envelope.ts';
import { writeRmMessage } from '../../adapters/edxl-rm/rm-out.ts';
import { demandPriorities, stockCategories, stockUnits, type Demand } from '../../model/index.ts';
import type { RmRequestResource } from '../../node/application/index.ts';
import { rmDigest, rmIntakeStep, rmRequestId, rmRequestLines, type KnownRmMessage } from './rm-intake.ts';

const demand = (quantity: number): Demand => ({
  origin: 'request', destination: { type: 'shelter', id: 's1' }, areaCode: '172022', item: { category: 'blanket' }, quantity, unit: 'piece',
  neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});
const header = (messageId: string, recall?: { messageId: string; type: 'update' | 'cancel' }) => ({
  messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' as const }, ...(recall ? { recall } : {}),
});
const request = (messageId: string, quantities: number[], recall?: { messageId: string; type: 'update' | 'cancel' }): RmRequestResource =>
  requestResourceOf(header(messageId, recall), quantities.map((q, i) => ({ id: `e${i + 1}`, demand: demand(q) })));
const facts = { sender: 'jp-172022-nanao-city', requester: 'jp-172022-nanao-city', ordered: new Set<string>() };
const known = (m: RmRequestResource, more: Partial<KnownRmMessage> = {}): KnownRmMessage => ({
  messageId: m.header.messageId, sender: facts.sender, digest: rmDigest(m), requestIds: rmRequestLines(m, facts.requester).map((l) => l.id), ...more,
});

describe('what a RequestResource does to the requests', () => {
  it('stores every line, asking for the sender where a line names no requester', () => {
    const step = rmIntakeStep(request('m1', [10, 20]), facts);
    expect(step.kind).toBe('store');
    if (step.kind !== 'store') return;
    expect(step.lines.map((l) => [l.id, l.elementId, l.demand.quantity, l.demand.requestedBy])).toEqual([
      ['rm:m1/e1', 'e1', 10, facts.requester],
      ['rm:m1/e2', 'e2', 20, facts.requester],
    ]);
  });

  it('changes nothing for the same message again, and refuses the same MessageID with other content or from another sender', () => {
    const m = request('m1', [10]);
    expect(rmIntakeStep(m, { ...facts, known: known(m) }).kind).toBe('unchanged');
    expect(rmIntakeStep(request('m1', [11]), { ...facts, known: known(m) })).toMatchObject({ kind: 'refuse', status: 409, code: 'LOGISTICS_RM_MESSAGE_ID_REUSED' });
    expect(rmIntakeStep(m, { ...facts, known: known(m, { sender: 'someone-else' }) })).toMatchObject({ code: 'LOGISTICS_RM_MESSAGE_ID_REUSED' });
  });

  it('refuses a repeated ResourceInfoElementID, naming the line that repeats it', () => {
    const m = request('m1', [10, 20]);
    const twice: RmRequestResource = { ...m, lines: [m.lines[0]!, { ...m.lines[1]!, elementId: 'e1' }] };
    expect(rmIntakeStep(twice, facts)).toMatchObject({ kind: 'refuse', code: 'LOGISTICS_RM_ELEMENT_REPEATED', params: { element: 'ResourceInformation[2]/ResourceInfoElementID' } });
  });

  it('replaces on Update, withdraws on Cancel, and refuses a recall of an unknown, withdrawn, ordered or another sender’s message', () => {
    const first = request('m1', [10, 20]);
    const update = rmIntakeStep(request('m2', [15], { messageId: 'm1', type: 'update' }), { ...facts, recalled: known(first) });
    expect(update).toMatchObject({ kind: 'store', lines: [{ id: 'rm:m2/e1' }], recall: { messageId: 'm1', type: 'update', withdrawn: ['rm:m1/e1', 'rm:m1/e2'] } });
    const cancel = rmIntakeStep(request('m3', [1], { messageId: 'm1', type: 'cancel' }), { ...facts, recalled: known(first) });
    expect(cancel).toMatchObject({ kind: 'store', lines: [], recall: { type: 'cancel' } });
    const recall = request('m4', [1], { messageId: 'm1', type: 'cancel' });
    expect(rmIntakeStep(recall, facts)).toMatchObject({ code: 'LOGISTICS_RM_RECALL_UNKNOWN' });
    expect(rmIntakeStep(recall, { ...facts, recalled: known(first, { withdrawnBy: 'm2' }) })).toMatchObject({ code: 'LOGISTICS_RM_RECALL_WITHDRAWN', params: { by: 'm2' } });
    expect(rmIntakeStep(recall, { ...facts, recalled: known(first, { sender: 'other' }) })).toMatchObject({ code: 'LOGISTICS_RM_RECALL_NOT_SENDER' });
    expect(rmIntakeStep(recall, { ...facts, recalled: known(first), ordered: new Set(['rm:m1/e2']) })).toMatchObject({ code: 'LOGISTICS_RM_RECALL_ORDERED', params: { requests: 'rm:m1/e2' } });
  });

  it('refuses a message that is not a RequestResource, by its type', () => {
    const m = { type: 'CommitResource' as const, header: { ...header('c1'), precedingMessageId: 'm1' }, lines: [{ elementId: 'x', respondsTo: 'e1', answer: 'decline' as const }] };
    expect(rmIntakeStep(m, facts)).toMatchObject({ kind: 'refuse', status: 422, code: 'LOGISTICS_RM_NOT_REQUEST', params: { type: 'CommitResource' } });
  });

  it('gives each line a record id, readable when it can be, a digest when the ids are not plain', () => {
    expect(rmRequestId('ph-ocd-rr-2026-001', 'ph-ocd-rr-2026-001-1')).toBe('rm:ph-ocd-rr-2026-001/ph-ocd-rr-2026-001-1');
    expect(rmRequestId('msg with spaces', '#1')).toMatch(/^rm:h-[0-9a-f]{40}$/);
    expect(rmRequestId('msg with spaces', '#1')).not.toBe(rmRequestId('msg with spaces', '#2'));
  });
});

const codeOf = <T extends string>(list: Readonly<Record<T, unknown>>) => fc.constantFrom(...(Object.keys(list) as T[]));
const anyDemand: fc.Arbitrary<Demand> = fc.record({
  origin: fc.constantFrom('request' as const, 'push-estimate' as const),
  destination: fc.record({ type: fc.constantFrom('shelter' as const, 'facility' as const), id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,15}$/) }),
  areaCode: fc.constantFrom('172022', '170003', 'PH0803747'),
  item: fc.record({ category: codeOf(stockCategories) }),
  quantity: fc.integer({ min: 1, max: 1_000_000 }),
  unit: codeOf(stockUnits),
  neededBy: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  priority: codeOf(demandPriorities),
});

describe('writing needs as a RequestResource and taking it in (property)', () => {
  it('gives the same demand records back, line by line', () => {
    fc.assert(
      fc.property(fc.array(anyDemand, { minLength: 1, maxLength: 8 }), (demands) => {
        const message = requestResourceOf(header('round-trip'), demands.map((d, i) => ({ id: `line-${i + 1}`, demand: d })));
        const written = writeRmMessage(message);
        if (!written.ok) throw new Error(JSON.stringify(written.problems));
        const read = readRmDocument(new TextEncoder().encode(written.xml));
        if (!read.ok || read.messages[0]!.type !== 'RequestResource') throw new Error(JSON.stringify(read));
        const step = rmIntakeStep(read.messages[0]!, facts);
        if (step.kind !== 'store') throw new Error(step.kind);
        expect(step.lines.map((l) => l.demand)).toEqual(demands.map((d) => ({ ...d, requestedBy: facts.requester })));
        expect(step.lines.map((l) => l.id)).toEqual(demands.map((_, i) => `rm:round-trip/line-${i + 1}`));
      }),
      { numRuns: 40 },
    );
  });
});
