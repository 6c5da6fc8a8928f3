import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allergens, demandPriorities, stockCategories, stockUnits, type Allergen, type Demand, type ShipmentLine } from '../../model/index.ts';
import type { RmCommitLine, RmHeader, RmMessage, RmStatusLine } from './message.ts';
import { readRmMessage } from './rm-in.ts';
import { writeRmMessage } from './rm-out.ts';

// Text as XML carries it back: characters XML 1.0 allows, no surrounding white space (element text is trimmed on reading).
const text = fc
  .oneof(fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }), fc.constantFrom('七尾市災害対策本部', 'アルファ米 <卵不使用> & "乳"', 'Line\r\nbreak'))
  .filter((s) => s.trim() === s && s !== '' && !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(s));
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,15}$/);
const participant = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,10}[a-z0-9]$/);
const when = fc.tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Z', '+09:00', '-05:30', '+00:00'), fc.boolean());
const dateTime = when.map(([d, offset, ms]) => d.toISOString().slice(0, ms ? 23 : 19) + offset);
const date = when.map(([d]) => d.toISOString().slice(0, 10));
const noNegativeZero = (n: number) => (n === 0 ? 0 : n);
const amount = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.001, max: 1e9, noNaN: true, noDefaultInfinity: true }));
const place = fc.record({ type: fc.constantFrom('shelter' as const, 'facility' as const), id });
const codeOf = <T extends string>(list: Readonly<Record<T, unknown>>) => fc.constantFrom(...(Object.keys(list) as T[]));

const demand: fc.Arbitrary<Demand> = fc.record(
  {
    origin: fc.constantFrom('request' as const, 'push-estimate' as const, 'care-estimate' as const),
    requestedBy: participant,
    destination: place,
    areaCode: fc.constantFrom('172022', '170003', '172031', 'JP'),
    location: fc.record({
      type: fc.constant('Point' as const),
      coordinates: fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }).map(noNegativeZero), fc.double({ min: -90, max: 90, noNaN: true }).map(noNegativeZero)),
    }),
    item: fc.record({ category: codeOf(stockCategories), name: fc.record({ ja: text, en: text, kana: text }, { requiredKeys: [] }).filter((n) => Object.keys(n).length > 0) }, { requiredKeys: ['category'] }),
    quantity: amount,
    unit: codeOf(stockUnits),
    neededBy: dateTime,
    priority: codeOf(demandPriorities),
    freeFrom: fc.uniqueArray(codeOf<Allergen>(allergens), { minLength: 1, maxLength: 3 }),
    basis: text,
    note: text,
  },
  { requiredKeys: ['origin', 'destination', 'areaCode', 'item', 'quantity', 'unit', 'neededBy', 'priority'] },
);

const header: fc.Arbitrary<RmHeader> = fc.record(
  {
    messageId: text,
    sentAt: dateTime,
    originatingMessageId: text,
    incidentId: text,
    description: text,
    recall: fc.record({ messageId: text, type: fc.constantFrom('update' as const, 'cancel' as const) }),
    contact: fc
      .record({ role: fc.constantFrom('Sender' as const, 'Requester' as const, 'RespondingOrg' as const, 'Owner' as const), description: text }, { requiredKeys: [] })
      .filter((c) => Object.keys(c).length > 0),
  },
  { requiredKeys: ['messageId', 'sentAt', 'originatingMessageId', 'contact'] },
);

const shipmentLine = (quantity: fc.Arbitrary<number>): fc.Arbitrary<ShipmentLine> =>
  fc.record(
    { category: codeOf(stockCategories), unit: codeOf(stockUnits), quantity, stock: id, demand: id, lot: id.map((s) => s.slice(0, 100)), expiresOn: date },
    { requiredKeys: ['category', 'unit', 'quantity'] },
  );
const parties = { order: text, supplier: participant, from: place, to: place };

const commitLine: fc.Arbitrary<RmCommitLine> = fc.oneof(
  fc.record(
    { elementId: text, respondsTo: text, answer: fc.constantFrom('accept' as const, 'decline' as const, 'provisional' as const), reason: text, ...parties, line: shipmentLine(amount), estimatedArrival: dateTime },
    { requiredKeys: ['elementId', 'respondsTo', 'answer', 'line'] },
  ),
  fc.record({ elementId: text, respondsTo: text, answer: fc.constantFrom('decline' as const, 'provisional' as const), reason: text }, { requiredKeys: ['elementId', 'respondsTo', 'answer'] }),
);

