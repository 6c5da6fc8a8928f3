import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../../i18n/index.ts';
import { commitmentStatus, reportedStatus } from './message.ts';
import { readRmMessage } from './rm-in.ts';

const fixture = (f: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/edxl-rm/${f}`, import.meta.url)));
const codes = (r: ReturnType<typeof readRmMessage>) => (r.ok ? [] : r.problems.map((p) => p.code));

describe('readRmMessage', () => {
  it('reads a RequestResource into demand lines with destination, area, priority, allergens and location', () => {
    const r = readRmMessage(fixture('request-resource.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.message.type !== 'RequestResource') return;
    expect(r.message.header).toEqual({
      messageId: 'jp-172022-nanao-city/req/2024-01-05-001',
      sentAt: '2024-01-05T09:00:00+09:00',
      originatingMessageId: 'jp-172022-nanao-city/req/2024-01-05-001',
      incidentId: 'noto-peninsula-earthquake-2024',
      description: '七尾市 避難所への物資要請',
      contact: { role: 'Requester', description: '七尾市災害対策本部 物資班' },
    });
    expect(r.message.lines[0]).toEqual({
      elementId: '1',
      demand: {
        origin: 'request',
        requestedBy: 'jp-172022-nanao-city',
        destination: { type: 'shelter', id: 'nanao-shelter-0012' },
        areaCode: '172022',
        location: { type: 'Point', coordinates: [136.9671, 37.0431] },
        item: { category: 'allergy-friendly-food', name: { ja: 'アレルギー対応食' } },
        quantity: 54,
        unit: 'meal',
        neededBy: '2024-01-06T12:00:00+09:00',
        priority: 'urgent',
        freeFrom: ['egg', 'milk'],
        note: '卵・乳を使わないもの。3日分',
      },
    });
    // Absent priority and origin read as the standard's plain request: normal priority, asked for by someone.
    expect(r.message.lines[1]!.demand).toMatchObject({ origin: 'request', priority: 'normal', item: { category: 'blanket', name: { en: 'Blankets' } } });
  });

  it('reads a CommitResource into the shipment status each answer gives and what it commits', () => {
    const r = readRmMessage(fixture('commit-resource.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.message.type !== 'CommitResource') return;
    const [accepted, declined] = r.message.lines;
    expect(accepted).toEqual({
      elementId: 'C-1',
      respondsTo: '1',
      answer: 'accept',
      order: 'dispatch-order/2024-01-05/0004',
      supplier: 'jp-retailer-example',
      from: { type: 'facility', id: 'kanazawa-store-03' },
      to: { type: 'shelter', id: 'nanao-shelter-0012' },
      line: { category: 'allergy-friendly-food', unit: 'meal', quantity: 54, stock: 'stock/kanazawa-store-03/allergy-free-meal', lot: 'L2311-07', expiresOn: '2028-11-30' },
      estimatedArrival: '2024-01-06T11:00:00+09:00',
    });
    const at = r.message.header.sentAt;
    expect(commitmentStatus(accepted!, at)).toEqual({ state: 'committed', at });
    expect(commitmentStatus(declined!, at)).toEqual({ state: 'declined', at, reason: 'No blankets in stock in Ishikawa' });
  });

  it('reads a deployment status report into a received shipment whose receipt accounts for every unit', () => {
    const r = readRmMessage(fixture('report-deployment-status.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.message.type !== 'ReportResourceDeploymentStatus') return;
    const line = r.message.lines[0]!;
    expect(line).toMatchObject({ respondsTo: 'C-1', order: 'dispatch-order/2024-01-05/0004', state: 'received', at: '2024-01-06T11:20:00+09:00' });
    expect(reportedStatus(line)).toEqual({ state: 'received', at: '2024-01-06T11:20:00+09:00', receipt: [{ line: 0, received: 52, damaged: 2, lost: 0 }] });
  });

  it('refuses a DTD with an external entity, entity expansion and XInclude before any parser reads them', () => {
    expect(codes(readRmMessage(fixture('hostile-xxe.xml')))).toEqual(['XML_DTD_REFUSED']);
    expect(codes(readRmMessage(fixture('hostile-billion-laughs.xml')))).toEqual(['XML_DTD_REFUSED']);
    expect(codes(readRmMessage(fixture('hostile-xinclude.xml')))).toEqual(['XML_XINCLUDE_REFUSED']);
  });

  it('reports a message the OASIS schema refuses with the element and what the schema expected', () => {
    const r = readRmMessage(fixture('invalid-no-contact.xml'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'ResourceInformation' } });
    expect(String(r.problems[0]!.params.expected)).toContain('ContactInformation');
  });

  it('names the fields a schema-valid message outside Tsunagu’s profile lacks, in Japanese and English', () => {
    const r = readRmMessage(fixture('nims-request-resource.xml'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.problems.map((p) => `${p.code} ${p.params.field}`);
    expect(fields).toContain('EDXL_RM_TIME_WITHOUT_OFFSET SentDateTime');
    expect(fields).toContain('EDXL_RM_VALUE_LIST_FOREIGN ResourceInformation[1]/Resource/TypeStructure/ValueListURN');
    expect(fields).toContain('EDXL_RM_FIELD_MISSING ResourceInformation[1]/Resource/Keyword[urn:tsunagu:edxl-rm:destination]');
    expect(fields).toContain('EDXL_RM_QUANTITY_AS_TEXT ResourceInformation[1]/AssignmentInformation/Quantity/QuantityText');
    // Each says what the sender must change, not only what is wrong.
    const foreign = r.problems.find((p) => p.code === 'EDXL_RM_VALUE_LIST_FOREIGN')!;
    expect(message(foreign.code, foreign.params, 'en')).toContain('"Track Dozer" from the value list "http://nimsonline.org/2.0"; Tsunagu reads only the list urn:tsunagu:edxl-rm:stock-category here. The sender must use ValueListURN urn:tsunagu:edxl-rm:stock-category');
    const quantity = r.problems.find((p) => p.code === 'EDXL_RM_QUANTITY_AS_TEXT')!;
    expect(message(quantity.code, quantity.params, 'ja')).toContain('送り手は Quantity/MeasuredQuantity に Amount');
    expect(fields).toContain('EDXL_RM_FIELD_MISSING ResourceInformation[1]/ScheduleInformation[RequestedArrival]/DateTime');
    const offset = r.problems.find((p) => p.code === 'EDXL_RM_TIME_WITHOUT_OFFSET')!;
    expect(message(offset.code, offset.params, 'ja')).toContain('時差');
    expect(message(offset.code, offset.params, 'en')).toContain('has no offset');
  });

  it('names an EDXL-RM message type it does not read, and a document that is not EDXL-RM', () => {
    expect(readRmMessage(fixture('request-quote.xml'))).toEqual({
      ok: false,
      problems: [{ code: 'EDXL_RM_TYPE_UNSUPPORTED', params: { root: 'RequestQuote', supported: 'RequestResource, CommitResource, ReportResourceDeploymentStatus' } }],
    });
    expect(codes(readRmMessage(new TextEncoder().encode('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>')))).toEqual(['EDXL_RM_NOT_RM']);
  });

  it('refuses a RequestResource in another namespace through the schema', () => {
    const text = readFileSync(new URL('../../../test/fixtures/edxl-rm/request-resource.xml', import.meta.url), 'utf8').replace('EDXL:RM:1.0:msg', 'EDXL:RM:9.9:msg');
    expect(codes(readRmMessage(new TextEncoder().encode(text)))).toEqual(['XSD_WRONG_ROOT']);
  });

  it('refuses a received report whose counts do not account for what was shipped, naming the line', () => {
    const text = readFileSync(new URL('../../../test/fixtures/edxl-rm/report-deployment-status.xml', import.meta.url), 'utf8').replace('<rm:Value>52</rm:Value>', '<rm:Value>60</rm:Value>');
    const r = readRmMessage(new TextEncoder().encode(text));
    expect(!r.ok && r.problems[0]).toMatchObject({ code: 'EDXL_RM_VALUE_INVALID', params: { field: 'ResourceInformation[1] /receipt' } });
  });

  it('refuses a negative quantity and an unknown unit, naming each field', () => {
    const text = readFileSync(new URL('../../../test/fixtures/edxl-rm/request-resource.xml', import.meta.url), 'utf8')
      .replace('<rm:Amount>54</rm:Amount>', '<rm:Amount>-5</rm:Amount>')
      .replace('<rm:Value>sheet</rm:Value>', '<rm:Value>bale</rm:Value>');
    const r = readRmMessage(new TextEncoder().encode(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.params.field])).toEqual([
      ['EDXL_RM_VALUE_NOT_UNDERSTOOD', 'ResourceInformation[2]/AssignmentInformation/Quantity/MeasuredQuantity/UnitOfMeasure/Value'],
    ]);
    const negative = readRmMessage(new TextEncoder().encode(text.replace('<rm:Value>bale</rm:Value>', '<rm:Value>sheet</rm:Value>')));
    expect(!negative.ok && negative.problems.map((p) => [p.code, p.params.field])).toEqual([['EDXL_RM_VALUE_INVALID', 'ResourceInformation[1] /demand/quantity']]);
  });

  it('never throws on a mangled message: it answers with a message or problems', () => {
    const base = readFileSync(new URL('../../../test/fixtures/edxl-rm/commit-resource.xml', import.meta.url), 'utf8');
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(200), fc.string({ maxLength: 30 }), (at, cut, insert) => {
        const r = readRmMessage(new TextEncoder().encode(base.slice(0, at) + insert + base.slice(Math.min(base.length, at + cut))));
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 150 },
    );
  });
});
