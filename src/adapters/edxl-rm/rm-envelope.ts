// An EDXL-RM file as it travels: one message alone, or one or more messages inside an EDXL-DE 1.0 distribution
// envelope (contentObject/xmlContent/embeddedXMLContent). The envelope is screened and schema-checked like a CAP
// envelope; each embedded message is then read as its own document. All of a file's messages, or none.
import { readXml, rootElementName, type XmlProblem } from '../xml/xml-input.ts';
import { validateWithSchema } from '../xml/xsd.ts';
import { allRmMessageTypes, type RmMessage } from './message.ts';
import { readRmMessage, rmMessageOfDocument } from './rm-in.ts';
import { EDXL_DE_SCHEMA } from './vocabulary.ts';

export type RmDocumentResult = { ok: true; messages: RmMessage[] } | { ok: false; problems: XmlProblem[] };

const EMBEDDED = new RegExp(`<([A-Za-z_][\\w.-]*:)?(${allRmMessageTypes.join('|')})[\\s>][\\s\\S]*?</\\1?\\2>`, 'g');

const XMLNS = /\sxmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*("[^"]*"|'[^']*')/g;

/** The namespace declarations of a start tag, by prefix ('' for the default namespace). */
function namespaceDeclarations(startTag: string): Map<string, string> {
  return new Map([...startTag.matchAll(XMLNS)].map((m) => [m[1] ?? '', m[0].trim()]));
}

/** An embedded message's text with the envelope root's prefixed declarations it lacks added to its start tag. */
function withRootNamespaces(message: string, root: ReadonlyMap<string, string>): string {
  const start = /^<[^>]*?(\/?)>/.exec(message)![0];
  const own = namespaceDeclarations(start);
  // Only prefixes: an unprefixed message without its own xmlns is not in EDXL-RM's namespace (inside the envelope it
  // would be in EDXL-DE's); left without one, the schema check names it as the wrong root either way.
  const added = [...root].filter(([prefix]) => prefix !== '' && !own.has(prefix)).map(([, decl]) => ` ${decl}`).join('');
  const close = start.endsWith('/>') ? '/>' : '>';
  return `${start.slice(0, start.length - close.length)}${added}${close}${message.slice(start.length)}`;
}

/** A problem of an embedded message, its line counted in the envelope file, and which message of the envelope it is. */
function located(p: XmlProblem, index: number, firstLine: number): XmlProblem {
  const line = typeof p.params.line === 'number' ? { line: p.params.line + firstLine - 1 } : {};
  return { ...p, params: { ...p.params, ...line, ...(typeof p.params.field === 'string' ? { field: `#${index + 1} ${p.params.field}` } : {}) } };
}

/** Screen, schema-check and convert an untrusted file holding EDXL-RM 1.0 messages, alone or in EDXL-DE. Never throws. */
export function readRmDocument(bytes: Uint8Array): RmDocumentResult {
  const read = readXml(bytes);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  if (rootElementName(read.root) !== 'EDXLDistribution') {
    const single = rmMessageOfDocument(read);
    return single.ok ? { ok: true, messages: [single.message] } : single;
  }
  const envelope = validateWithSchema(read.text, EDXL_DE_SCHEMA);
  if (envelope.length > 0) return { ok: false, problems: envelope };
  const embedded = [...read.text.matchAll(EMBEDDED)];
  const rootDeclarations = namespaceDeclarations(/<[A-Za-z_][\w.:-]*EDXLDistribution[^>]*>/.exec(read.text)?.[0] ?? '');
  if (embedded.length === 0) return { ok: false, problems: [{ code: 'EDXL_RM_ENVELOPE_EMPTY', params: {} }] };
  const messages: RmMessage[] = [];
  const problems: XmlProblem[] = [];
  embedded.forEach((m, i) => {
    const firstLine = read.text.slice(0, m.index).split('\n').length;
    // Already decoded and screened as part of the envelope; read again as UTF-8 on its own, with the namespaces the
    // envelope's root declares (where senders usually put them) unless the message declares the same prefix itself.
    const one = readRmMessage(new TextEncoder().encode(withRootNamespaces(m[0], rootDeclarations)));
    if (one.ok) messages.push(one.message);
    else problems.push(...one.problems.map((p) => located(p, i, firstLine)));
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, messages };
}
