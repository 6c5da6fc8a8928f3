import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertKinds, type Alert, type Declaration } from '../../model/index.ts';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { parseJmaFile } from '../jma/jma-importer.ts';
import { readXml } from '../xml/xml-input.ts';
import { validateWithSchema } from '../xml/xsd.ts';
import { alertsAtomFeed } from './atom-feed.ts';
import { alertToCap, declarationToCap } from './cap-out.ts';
import { parseCapFile } from './cap-importer.ts';

const CAP12 = new URL('../../../data/cap/cap12.xsd', import.meta.url);
const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const reread = (xml: string) => parseCapFile('out.cap', new TextEncoder().encode(xml), ctx);
const alertOf = (parsed: ReturnType<typeof parseCapFile>) => parsed.items.find((i) => !i.onlyOntoExisting)?.draft.data as Alert | undefined;

function importedAlerts(): Alert[] {
  const cap = readdirSync(sharedDataPath('cap')).filter((f) => /\.(cap|edxlde)$/.test(f) && !f.includes('invalid'));
  const jma = readdirSync(sharedDataPath('jma')).filter((f) => f.endsWith('.xml')).slice(0, 30);
  return [
    ...cap.flatMap((f) => parseCapFile(f, new Uint8Array(readFileSync(sharedDataPath('cap', f))), ctx).items),
    ...jma.flatMap((f) => parseJmaFile(f, new Uint8Array(readFileSync(sharedDataPath('jma', f))), ctx).items),
  ].filter((i) => !i.onlyOntoExisting).map((i) => i.draft.data as Alert);
}

const wholeSecond = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString());
const token = fc.stringMatching(/^[A-Za-z0-9._@:-]{1,30}$/);
const arbitraryAlert: fc.Arbitrary<Alert> = fc.record({
  format: fc.constant('cap' as const),
  identifier: token,
  sender: token,
  sent: wholeSecond,
  status: fc.constantFrom('actual', 'exercise', 'test', 'system', 'draft'),
  messageType: fc.constant('alert' as const),
  references: fc.constant([]),
  state: fc.constant('in-force' as const),
  kinds: fc.constantFrom(...(Object.keys(alertKinds) as (keyof typeof alertKinds)[]).filter((k) => k.startsWith('cap-'))).map((k) => [k]),
  event: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '' && !/[\u0000-\u001f\ufffe\uffff]/.test(s)),
  severity: fc.constantFrom('extreme', 'severe', 'moderate', 'minor', 'unknown'),
  urgency: fc.constantFrom('immediate', 'expected', 'future', 'past', 'unknown'),
  certainty: fc.constantFrom('observed', 'likely', 'possible', 'unlikely', 'unknown'),
  headline: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s !== '' && !/[\u0000-\u001f\ud800-\udfff\ufffe\uffff]/.test(s)),
  areaCodes: fc.subarray(['172022', '172049', '131016', '011002']),
  areas: fc.constant([]),
  polygons: fc.constant([]),
  circles: fc.constant([]),
  signature: fc.constant({ state: 'unsigned' as const }),
}) as fc.Arbitrary<Alert>;

describe('CAP out', () => {
  it('writes every imported CAP and JMA alert as CAP 1.2 that the OASIS schema accepts', () => {
    const alerts = importedAlerts();
    expect(alerts.length).toBeGreaterThan(30);
    for (const a of alerts) expect(validateWithSchema(alertToCap(a), CAP12), a.identifier).toEqual([]);
  });

  it('reads back what it writes: identity, status, qualifiers, headline and municipalities', () => {
    fc.assert(
      fc.property(arbitraryAlert, (alert) => {
        const xml = alertToCap(alert);
        expect(validateWithSchema(xml, CAP12)).toEqual([]);
        const back = alertOf(reread(xml))!;
        expect(back).toMatchObject({
          identifier: alert.identifier, sender: alert.sender, sent: alert.sent, status: alert.status, messageType: alert.messageType,
          kinds: alert.kinds, severity: alert.severity, urgency: alert.urgency, certainty: alert.certainty, headline: alert.headline,
        });
        expect([...back.areaCodes].sort()).toEqual([...alert.areaCodes].sort());
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the tsunami coast of a JMA telegram as municipalities in CAP geocodes', () => {
    const jma = parseJmaFile('x.xml', new Uint8Array(readFileSync(sharedDataPath('jma', '32-39_11_02_250206_VTSE41.xml'))), ctx).items[0]!.draft.data as Alert;
    const back = alertOf(reread(alertToCap(jma)))!;
    expect(new Set(back.areaCodes)).toEqual(new Set(jma.areaCodes));
    expect(back.severity).toBe('extreme');
  });

  it('writes a declaration as a CAP alert from its issuer, with its areas and polygon', () => {
    const declaration = JSON.parse(readFileSync(new URL('../../../docs/examples/declaration.json', import.meta.url), 'utf8')) as Declaration;
    const xml = declarationToCap(declaration);
    expect(validateWithSchema(xml, CAP12)).toEqual([]);
    const back = alertOf(reread(xml))!;
    expect(back).toMatchObject({ identifier: declaration.id, sender: declaration.issuer, headline: declaration.title.ja });
    expect(back.areaCodes).toEqual(declaration.areas);
    expect(back.polygons.length).toBe(declaration.geometry ? 1 : 0);
  });

  it('publishes alerts as an Atom feed whose entries each carry a valid CAP alert', () => {
    const alerts = importedAlerts().slice(0, 8);
    const feed = alertsAtomFeed(alerts, { id: 'tag:pref.ishikawa.example,2026:alerts', title: '石川県 警報 / Ishikawa alerts', author: 'jp-170003-ishikawa-pref' });
    const read = readXml(new TextEncoder().encode(feed));
    expect(read.ok).toBe(true);
    const entries = [...feed.matchAll(/<content type="application\/cap\+xml">([\s\S]*?)<\/content>/g)].map((m) => m[1]!);
    expect(entries.length).toBe(8);
    for (const cap of entries) expect(validateWithSchema(cap, CAP12)).toEqual([]);
    expect(feed).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"><id>tag:pref\.ishikawa\.example,2026:alerts<\/id><title>[^<]+<\/title><updated>/);
  });
});
