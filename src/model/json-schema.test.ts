import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseAreaCode } from './area-code.ts';
import { codeLists } from './codes.ts';
import { AddressSchema, ContactSchema, TextSchema } from './common.ts';
import { LonLatSchema } from './geo.ts';
import {
  exportJsonSchemas,
  JSON_SCHEMA_DIALECT,
  renderJsonSchemaFiles,
  SCHEMA_BASE_URI,
  toDraft2020,
  type JsonSchemaDocument,
} from './json-schema.ts';
import { RecordEnvelopeSchemas, recordPayloadSchemas, recordTypes, isRecordType } from './record.ts';
import { validate } from './validate.ts';

// Ajv arrives with Fastify; its CommonJS default export is `.default` under NodeNext.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaDir = path.join(repoRoot, 'docs', 'schema');
const examplesDir = path.join(repoRoot, 'docs', 'examples');
const dataModelDoc = readFileSync(path.join(repoRoot, 'docs', 'data-model.md'), 'utf8');

const REGENERATE = 'npx tsunagu model schema --out docs/schema';

function plain(schema: TSchema): JsonSchemaDocument {
  return JSON.parse(JSON.stringify(schema)) as JsonSchemaDocument;
}

/** The inverse of toDraft2020, to compare an exported schema with TypeBox's own draft-07 tuple form. */
function toTypeBoxForm(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toTypeBoxForm);
  if (node === null || typeof node !== 'object') return node;
  const source = node as JsonSchemaDocument;
  const tuple = Array.isArray(source.prefixItems);
  const out: JsonSchemaDocument = {};
  for (const [key, value] of Object.entries(source)) {
    if (tuple && key === 'prefixItems') out.items = toTypeBoxForm(value);
    else if (tuple && key === 'items') out.additionalItems = toTypeBoxForm(value);
    else out[key] = toTypeBoxForm(value);
  }
  return out;
}

function someNode(node: unknown, test: (n: JsonSchemaDocument) => boolean): boolean {
  if (Array.isArray(node)) return node.some((n) => someNode(n, test));
  if (node === null || typeof node !== 'object') return false;
  return test(node as JsonSchemaDocument) || Object.values(node).some((v) => someNode(v, test));
}

/** The model schema an example or exported file name stands for: `shelter` or `record-shelter`. */
function modelSchemaFor(name: string): TSchema | undefined {
  if (isRecordType(name)) return recordPayloadSchemas[name];
  const type = name.replace(/^record-/, '');
  return name.startsWith('record-') && isRecordType(type) ? RecordEnvelopeSchemas[type] : undefined;
}

function exampleFiles(): string[] {
  return readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();
}

function readExample(file: string): unknown {
  return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8'));
}

function strictAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('area-code', (v: string) => parseAreaCode(v).ok);
  ajv.addKeyword('x-labels');
  return ajv;
}

