import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_XML_BYTES, readXml } from './xml-input.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('readXml', () => {
  it('refuses a document type declaration, whatever it declares', () => {
    const r = readXml(bytes('<?xml version="1.0"?><!DOCTYPE alert><alert/>'));
    expect(r).toEqual({ ok: false, problem: { code: 'XML_DTD_REFUSED', params: {} } });
  });

  it('refuses an external entity and a remote DTD before any parser reads them', () => {
    for (const doc of [
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      '<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>',
    ]) {
      const r = readXml(bytes(doc));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.code).toBe('XML_DTD_REFUSED');
    }
  });

  it('refuses a lone entity declaration and XInclude', () => {
    const entity = readXml(bytes('<a><!ENTITY x "y"></a>'));
    expect(!entity.ok && entity.problem.code).toBe('XML_ENTITY_REFUSED');
    const xinclude = readXml(bytes('<a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd"/></a>'));
    expect(!xinclude.ok && xinclude.problem.code).toBe('XML_XINCLUDE_REFUSED');
  });

  it('refuses a document over the size limit without decoding it', () => {
    const big = new Uint8Array(MAX_XML_BYTES + 1).fill(0x20);
    const r = readXml(big);
    expect(!r.ok && r.problem).toEqual({ code: 'XML_TOO_LARGE', params: { bytes: MAX_XML_BYTES + 1, limit: MAX_XML_BYTES } });
  });

  it('decodes by the character set the XML declaration names (ISO-8859-1)', () => {
    const latin1 = Uint8Array.from([...'<?xml version="1.0" encoding="ISO-8859-1"?><a>Montr'].map((c) => c.charCodeAt(0)).concat([0xe9, ...[...'al</a>'].map((c) => c.charCodeAt(0))]));
    const r = readXml(latin1);
    expect(r.ok && r.root.a).toBe('Montréal');
  });

  it('refuses a character set it does not know rather than guessing', () => {
    const r = readXml(bytes('<?xml version="1.0" encoding="KOI8-R"?><a/>'));
    expect(!r.ok && r.problem).toEqual({ code: 'XML_ENCODING_UNSUPPORTED', params: { encoding: 'KOI8-R' } });
  });

  it('reports where a malformed document breaks', () => {
    const r = readXml(bytes('<a>\n<b></a>'));
    expect(!r.ok && r.problem.code).toBe('XML_MALFORMED');
    expect(!r.ok && r.problem.params.line).toBe(2);
  });

  it('decodes the predefined entities and keeps leading zeros in codes', () => {
    const r = readXml(bytes('<a><d>&lt;br /&gt; &amp;</d><Code>0110000</Code></a>'));
    expect(r.ok && r.root.a).toEqual({ d: '<br /> &', Code: '0110000' });
  });

  it('never throws on arbitrary bytes or text: it answers with a document or a problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 400 }).map(bytes)), (input) => {
        const r = readXml(input);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never lets a DOCTYPE through, wherever it sits in otherwise valid XML', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).filter((s) => !s.includes('<') && !s.includes('&')), fc.constantFrom('<!DOCTYPE', '<!doctype'), (text, decl) => {
        const r = readXml(bytes(`<?xml version="1.0"?>${decl} a []><a>${text}</a>`));
        expect(!r.ok && r.problem.code).toBe('XML_DTD_REFUSED');
      }),
    );
  });
});
