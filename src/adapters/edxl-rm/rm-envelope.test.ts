import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRmDocument } from './rm-envelope.ts';
import { readRmMessage } from './rm-in.ts';

const text = (f: string) => readFileSync(new URL(`../../../test/fixtures/edxl-rm/${f}`, import.meta.url), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);
const envelope = text('envelope-commit-and-report.edxlde');

describe('readRmDocument', () => {
  it('reads every message of an EDXL-DE envelope, also one relying on the namespaces the envelope declares', () => {
    const r = readRmDocument(bytes(envelope));
    const alone = [readRmMessage(bytes(text('commit-resource.xml'))), readRmMessage(bytes(text('report-deployment-status.xml')))];
    expect(r).toEqual({ ok: true, messages: alone.map((a) => (a.ok ? a.message : undefined)) });
  });

  it('reads a message that travels alone as a list of one', () => {
    const alone = readRmMessage(bytes(text('request-resource.xml')));
    expect(readRmDocument(bytes(text('request-resource.xml')))).toEqual({ ok: true, messages: [alone.ok && alone.message] });
  });

  it('names which embedded message a problem is in and the envelope line it is on, and reads none of the others', () => {
    const broken = envelope.replace(/(<rmsg:ReportResourceDeploymentStatus>[\s\S]*?)<rmsg:ContactInformation>[\s\S]*?<\/rmsg:ContactInformation>\s*/, '$1');
    const line = broken.split('\n').findIndex((l, i, all) => l.includes('<rmsg:ResourceInformation>') && all.slice(0, i).some((p) => p.includes('<rmsg:ReportResourceDeploymentStatus>'))) + 1;
    const r = readRmDocument(bytes(broken));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatchObject({ code: 'XSD_UNEXPECTED_ELEMENT', params: { element: 'ResourceInformation', line } });
    const miscounted = readRmDocument(bytes(envelope.replace('<rm:Value>52</rm:Value>', '<rm:Value>60</rm:Value>')));
    expect(!miscounted.ok && miscounted.problems[0]).toMatchObject({ code: 'EDXL_RM_VALUE_INVALID', params: { field: '#2 ResourceInformation[1] /receipt' } });
  });

  it('refuses an envelope with a DTD, one the EDXL-DE schema refuses, and one holding no EDXL-RM message', () => {
    const codes = (s: string) => {
      const r = readRmDocument(bytes(s));
      return r.ok ? [] : r.problems.map((p) => p.code);
    };
    expect(codes(envelope.replace('<edxlde:EDXLDistribution', '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><edxlde:EDXLDistribution'))).toEqual(['XML_DTD_REFUSED']);
    expect(codes(envelope.replace(/<edxlde:distributionID>.*<\/edxlde:distributionID>/, ''))[0]).toMatch(/^XSD_/);
    const empty = envelope.replace(/<edxlde:contentObject>[\s\S]*<\/edxlde:contentObject>/, '<edxlde:contentObject><edxlde:xmlContent><edxlde:embeddedXMLContent><x:note xmlns:x="urn:example">no resources</x:note></edxlde:embeddedXMLContent></edxlde:xmlContent></edxlde:contentObject>');
    expect(codes(empty)).toEqual(['EDXL_RM_ENVELOPE_EMPTY']);
  });
});