describe('exported JSON Schema files', () => {
  it('are up to date in docs/schema', () => {
    const expected = renderJsonSchemaFiles();
    const stale: string[] = [];
    for (const [file, text] of expected) {
      const p = path.join(schemaDir, file);
      if (!existsSync(p)) stale.push(`${file} (missing)`);
      else if (readFileSync(p, 'utf8') !== text) stale.push(`${file} (differs)`);
    }
    const present = existsSync(schemaDir) ? readdirSync(schemaDir).filter((f) => f.endsWith('.json')) : [];
    for (const file of present) if (!expected.has(file)) stale.push(`${file} (no longer exported: delete it)`);
    expect(stale, `docs/schema is out of date with src/model: ${stale.join(', ')}. Run: ${REGENERATE}`).toEqual([]);
  });

  it('cover every payload, every record envelope and the code lists', () => {
    const expected = [...recordTypes.map((t) => `${t}.json`), ...recordTypes.map((t) => `record-${t}.json`), 'codes.json'];
    expect([...exportJsonSchemas().keys()].sort()).toEqual(expected.sort());
  });

  it('declare draft 2020-12, their own $id under the v1 base, a title and a description', () => {
    for (const [file, doc] of exportJsonSchemas()) {
      expect(doc.$schema, file).toBe(JSON_SCHEMA_DIALECT);
      expect(doc.$id, file).toBe(`${SCHEMA_BASE_URI}${file}`);
      expect(typeof doc.title === 'string' && doc.title.length > 0, file).toBe(true);
      expect(typeof doc.description === 'string' && doc.description.length > 0, file).toBe(true);
    }
  });

  it('explain the custom area-code format wherever a schema uses it', () => {
    const docs = [...exportJsonSchemas()];
    const using = docs.filter(([, doc]) => someNode(doc, (n) => n.format === 'area-code'));
    expect(using.map(([f]) => f)).toContain('shelter.json');
    for (const [file, doc] of using) {
      expect(doc.description, file).toMatch(/format "area-code"/);
      expect(doc.description, file).toMatch(/ignore it/);
      expect(doc.description, file).toMatch(/check digit/);
    }
  });

  it('equal the TypeBox schemas apart from identity, prose and the 2020-12 tuple keywords', () => {
    const exported = exportJsonSchemas();
    for (const type of recordTypes) {
      const pairs: [string, TSchema][] = [
        [`${type}.json`, recordPayloadSchemas[type]],
        [`record-${type}.json`, RecordEnvelopeSchemas[type]],
      ];
      for (const [file, schema] of pairs) {
        const { $schema: _s, $id: _i, title: _t, description: _d, ...body } = exported.get(file)!;
        const { $id: _ti, title: _tt, description: _td, ...typebox } = plain(schema);
        expect(toTypeBoxForm(body), file).toEqual(typebox);
      }
    }
  });

  it('contain no TypeBox internals and no draft-07 tuple keywords', () => {
    for (const [file, doc] of exportJsonSchemas()) {
      expect(someNode(doc, (n) => Array.isArray(n.items) || 'additionalItems' in n), file).toBe(false);
      expect(someNode(doc, (n) => Object.getOwnPropertySymbols(n).length > 0), file).toBe(false);
    }
  });

  it('write a [lon, lat] position as prefixItems with no further items', () => {
    expect(toDraft2020(plain(LonLatSchema))).toMatchObject({
      type: 'array',
      prefixItems: [{ description: 'longitude (WGS84)' }, { description: 'latitude (WGS84)' }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
  });

  it('list every code with its Japanese and English labels in codes.json', () => {
    const defs = exportJsonSchemas().get('codes.json')!.$defs as Record<string, { anyOf: { const: string; 'x-labels': unknown }[] }>;
    expect(Object.keys(defs)).toEqual(Object.keys(codeLists));
    for (const [name, list] of Object.entries(codeLists)) {
      const fromSchema = defs[name]!.anyOf.map((o) => [o.const, o['x-labels']]);
      expect(fromSchema, name).toEqual(Object.entries(list).map(([code, label]) => [code, { ja: label.ja, en: label.en }]));
    }
  });
});

describe('code lists', () => {
  it('give every code a non-empty Japanese and English label', () => {
    for (const [name, list] of Object.entries(codeLists)) {
      for (const [code, label] of Object.entries(list)) {
        expect(label.ja.trim(), `${name}.${code} ja`).not.toBe('');
        expect(label.en.trim(), `${name}.${code} en`).not.toBe('');
      }
    }
  });

  it('never give two codes of one list the same label, so a person can tell them apart', () => {
    for (const [name, list] of Object.entries(codeLists)) {
      for (const lang of ['ja', 'en'] as const) {
        const labels = Object.values(list).map((l) => l[lang]);
        expect(new Set(labels).size, `${name} ${lang}`).toBe(labels.length);
      }
    }
  });
});

describe('examples in docs/examples', () => {
  it('exist for every payload type and are each named after a schema', () => {
    const files = exampleFiles();
    for (const type of recordTypes) expect(files).toContain(`${type}.json`);
    for (const file of files) expect(modelSchemaFor(file.replace(/\.json$/, '')), file).toBeDefined();
  });

  it('are valid by the model’s own validate', () => {
    for (const file of exampleFiles()) {
      const result = validate(modelSchemaFor(file.replace(/\.json$/, ''))!, readExample(file));
      expect(result.ok ? [] : result.problems, file).toEqual([]);
    }
  });

  it('are accepted by a standard 2020-12 validator (Ajv, strict) using the exported schemas', () => {
    const ajv = strictAjv();
    const exported = exportJsonSchemas();
    for (const doc of exported.values()) ajv.addSchema(doc);
    for (const file of exampleFiles()) {
      const check = ajv.getSchema(`${SCHEMA_BASE_URI}${file}`)!;
      expect(check, file).toBeDefined();
      expect(check(readExample(file)) ? [] : check.errors, file).toEqual([]);
    }
  });

  it('are refused by both validators once latitude and longitude are swapped', () => {
    const ajv = strictAjv();
    const check = ajv.compile(exportJsonSchemas().get('shelter.json')!);
    const shelter = readExample('shelter.json') as { location: { coordinates: [number, number] } };
    const [lon, lat] = shelter.location.coordinates;
    const swapped = { ...shelter, location: { type: 'Point', coordinates: [lat, lon] } };
    expect(check(swapped)).toBe(false);
    expect(validate(recordPayloadSchemas.shelter, swapped).ok).toBe(false);
  });
});

describe('a validator that does not know the area-code format', () => {
  const ignoring = new Ajv2020({ strict: true, formats: { 'area-code': true } });
  addFormats(ignoring);
  ignoring.addKeyword('x-labels');
  const check = ignoring.compile(exportJsonSchemas().get('shelter.json')!);
  const shelter = readExample('shelter.json') as object;

  it('still refuses an area code of the wrong shape', () => {
    expect(check({ ...shelter, areaCode: '17202' })).toBe(false);
  });

  it('accepts a wrong check digit that only the model’s validate refuses', () => {
    expect(check({ ...shelter, areaCode: '172021' })).toBe(true);
    expect(validate(recordPayloadSchemas.shelter, { ...shelter, areaCode: '172021' }).ok).toBe(false);
  });
});

// The reference documentation repeats fields, codes and examples in Japanese and English; these tests keep it
// from drifting away from the model.
describe('docs/data-model.md', () => {
  /** Rows of the Markdown table that follows each `<!-- kind: name -->` marker, by name, one entry per occurrence. */
  function tablesAfter(kind: string): Map<string, string[][][]> {
    const lines = dataModelDoc.split('\n');
    const out = new Map<string, string[][][]>();
    lines.forEach((line, i) => {
      const m = new RegExp(`^<!-- ${kind}: ([A-Za-z-]+) -->$`).exec(line);
      if (!m) return;
      const rows: string[][] = [];
      for (let j = i + 3; j < lines.length && lines[j]!.startsWith('|'); j++) {
        rows.push(lines[j]!.split('|').slice(1, -1).map((c) => c.trim()));
      }
      out.set(m[1]!, [...(out.get(m[1]!) ?? []), rows]);
    });
    return out;
  }

  const fieldSchemas: Record<string, TSchema> = {
    record: RecordEnvelopeSchemas.shelter,
    text: TextSchema,
    address: AddressSchema,
    contact: ContactSchema,
    ...recordPayloadSchemas,
  };

  /** Follow `a.b[].c` through `properties` and array `items`; report whether each step exists and is required. */
  function resolveField(schema: JsonSchemaDocument, dotted: string): { found: boolean; required: boolean } {
    let node: JsonSchemaDocument | undefined = schema;
    let required = false;
    for (const segment of dotted.split('.')) {
      const array = segment.endsWith('[]');
      const name = array ? segment.slice(0, -2) : segment;
      const props = node?.properties as Record<string, JsonSchemaDocument> | undefined;
      if (!props || !Object.hasOwn(props, name)) return { found: false, required: false };
      required = ((node!.required as string[] | undefined) ?? []).includes(name);
      node = props[name];
      if (array) node = node?.items as JsonSchemaDocument | undefined;
    }
    return { found: true, required };
  }

  it('has a field table in both languages for every entity, the envelope and the common types', () => {
    const tables = tablesAfter('fields');
    expect([...tables.keys()].sort()).toEqual(Object.keys(fieldSchemas).sort());
    for (const [name, occurrences] of tables) expect(occurrences.length, name).toBe(2);
  });

  it('lists in each field table only fields that exist, with the schema’s required marks, and every top-level field', () => {
    for (const [name, occurrences] of tablesAfter('fields')) {
      const schema = plain(fieldSchemas[name]!);
      for (const rows of occurrences) {
        const documented = rows.map((r) => ({ field: r[0]!.replaceAll('`', ''), required: r[2] === '✓' }));
        for (const { field, required } of documented) {
          expect(resolveField(schema, field), `${name}: ${field}`).toEqual({ found: true, required });
        }
        const topLevel = documented.map((d) => d.field).filter((f) => !f.includes('.'));
        expect(topLevel, name).toEqual(Object.keys(schema.properties as object));
      }
    }
  });

  it('shows every code list, in both languages, exactly as codes.ts defines it', () => {
    const tables = tablesAfter('codes');
    expect([...tables.keys()]).toEqual(Object.keys(codeLists));
    for (const [name, list] of Object.entries(codeLists)) {
      const expected = Object.entries(list).map(([code, l]) => [`\`${code}\``, l.ja, l.en]);
      const occurrences = tables.get(name)!;
      expect(occurrences.length, name).toBe(2);
      for (const rows of occurrences) expect(rows, name).toEqual(expected);
    }
  });

  it('embeds each example of docs/examples in both languages, unchanged', () => {
    const blocks = [...dataModelDoc.matchAll(/<!-- example: ([a-z-]+) -->\n```json\n([\s\S]*?)\n```/g)];
    const byName = new Map<string, unknown[]>();
    for (const [, name, json] of blocks) byName.set(name!, [...(byName.get(name!) ?? []), JSON.parse(json!)]);
    expect([...byName.keys()].sort()).toEqual(exampleFiles().map((f) => f.replace(/\.json$/, '')));
    for (const [name, embedded] of byName) {
      expect(embedded.length, name).toBe(2);
      for (const value of embedded) expect(value, name).toEqual(readExample(`${name}.json`));
    }
  });
});
