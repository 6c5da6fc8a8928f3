// Needs as the documents others read them in — HXL-tagged CSV, JSON, an EDXL-RM 1.0 RequestResource — written by one
// function for the node's HTTP API and for `tsunagu logistics needs`, so both give the same values.
import type { Demand } from '../../model/index.ts';
import type { RmHeader, RmWriteResult, XmlProblem } from '../../node/application/index.ts';
import type { RmMessage } from '../../node/application/index.ts';
import { needsAsHxl } from './hxl-needs.ts';

export type NeedsFormat = 'hxl' | 'json' | 'edxl-rm';
export const needsFormats: readonly NeedsFormat[] = ['hxl', 'json', 'edxl-rm'];

/** The media type each format is served as. */
export const needsMediaTypes: Readonly<Record<NeedsFormat, string>> = {
  hxl: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  'edxl-rm': 'application/xml; charset=utf-8',
};

export interface NeedsDocumentOptions {
  lang: 'ja' | 'en';
  /** The RequestResource's header (EDXL-RM only): its MessageID, time and who asks. */
  header: Omit<RmHeader, 'precedingMessageId'>;
  /** The EDXL-RM writer: the adapter's own on the command line, the one the node lends in an application. */
  write: (message: RmMessage) => RmWriteResult;
}

export type NeedsDocument = { ok: true; text: string } | { ok: false; problems: XmlProblem[] };

/** A RequestResource's header for needs this node (or a person on the command line) asks for. */
export function needsRequestHeader(messageId: string, sentAt: string, contact: string | undefined): Omit<RmHeader, 'precedingMessageId'> {
  return { messageId, sentAt, originatingMessageId: messageId, contact: { role: 'Requester', ...(contact ? { description: contact } : {}) } };
}

/** Needs (each with the id its RequestResource line carries as ResourceInfoElementID) in one of the formats. */
export function needsDocument(needs: readonly { id: string; demand: Demand }[], format: NeedsFormat, options: NeedsDocumentOptions): NeedsDocument {
  const demands = needs.map((n) => n.demand);
  if (format === 'hxl') return { ok: true, text: needsAsHxl(demands, options.lang) };
  if (format === 'json') return { ok: true, text: `${JSON.stringify(demands, null, 2)}\n` };
  if (needs.length === 0) return { ok: false, problems: [{ code: 'LOGISTICS_CLI_NEEDS_NONE', params: {} }] };
  const written = options.write({ type: 'RequestResource', header: options.header, lines: needs.map(({ id, demand }) => ({ elementId: id, demand })) });
  return written.ok ? { ok: true, text: written.xml } : written;
}
