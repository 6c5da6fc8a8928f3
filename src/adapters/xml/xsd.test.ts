import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SCHEMA_PROBLEMS, validateWithSchema } from './xsd.ts';

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

describe('validateWithSchema on a document wrong everywhere', () => {
  it('gives the first reasons with their line and element path, then counts the rest', () => {
    const dir = schemaSet('many', {
      'list.xsd': `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:t:list" elementFormDefault="qualified"><xs:element name="list"><xs:complexType><xs:sequence>` +
        `<xs:element name="item" type="xs:integer" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element></xs:schema>`,
    });
    const items = Array.from({ length: 500 }, (_, i) => `<item>x${i}</item>`).join('\n');
    const problems = validateWithSchema(`<list xmlns="urn:t:list">\n${items}\n</list>`, new URL('list.xsd', dir), dir);
    expect(problems).toHaveLength(MAX_SCHEMA_PROBLEMS + 1);
    expect(problems[0]).toEqual({ code: 'XSD_INVALID_VALUE', params: { element: 'item', value: 'x0', type: 'xs:integer', line: 2, path: '/list/item[1]' } });
    expect(problems[MAX_SCHEMA_PROBLEMS - 1]!.params.path).toBe(`/list/item[${MAX_SCHEMA_PROBLEMS}]`);
    expect(problems.at(-1)).toEqual({ code: 'XSD_MORE_PROBLEMS', params: { count: 500 - MAX_SCHEMA_PROBLEMS } });
  });

  it('validates one document after another without mixing their reasons', () => {
    const dir = schemaSet('set2', { 'main.xsd': importing('other.xsd'), 'other.xsd': other });
    const main = new URL('main.xsd', dir);
    expect(validateWithSchema('<root xmlns="urn:t:main">abc</root>', main, dir)).toHaveLength(1);
    expect(validateWithSchema('<root xmlns="urn:t:main">ABC</root>', main, dir)).toEqual([]);
    expect(validateWithSchema('<root xmlns="urn:t:main">def</root>', main, dir)).toHaveLength(1);
  });
});
