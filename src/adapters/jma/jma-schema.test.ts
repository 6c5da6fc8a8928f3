import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { MAX_XML_BYTES } from '../xml/xml-input.ts';
import { isSchemaLoaded, MAX_SCHEMA_PROBLEMS } from '../xml/xsd.ts';
import { parseJmaFile } from './jma-importer.ts';
import { JMA_SCHEMA, JMA_SCHEMA_DIR } from './jma-schema.ts';

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const repo = (p: string) => new URL(`../../../${p}`, import.meta.url);
const SAMPLE = readFileSync(sharedDataPath('jma', '32-35_01_01_100806_VXSE51.xml'), 'utf8');
const parse = (text: string, name = 't.xml') => parseJmaFile(name, new TextEncoder().encode(text), ctx);
const bytesOf = (text: string) => new TextEncoder().encode(text).length;
const codes = (text: string) => parse(text).rejected.map((r) => r.code);

/** The sample with one exact piece of text replaced; fails loudly when the piece is not there. */
function edited(from: string, to: string, text = SAMPLE): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

// First in this file: no test before it may have parsed a telegram.
describe('loading JMA’s schemas', () => {
  it('happens on the first telegram of a kind Tsunagu reads, not when the importer is loaded', () => {
    expect(isSchemaLoaded(JMA_SCHEMA)).toBe(false);
    expect(parse(edited('<Title>震度速報</Title>', '<Title>地上実況図</Title>')).rejected[0]?.code).toBe('JMA_KIND_UNSUPPORTED');
    expect(isSchemaLoaded(JMA_SCHEMA)).toBe(false);
    expect(parse(SAMPLE).rejected).toEqual([]);
    expect(isSchemaLoaded(JMA_SCHEMA)).toBe(true);
  });
});