const statusLine: fc.Arbitrary<RmStatusLine> = fc
  .record({
    base: fc.record({ elementId: text, respondsTo: text, ...parties }, { requiredKeys: ['elementId'] }),
    state: fc.constantFrom('dispatched' as const, 'in-transit' as const, 'delivered' as const, 'received' as const),
    at: dateTime,
    counts: fc.tuple(fc.nat(500), fc.nat(50), fc.nat(50)).filter(([r, d, l]) => r + d + l > 0),
    receiptLot: fc.option(id.map((s) => s.slice(0, 100)), { nil: undefined }),
    line: shipmentLine(fc.constant(1)),
  })
  .map(({ base, state, at, counts: [received, damaged, lost], receiptLot, line }) => ({
    ...base,
    line: state === 'received' ? { ...line, quantity: received + damaged + lost } : line,
    state,
    at,
    ...(state === 'received' ? { receipt: { received, damaged, lost, ...(receiptLot ? { lot: receiptLot } : {}) } } : {}),
  }));

const messages: fc.Arbitrary<RmMessage> = fc.oneof(
  fc.record({ type: fc.constant('RequestResource' as const), header, lines: fc.array(fc.record({ elementId: text, demand }), { minLength: 1, maxLength: 3 }) }).map((m) => {
    const { precedingMessageId: _, ...h } = m.header;
    return { ...m, header: h };
  }),
  fc.record({ type: fc.constant('CommitResource' as const), header: header.chain((h) => text.map((p) => ({ ...h, precedingMessageId: p }))), lines: fc.array(commitLine, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('ReportResourceDeploymentStatus' as const), header, lines: fc.array(statusLine, { minLength: 1, maxLength: 3 }) }),
);

const bytes = (s: string) => new TextEncoder().encode(s);

describe('writeRmMessage', () => {
  it('writes every message so that reading it back gives the same values (and the OASIS schema accepts it)', () => {
    fc.assert(
      fc.property(messages, (m) => {
        const written = writeRmMessage(m);
        expect(written.ok).toBe(true);
        if (!written.ok) return;
        const read = readRmMessage(bytes(written.xml));
        expect(read).toEqual({ ok: true, message: m });
      }),
      { numRuns: 150 },
    );
  });

  it('refuses text XML cannot carry, naming the field, and writes nothing', () => {
    fc.assert(
      fc.property(messages, fc.constantFrom('\u0000', '\u0008', '\uFFFE', '\uD800'), (m, bad) => {
        const spoiled = { ...m, header: { ...m.header, messageId: `id${bad}` } } as RmMessage;
        expect(writeRmMessage(spoiled)).toEqual({ ok: false, problems: [{ code: 'EDXL_RM_TEXT_NOT_XML', params: { field: '/header/messageId' } }] });
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a negative quantity, a commitment without the message it answers and a receipt that is not counted', () => {
    const h = { messageId: 'm', sentAt: '2024-01-05T10:00:00+09:00', originatingMessageId: 'r', contact: { role: 'Sender' as const } };
    const d: Demand = { origin: 'request', destination: { type: 'shelter', id: 's1' }, areaCode: '172022', item: { category: 'blanket' }, quantity: -3, unit: 'sheet', neededBy: '2024-01-06T12:00:00+09:00', priority: 'high' };
    expect(writeRmMessage({ type: 'RequestResource', header: h, lines: [{ elementId: '1', demand: d }] })).toMatchObject({
      ok: false,
      problems: [{ code: 'EDXL_RM_VALUE_INVALID', params: { field: '/lines/0/demand/quantity' } }],
    });
    expect(writeRmMessage({ type: 'CommitResource', header: h, lines: [{ elementId: 'c', respondsTo: '1', answer: 'decline' }] })).toEqual({
      ok: false,
      problems: [{ code: 'EDXL_RM_FIELD_REQUIRED', params: { field: '/header/precedingMessageId', type: 'CommitResource' } }],
    });
    const line = { category: 'blanket' as const, unit: 'sheet' as const, quantity: 10 };
    expect(writeRmMessage({ type: 'ReportResourceDeploymentStatus', header: h, lines: [{ elementId: 's', line, state: 'received', at: h.sentAt }] })).toEqual({
      ok: false,
      problems: [{ code: 'EDXL_RM_FIELD_REQUIRED', params: { field: '/lines/0/receipt', type: 'ReportResourceDeploymentStatus' } }],
    });
    const short = writeRmMessage({ type: 'ReportResourceDeploymentStatus', header: h, lines: [{ elementId: 's', line, state: 'received', at: h.sentAt, receipt: { received: 7, damaged: 1, lost: 0 } }] });
    expect(short).toMatchObject({ ok: false, problems: [{ code: 'EDXL_RM_VALUE_INVALID', params: { field: '/lines/0/receipt' } }] });
  });

  it('refuses a commitment naming its order or parties without the line it commits', () => {
    const h = { messageId: 'm', sentAt: '2024-01-05T10:00:00+09:00', originatingMessageId: 'r', precedingMessageId: 'r', contact: { role: 'RespondingOrg' as const } };
    expect(writeRmMessage({ type: 'CommitResource', header: h, lines: [{ elementId: 'c', respondsTo: '1', answer: 'accept', order: 'o-1' }] })).toEqual({
      ok: false,
      problems: [{ code: 'EDXL_RM_FIELD_REQUIRED', params: { field: '/lines/0/line', type: 'CommitResource' } }],
    });
  });
});
