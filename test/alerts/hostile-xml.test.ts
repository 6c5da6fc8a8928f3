// Hostile XML against the CAP and JMA importers: refused with a clear code, without one connection to a loopback
// server the documents point at and without the content of a local file they name ever appearing anywhere.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCapFile } from '../../src/adapters/cap/cap-importer.ts';
import { parseJmaFile } from '../../src/adapters/jma/jma-importer.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const ctx = { sourceNode: 'local-node', now: '2026-12-06T00:00:00Z' };
const SECRET = 'tsunagu-secret-marker-4711';

let server: Server;
let hits = 0;
let base = '';
let secretFile = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1;
    res.end('<!ENTITY leak "remote">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'tsunagu-xxe-')), 'secret.txt');
  writeFileSync(secretFile, SECRET);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function hostileDocuments(): { name: string; xml: string; code: string }[] {
  const alert = (inner: string) => `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${inner}</identifier></alert>`;
  return [
    { name: 'external entity (file)', xml: `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file://${secretFile}">]>${alert('&x;')}`, code: 'XML_DTD_REFUSED' },
    { name: 'external entity (http)', xml: `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "${base}/entity">]>${alert('&x;')}`, code: 'XML_DTD_REFUSED' },
    { name: 'remote DTD', xml: `<?xml version="1.0"?><!DOCTYPE alert SYSTEM "${base}/cap.dtd">${alert('x')}`, code: 'XML_DTD_REFUSED' },
    { name: 'parameter entity', xml: `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY % p SYSTEM "${base}/p.dtd"> %p;]>${alert('x')}`, code: 'XML_DTD_REFUSED' },
    {
      name: 'billion laughs',
      xml: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>${alert('&lol2;')}`,
      code: 'XML_DTD_REFUSED',
    },
    {
      name: 'XInclude',
      xml: `<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="${base}/inc.xml"/><xi:include href="file://${secretFile}" parse="text"/></alert>`,
      code: 'XML_XINCLUDE_REFUSED',
    },
  ];
}

describe('hostile XML', () => {
  for (const importer of [{ kind: 'cap', parse: parseCapFile }, { kind: 'jma', parse: parseJmaFile }]) {
    it(`is refused by the ${importer.kind} importer with its code, touching neither the network nor the named file`, async () => {
      for (const doc of hostileDocuments()) {
        const parsed = importer.parse(`${doc.name}.xml`, new TextEncoder().encode(doc.xml), ctx);
        expect(parsed.items, doc.name).toEqual([]);
        expect(parsed.rejected.map((r) => r.code), doc.name).toEqual([doc.code]);
        expect(JSON.stringify(parsed), doc.name).not.toContain(SECRET);
      }
      // Give any stray asynchronous fetch the chance to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hits).toBe(0);
    });
  }

  it("never fetches a schema a JMA telegram names: JMA's shipped schemas alone decide", async () => {
    const before = hits;
    const telegram = readFileSync(sharedDataPath('jma', '32-35_01_01_100806_VXSE51.xml'), 'utf8').replace(
      '<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"',
      `<Report xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://xml.kishou.go.jp/jmaxml1/ ${base}/jmx.xsd" xmlns="http://xml.kishou.go.jp/jmaxml1/"`,
    );
    expect(telegram).toContain(base);
    expect(parseJmaFile('hinted.xml', new TextEncoder().encode(telegram), ctx).rejected).toEqual([]);
    const broken = telegram.replace('<Status>通常</Status>', '<Status>不明</Status>');
    expect(parseJmaFile('broken.xml', new TextEncoder().encode(broken), ctx).rejected.map((r) => r.code)).toEqual(['XSD_INVALID_VALUE']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hits).toBe(before);
  });

  it('refuses an oversized document by its size, unread', () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x41);
    const parsed = parseCapFile('big.cap', big, ctx);
    expect(parsed.rejected.map((r) => r.code)).toEqual(['XML_TOO_LARGE']);
  });
});