describe('JMA telegrams against JMA’s XML Schemas', () => {
  it('ships JMA’s schema files unchanged (their SHA-256 as recorded when copied)', () => {
    const sums = readFileSync(new URL('SHA256SUMS', JMA_SCHEMA_DIR), 'utf8').trim().split('\n').map((l) => l.split(/\s+/));
    expect(sums.map(([, f]) => f).sort()).toEqual(readdirSync(JMA_SCHEMA_DIR).filter((f) => f.endsWith('.xsd')).sort());
    for (const [sum, file] of sums) expect(createHash('sha256').update(readFileSync(new URL(file!, JMA_SCHEMA_DIR))).digest('hex'), file).toBe(sum);
  });

  it('accepts every JMA sample telegram, the Noto reconstructions and the constructed test telegram', () => {
    const files = [
      ...readdirSync(sharedDataPath('jma')).filter((f) => f.endsWith('.xml')).map((f) => sharedDataPath('jma', f)),
      ...readdirSync(repo('examples/alerts')).filter((f) => f.endsWith('.xml')).map((f) => repo(`examples/alerts/${f}`)),
      ...readdirSync(repo('test/fixtures/alerts')).filter((f) => f.endsWith('.xml')).map((f) => repo(`test/fixtures/alerts/${f}`)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(83);
    for (const f of files) expect(parseJmaFile(String(f), new Uint8Array(readFileSync(f)), ctx).rejected, String(f)).toEqual([]);
  });

  it('refuses a Report outside JMA’s namespace by its namespace', () => {
    const wrong = edited('<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"', '<Report xmlns="http://example.org/jmaxml1/"');
    expect(parse(wrong).rejected).toEqual([
      { file: 't.xml', code: 'JMA_NAMESPACE_UNEXPECTED', params: { element: 'Report', namespace: 'http://example.org/jmaxml1/', expected: 'http://xml.kishou.go.jp/jmaxml1/' } },
    ]);
    expect(codes(wrong.replace(' xmlns="http://example.org/jmaxml1/"', ''))).toEqual(['JMA_NAMESPACE_UNEXPECTED']);
  });

  it('refuses a Head in the wrong namespace with the schema’s reason and its path', () => {
    const wrong = edited('<Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/">', '<Head>');
    expect(parse(wrong).rejected[0]).toMatchObject({ code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'Head', path: '/Report/Head', line: 10 } });
  });

  it('refuses a Body in a namespace JMA has no schema for, which jmx.xsd itself would let through unchecked', () => {
    const wrong = edited('<Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"', '<Body xmlns="urn:example:body"');
    expect(parse(wrong).rejected).toEqual([
      { file: 't.xml', code: 'JMA_NAMESPACE_UNEXPECTED', params: { element: 'Body', namespace: 'urn:example:body', expected: expect.stringContaining('seismology1') } },
    ]);
  });

  it('refuses a telegram without Control or without Head, naming what the schema expected there', () => {
    const control = SAMPLE.slice(SAMPLE.indexOf('<Control>'), SAMPLE.indexOf('</Control>') + '</Control>'.length);
    const noControl = parse(edited(control, ''));
    expect(noControl.rejected[0]).toMatchObject({ code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'Head', expected: 'Control', path: '/Report/Head' } });
    const head = SAMPLE.slice(SAMPLE.indexOf('<Head '), SAMPLE.indexOf('</Head>') + '</Head>'.length);
    const noHead = parse(edited(head, ''));
    expect(noHead.rejected[0]).toMatchObject({ code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'Body', expected: 'Head', path: '/Report/Body' } });
    expect(noHead.items).toEqual([]);
  });

  it('refuses an element out of order at its line and path', () => {
    const swapped = edited('<DateTime>2009-08-10T20:09:11Z</DateTime>\n    <Status>通常</Status>', '<Status>通常</Status>\n    <DateTime>2009-08-10T20:09:11Z</DateTime>');
    expect(parse(swapped).rejected[0]).toEqual({
      file: 't.xml', code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'Status', expected: 'DateTime', line: 5, path: '/Report/Control/Status' },
    });
  });

  it('refuses a missing or unknown attribute at the element that should or should not carry it', () => {
    expect(parse(edited('<Information type="震度速報">', '<Information>')).rejected).toEqual([
      { file: 't.xml', code: 'XSD_ATTRIBUTE_MISSING', params: { element: 'Information', attribute: 'type', line: 21, path: '/Report/Head/Headline/Information' } },
    ]);
    expect(parse(edited('<Areas codeType="地震情報／細分区域">', '<Areas codeType="地震情報／細分区域" bogus="1">')).rejected).toEqual([
      { file: 't.xml', code: 'XSD_ATTRIBUTE_NOT_ALLOWED', params: { element: 'Areas', attribute: 'bogus', line: 26, path: '/Report/Head/Headline/Information/Item[1]/Areas' } },
    ]);
  });

  it('names a repeated element by its position among its siblings', () => {
    const bad = edited('<Name>滋賀県北部</Name>\n            <Code>500</Code>', '<Code>500</Code>\n            <Name>滋賀県北部</Name>');
    const problem = parse(bad).rejected[0]!;
    expect(problem.code).toBe('XSD_UNEXPECTED_ELEMENT');
    expect(problem.params.path).toMatch(/^\/Report\/Body\/Intensity\/Observation\/Pref\[\d+\]\/Area\[1\]\/Code$/);
  });

  it('gives the first reasons of a huge broken telegram under the size limit one by one, then a count of the rest', () => {
    const brokenArea = '<Area><Code>500</Code></Area>'; // Name and MaxInt missing, Code out of place: one reason each
    const count = Math.floor((MAX_XML_BYTES - bytesOf(SAMPLE) - 1024) / bytesOf(brokenArea));
    const huge = edited('<MaxInt>3</MaxInt>\n          <Area>\n            <Name>奈良県</Name>', `<MaxInt>3</MaxInt>\n          ${brokenArea.repeat(count)}<Area>\n            <Name>奈良県</Name>`);
    expect(bytesOf(huge)).toBeLessThanOrEqual(MAX_XML_BYTES);
    const parsed = parse(huge);
    expect(parsed.items).toEqual([]);
    expect(parsed.rejected).toHaveLength(MAX_SCHEMA_PROBLEMS + 1);
    expect(parsed.rejected.at(-1)).toMatchObject({ code: 'XSD_MORE_PROBLEMS' });
    expect(Number(parsed.rejected.at(-1)!.params.count)).toBeGreaterThan(count - MAX_SCHEMA_PROBLEMS - 1);
  });

  it('imports a huge valid telegram under the size limit', () => {
    const area = '<Area><Name>奈良県</Name><Code>540</Code><MaxInt>3</MaxInt></Area>';
    const count = Math.floor((MAX_XML_BYTES - bytesOf(SAMPLE) - 1024) / bytesOf(area));
    const huge = edited('<MaxInt>3</MaxInt>\n          <Area>\n            <Name>奈良県</Name>', `<MaxInt>3</MaxInt>\n          ${area.repeat(count)}<Area>\n            <Name>奈良県</Name>`);
    const parsed = parse(huge);
    expect(bytesOf(huge)).toBeLessThanOrEqual(MAX_XML_BYTES);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.items).toHaveLength(1);
  });

  it('refuses DTDs and entities in a telegram before libxml2 or the schema sees it', () => {
    const withDoctype = edited('<Report ', '<!DOCTYPE Report [<!ENTITY x SYSTEM "file:///etc/passwd">]><Report ');
    expect(codes(withDoctype)).toEqual(['XML_DTD_REFUSED']);
    expect(codes(edited('<Report ', '<!ENTITY x "y"><Report '))).toEqual(['XML_ENTITY_REFUSED']);
    expect(codes(edited('<Title>震度速報</Title>', '<Title>震度速報&x;</Title>'))).toEqual(['XML_MALFORMED']);
  });

  it('refuses a kind it does not read by name, even one the schema would refuse, and validates nothing of it', () => {
    const chart = edited('<Title>震度速報</Title>', '<Title>地上実況図</Title>');
    expect(parse(chart).rejected).toEqual([{ file: 't.xml', code: 'JMA_KIND_UNSUPPORTED', params: { kind: 'VZSA50', title: '地上実況図' } }]);
    const brokenChart = edited('<Status>通常</Status>', '<Status>不明</Status>', chart);
    expect(codes(brokenChart)).toEqual(['JMA_KIND_UNSUPPORTED']);
  });

  it('refuses a document whose root is not a Report by its root, before the schema', () => {
    expect(parse('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>').rejected).toEqual([{ file: 't.xml', code: 'JMA_NOT_JMA', params: { root: 'alert' } }]);
  });
});
