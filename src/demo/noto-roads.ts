// The bundled Noto trunk-road file (data/logistics/noto-trunk-roads.json): its shape, and its road-segment records
// checked against the model's schema and rules before anything is stored. Pure: text in, records or problems out.
import { Type, type Static } from '@sinclair/typebox';
import { parseJsonLocated } from '../adapters/json-syntax.ts';
import { IdSchema, LonLatSchema, RecordEnvelopeSchemas, recordRuleProblems, validate, type RecordDraft, type ValidationProblem } from '../model/index.ts';

export const NOTO_ROADS_FILE = 'noto-trunk-roads.json';

const Bilingual = Type.Object({ ja: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });

/** A publication the statuses rest on; each record's statusSource is one of these citations. */
const RoadSourceSchema = Type.Object(
  { cite: Type.String({ minLength: 1 }), url: Type.Optional(Type.String({ format: 'uri' })) },
  { additionalProperties: false },
);

// A road-segment draft is the envelope without what the store assigns (version, recordedAt).
const RoadSegmentDraftSchema = Type.Omit(RecordEnvelopeSchemas['road-segment'], ['version', 'recordedAt']);

export const NotoRoadsFileSchema = Type.Object(
  {
    about: Type.Object(
      {
        ja: Type.String({ minLength: 1 }),
        en: Type.String({ minLength: 1 }),
        coordinates: Type.String(),
        routes: Type.String(),
        publisher: Type.String(),
        licence: Type.String(),
      },
      { additionalProperties: false },
    ),
    nodes: Type.Array(Type.Object({ id: IdSchema, name: Bilingual, coordinates: LonLatSchema }, { additionalProperties: false }), { minItems: 2 }),
    sources: Type.Record(IdSchema, RoadSourceSchema),
    // Checked one by one below, so a problem names its record.
    records: Type.Array(Type.Unknown(), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type NotoRoadsFile = Omit<Static<typeof NotoRoadsFileSchema>, 'records'> & { records: RecordDraft<'road-segment'>[] };

export type NotoRoadsOutcome = { ok: true; value: NotoRoadsFile } | { ok: false; problems: ValidationProblem[] };

/**
 * Parse the file whole or refuse it whole: JSON syntax, the file's shape, every record against the model (schema and
 * the rules the schema cannot state), every status citing a listed source, every end node a listed node.
 */
export function parseNotoRoads(text: string): NotoRoadsOutcome {
  const json = parseJsonLocated(text);
  if (!json.ok) return { ok: false, problems: [{ path: '', message: `not JSON: line ${json.line}, column ${json.column}` }] };
  const shape = validate(NotoRoadsFileSchema, json.value);
  if (!shape.ok) return { ok: false, problems: shape.problems };
  const file = shape.value;
  const cites = new Set(Object.values(file.sources).map((s) => s.cite));
  const nodes = new Map(file.nodes.map((n) => [n.id, n.coordinates]));
  const problems: ValidationProblem[] = [];
  const records: RecordDraft<'road-segment'>[] = [];
  const ids = new Set<string>();
  file.records.forEach((record, i) => {
    const at = `/records/${i}`;
    const checked = validate(RoadSegmentDraftSchema, record);
    if (!checked.ok) {
      problems.push(...checked.problems.map((p) => ({ path: `${at}${p.path}`, message: p.message })));
      return;
    }
    const draft = checked.value as RecordDraft<'road-segment'>;
    problems.push(...recordRuleProblems(draft).map((p) => ({ path: `${at}${p.path}`, message: p.message })));
    if (ids.has(draft.id)) problems.push({ path: `${at}/id`, message: `Expected each record id once (${draft.id} repeats)` });
    ids.add(draft.id);
    if (!cites.has(draft.data.statusSource)) problems.push({ path: `${at}/data/statusSource`, message: 'Expected a citation listed under /sources' });
    for (const end of ['from', 'to'] as const) {
      const listed = nodes.get(draft.data[end].id);
      const here = draft.data[end].coordinates;
      if (!listed || listed[0] !== here[0] || listed[1] !== here[1]) {
        problems.push({ path: `${at}/data/${end}`, message: `Expected a node listed under /nodes at the same position (${draft.data[end].id})` });
      }
    }
    records.push(draft);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { ...file, records } };
}
