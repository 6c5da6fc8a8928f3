// Response schemas derived from the model's: records as a policy lets them out (any payload field may be masked, so
// none is required) and documents without their model $id (one schema id may be registered only once).
import { Type, type TSchema } from '@sinclair/typebox';

type Json = Record<string, unknown>;

/** A copy with symbol keys gone; `$id` (and `required`, when asked) dropped where they are keywords, not field names. */
function plain(value: unknown, dropRequired: boolean, namesFields = false): unknown {
  if (Array.isArray(value)) return value.map((v) => plain(v, dropRequired));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (!namesFields && (k === '$id' || (dropRequired && k === 'required'))) continue;
    out[k] = plain(v, dropRequired, !namesFields && (k === 'properties' || k === 'patternProperties'));
  }
  return out;
}

/** A schema as plain JSON Schema, without `$id` anywhere inside. */
export function withoutIds(schema: TSchema): TSchema {
  return Type.Unsafe(plain(schema, false) as Json);
}

/** A record envelope whose `data` may lack any field: masking removes what the decision does not grant. */
export function maskedRecordSchema(envelope: TSchema & { properties: Record<string, TSchema> }): TSchema {
  const body = plain(envelope, false) as Json & { properties: Json };
  body.properties = { ...body.properties, data: plain(envelope.properties.data, true) };
  body.description = 'a record as the usage policy lets it out: fields the decision does not grant are left out';
  return Type.Unsafe(body);
}
