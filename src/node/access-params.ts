// The query parameters every dataset read shares — purpose of use, fields, language — declared once so that
// validation, types and the OpenAPI description come from the same schema, and resolved for the access gate.
import { Type, type Static } from '@sinclair/typebox';
import { codesOf, purposes, PurposeSchema, type Purpose } from '../model/index.ts';
import { isPublicRequester, type RequestedFields, type Requester } from '../policy/index.ts';
import type { Lang } from '../i18n/index.ts';
import { problemOf, type Problem } from './problem.ts';

/**
 * The purpose assumed for an unauthenticated read that states none. Open shelter data is published so residents can
 * find where to evacuate; the audit entry records that the purpose was assumed, not stated.
 */
export const PUBLIC_DEFAULT_PURPOSE: Purpose = 'evacuation-support';

const FIELD_PATH = '[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)*';
// What an audit entry can hold: at most 1000 field paths of 200 characters each.
const MAX_FIELD_PATH = 200;
const MAX_FIELD_PATHS = 1000;

export const DatasetReadParams = {
  purpose: Type.Optional({
    ...PurposeSchema,
    description:
      `Purpose of use (利用目的), from the controlled vocabulary: ${codesOf(purposes).join(', ')}. ` +
      'Every read is decided by the provider\'s usage policies for this purpose and recorded in its audit log. ' +
      `Optional only for unauthenticated reads of open data, where it defaults to ${PUBLIC_DEFAULT_PURPOSE} and the audit ` +
      'entry says the purpose was assumed; an authenticated participant must state it.',
  }),
  fields: Type.Optional(
    Type.String({
      pattern: `^${FIELD_PATH}(?:,${FIELD_PATH})*$`,
      maxLength: 4000,
      description: 'comma-separated field paths to ask for (e.g. name,location,openStatus); default: every field the policy grants',
    }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'language of messages; default from Accept-Language, else Japanese' })),
};

export const DatasetReadQuery = Type.Object(DatasetReadParams, { additionalProperties: false });
export type DatasetReadQueryValue = Static<typeof DatasetReadQuery>;

export interface PurposeOfUse {
  purpose: Purpose;
  /** False when the node assumed the purpose for an unauthenticated read that stated none. */
  stated: boolean;
}

/** The purpose a read is decided for: as stated, assumed for the public, or a problem for a participant that gave none. */
export function purposeOfUse(stated: Purpose | undefined, requester: Requester, lang: Lang): PurposeOfUse | Problem {
  if (stated !== undefined) return { purpose: stated, stated: true };
  if (isPublicRequester(requester)) return { purpose: PUBLIC_DEFAULT_PURPOSE, stated: false };
  return problemOf(400, 'NODE_PURPOSE_REQUIRED', { allowed: codesOf(purposes).join(', ') }, lang);
}

/** The fields asked for: '*' when none are named, else the paths (each short enough for the audit log). */
export function requestedFields(raw: string | undefined, lang: Lang): RequestedFields | Problem {
  if (raw === undefined) return '*';
  const paths = [...new Set(raw.split(','))];
  if (paths.length > MAX_FIELD_PATHS || paths.some((p) => p.length > MAX_FIELD_PATH)) {
    return problemOf(400, 'NODE_FIELDS_LIMIT', { maxCount: MAX_FIELD_PATHS, maxLength: MAX_FIELD_PATH }, lang);
  }
  return paths;
}
