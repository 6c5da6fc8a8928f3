import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateWithSchema } from './xsd.ts';

const root = mkdtempSync(path.join(tmpdir(), 'tsunagu-xsd-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const XS = 'http://www.w3.org/2001/XMLSchema';
const importing = (location: string) =>
  `<xs:schema xmlns:xs="${XS}" xmlns:o="urn:t:other" targetNamespace="urn:t:main" elementFormDefault="qualified">` +
  `<xs:import namespace="urn:t:other" schemaLocation="${location}"/><xs:element name="root" type="o:Code"/></xs:schema>`;
const other = `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:t:other"><xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]+"/></xs:restriction></xs:simpleType></xs:schema>`;

function schemaSet(name: string, files: Record<string, string>): URL {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return pathToFileURL(`${dir}/`);
}

describe('validateWithSchema with a schema made of several files', () => {
  it('resolves the imports of a schema from the directory it names, offline', () => {
    const dir = schemaSet('set', { 'main.xsd': importing('other.xsd'), 'other.xsd': other });
    const main = new URL('main.xsd', dir);
    expect(validateWithSchema('<root xmlns="urn:t:main">ABC</root>', main, dir)).toEqual([]);
    const bad = validateWithSchema('<root xmlns="urn:t:main">abc</root>', main, dir);
    expect(bad.length).toBeGreaterThan(0);
  });

  it('lets libxml2 read no schema file outside the directory named, even one that exists', () => {
    const dir = schemaSet('fenced/inner', { 'escape.xsd': importing('../outside.xsd') });
    writeFileSync(path.join(root, 'fenced', 'outside.xsd'), other);
    const problems = validateWithSchema('<root xmlns="urn:t:main">ABC</root>', new URL('escape.xsd', dir), dir);
    expect(String(problems[0]?.params.detail)).toMatch(/^failed to load ".*outside\.xsd"/);
  });
});
