import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertSchema, validate, type Alert } from '../../model/index.ts';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { capAlertRecordId, parseReferences } from './cap-alert.ts';
import { parseCapFile } from './cap-importer.ts';

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const capDir = sharedDataPath('cap');
const read = (f: string) => new Uint8Array(readFileSync(`${capDir}/${f}`));
const fixture = (f: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/cap/${f}`, import.meta.url)));
const alertsOf = (parsed: ReturnType<typeof parseCapFile>) => parsed.items.filter((i) => !i.onlyOntoExisting).map((i) => i.draft.data as Alert);

describe('CAP import', () => {
  it('reads every valid CAP example and EDXL-DE envelope into alerts the model accepts', () => {
    const files = readdirSync(capDir).filter((f) => (f.endsWith('.cap') || f.endsWith('.edxlde')) && !f.includes('invalid'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const parsed = parseCapFile(f, read(f), ctx);
      expect(parsed.rejected, f).toEqual([]);
      expect(alertsOf(parsed).length, f).toBe(parsed.total);
      for (const item of parsed.items) expect(validate(AlertSchema, item.draft.data).ok, f).toBe(true);
    }
  });

  it("refuses invalid.cap with the schema's reason: scope is missing before info", () => {
    const parsed = parseCapFile('invalid.cap', read('invalid.cap'), ctx);
    expect(parsed.items).toEqual([]);
    expect(parsed.rejected).toEqual([
      { file: 'invalid.cap', code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'info', expected: 'source, scope', line: 9, path: '/alert/info' } },
    ]);
  });

  it('takes the seven alerts out of the valid EDXL-DE envelope, and names the two broken ones of the invalid one', () => {
    const valid = parseCapFile('bushfire_valid.edxlde', read('bushfire_valid.edxlde'), ctx);
    expect(alertsOf(valid).map((a) => a.sender)).toEqual(Array(7).fill('webmaster@rfs.nsw.gov.au'));
    const invalid = parseCapFile('bushfire_invalid.edxlde', read('bushfire_invalid.edxlde'), ctx);
    expect(invalid.rejected.map((r) => [r.row, r.code, r.params.element])).toEqual([
      [2, 'XSD_MISSING_ELEMENT', 'alert'],
      [3, 'XSD_VALUE_NOT_ALLOWED', 'urgency'],
    ]);
    expect(invalid.rejected[1]!.params.value).toBe('Foobar');
  });

  it('decodes an ISO-8859-1 alert by its declaration, keeping accented text', () => {
    const text = new TextDecoder().decode(read('canada.cap')).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('severe thunderstorm watch', 'veille d’orage violent à Montréal'.replace('’', "'"));
    const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    const parsed = parseCapFile('latin1.cap', latin1, ctx);
    expect(parsed.rejected).toEqual([]);
    expect(alertsOf(parsed)[0]!.headline).toBe("veille d'orage violent à Montréal");
  });

  it('records a valid enveloped signature with its key, and a tampered one as invalid', () => {
    const signed = parseCapFile('earthquake_signed.cap', fixture('earthquake_signed.cap'), ctx);
    expect(alertsOf(signed)[0]!.signature).toEqual({ state: 'valid', signer: 'RSA key sha256:df3fb73b2bf8aed4169e42b2fc0fc2ba' });
    const tampered = new TextDecoder('iso-8859-1').decode(fixture('earthquake_signed.cap')).replace('EQ 1.3', 'EQ 7.3');
    const parsed = parseCapFile('tampered.cap', Uint8Array.from([...tampered].map((c) => c.charCodeAt(0))), ctx);
    expect(alertsOf(parsed)[0]!.signature).toEqual({ state: 'invalid', reason: 'signature value does not match' });
    expect(alertsOf(parseCapFile('canada.cap', read('canada.cap'), ctx))[0]!.signature).toEqual({ state: 'unsigned' });
    const latin1 = parseCapFile('earthquake-iso8859-1.cap', fixture('earthquake-iso8859-1.cap'), ctx);
    expect(alertsOf(latin1)[0]!.signature.state).toBe('valid');
  });

  it('turns an Update into changes of the alerts it references, within the same status only', () => {
    const parsed = parseCapFile('canada.cap', read('canada.cap'), ctx);
    const alert = alertsOf(parsed)[0]!;
    expect(alert.messageType).toBe('update');
    const changes = parsed.items.filter((i) => i.onlyOntoExisting).map((i) => i.draft.id);
    expect(changes).toEqual(alert.references.map((r) => capAlertRecordId('actual', r.sender, r.identifier)));
    expect(changes.every((id) => id.startsWith('alert:cap:actual:'))).toBe(true);
  });

  it('keeps CAP polygons and circles as GeoJSON [lon, lat]', () => {
    const earthquake = alertsOf(parseCapFile('earthquake.cap', read('earthquake.cap'), ctx))[0]!;
    expect(earthquake.circles).toEqual([{ center: [-173.274, -16.053], radiusKm: 0 }]);
    const canada = alertsOf(parseCapFile('canada.cap', read('canada.cap'), ctx))[0]!;
    for (const p of canada.polygons) {
      const ring = p.coordinates[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lon, lat] of ring) expect(lon < -50 && lat > 40).toBe(true);
    }
  });

  it('never throws on arbitrary bytes: it answers with alerts or problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string().map((s) => new TextEncoder().encode(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${s}</alert>`))), (bytes) => {
        const parsed = parseCapFile('x.cap', bytes, ctx);
        expect(parsed.items.length + parsed.rejected.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back the references it would write (sender,identifier,sent triples)', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9.@:_-]{1,20}$/);
    fc.assert(
      fc.property(fc.array(fc.record({ sender: part, identifier: part, sent: part }), { maxLength: 5 }), (refs) => {
        const text = refs.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
        expect(parseReferences(text)).toEqual({ references: refs, problems: [] });
      }),
    );
  });
});
