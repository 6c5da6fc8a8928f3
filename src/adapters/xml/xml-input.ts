// Untrusted XML in: decode by the declared character set, refuse what can reach outside the document (DTDs,
// entities, XInclude) or blow up (oversized documents) before any parser sees it, then parse with libxml2 (no DTD,
// no network, no external entities) and, once libxml2 accepts it, read it into a plain tree.
import { ParseOption, XmlDocument, XmlLibError } from 'libxml2-wasm';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { plainTreeOfText } from './xml-tree.ts';

/** Largest document accepted. JMA's largest telegrams (VPWW54 for a whole region) are about 0.6 MB. */
export const MAX_XML_BYTES = 4 * 1024 * 1024;

export interface XmlProblem {
  code: MessageCode;
  params: MessageParams;
}

export type XmlElementValue = string | XmlNode | XmlElementValue[];
/** A parsed element: child elements by local name, attributes as `@name`, text as `#text`. */
export interface XmlNode {
  [name: string]: XmlElementValue | undefined;
}

export type XmlReadResult<T = undefined> =
  | { ok: true; text: string; root: XmlNode; encoding: string; inspected: T }
  | { ok: false; problem: XmlProblem };

// The encodings the XML declaration may name that we decode; anything else is refused, never guessed.
const ENCODING_LABELS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'us-ascii': 'utf-8', ascii: 'utf-8',
  'iso-8859-1': 'iso-8859-1', 'latin1': 'iso-8859-1', 'iso_8859-1': 'iso-8859-1', 'windows-1252': 'windows-1252',
  'shift_jis': 'shift_jis', 'sjis': 'shift_jis', 'windows-31j': 'shift_jis', 'euc-jp': 'euc-jp',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
};

const DECLARATION = /^<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** The character set of a document: its byte-order mark, else its XML declaration, else UTF-8 (XML's default). */
function declaredEncoding(bytes: Uint8Array): { label: string; skip: number } | { unknown: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: 'utf-16be', skip: 2 };
  // The declaration is ASCII in every encoding we accept except UTF-16, which carries a byte-order mark.
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const m = DECLARATION.exec(head);
  if (!m) return { label: 'utf-8', skip: 0 };
  const label = ENCODING_LABELS[m[1]!.toLowerCase()];
  return label ? { label, skip: 0 } : { unknown: m[1]! };
}

/** The first construct that could make a parser read a file, open a connection or expand without bound. */
function hostileConstruct(text: string): XmlProblem | undefined {
  if (/<!DOCTYPE/i.test(text)) return { code: 'XML_DTD_REFUSED', params: {} };
  if (/<!ENTITY/i.test(text)) return { code: 'XML_ENTITY_REFUSED', params: {} };
  if (/www\.w3\.org\/200[13]\/XInclude/.test(text)) return { code: 'XML_XINCLUDE_REFUSED', params: {} };
  return undefined;
}

// NONET (no network) and NO_XXE (no external entities) although the screening above already refused any DOCTYPE: a
// second lock on the same door. Without NOENT, libxml2 substitutes only the predefined entities and character references.
const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/**
 * Decode, screen and parse one untrusted XML document; `inspect` sees libxml2's document while it is open (so a schema
 * validation reuses this parse instead of parsing again). The plain tree is read from the text once libxml2 has
 * accepted it. Never throws, unless `inspect` does.
 */
export function readXmlWith<T>(bytes: Uint8Array, inspect: (doc: XmlDocument, text: string) => T, options: { skipNamespaces?: ReadonlySet<string> } = {}): XmlReadResult<T> {
  if (bytes.length > MAX_XML_BYTES) return { ok: false, problem: { code: 'XML_TOO_LARGE', params: { bytes: bytes.length, limit: MAX_XML_BYTES } } };
  const enc = declaredEncoding(bytes);
  if ('unknown' in enc) return { ok: false, problem: { code: 'XML_ENCODING_UNSUPPORTED', params: { encoding: enc.unknown } } };
  let text: string;
  try {
    text = new TextDecoder(enc.label, { fatal: true }).decode(bytes.subarray(enc.skip));
  } catch {
    return { ok: false, problem: { code: 'XML_ENCODING_INVALID', params: { encoding: enc.label } } };
  }
  const hostile = hostileConstruct(text);
  if (hostile) return { ok: false, problem: hostile };
  let doc: XmlDocument;
  try {
    // libxml2 is given UTF-8 and told so, never left to decode by the declaration: the bytes as they came when they are
    // UTF-8 (copied straight into its memory, where a string would be encoded character by character), else the text.
    const utf8 = enc.label === 'utf-8' ? bytes.subarray(enc.skip) : new TextEncoder().encode(text);
    doc = XmlDocument.fromBuffer(utf8, { option: SAFE_PARSE, encoding: 'utf-8' });
  } catch (e) {
    const first = e instanceof XmlLibError ? e.details[0] : undefined;
    const detail = (first?.message ?? (e as Error).message).trim();
    return { ok: false, problem: { code: 'XML_MALFORMED', params: { line: first?.line ?? '-', column: first?.col ?? '-', detail } } };
  }
  let inspected: T;
  try {
    inspected = inspect(doc, text);
  } finally {
    doc.dispose();
  }
  let root: XmlNode;
  try {
    root = plainTreeOfText(text, options.skipNamespaces);
  } catch (e) {
    // libxml2 accepted what the tree reader cannot read: refused as malformed rather than read differently.
    return { ok: false, problem: { code: 'XML_MALFORMED', params: { line: '-', column: '-', detail: (e as Error).message } } };
  }
  return { ok: true, text, root, encoding: enc.label, inspected };
}

/** Decode, screen and parse one untrusted XML document. Never throws. */
export function readXml(bytes: Uint8Array): XmlReadResult {
  return readXmlWith(bytes, () => undefined);
}

/** Child elements of a node by local name, always as a list. */
export function children(node: XmlElementValue | undefined, name: string): XmlElementValue[] {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The first child element of a node by local name, when it is an element. */
export function child(node: XmlElementValue | undefined, name: string): XmlNode | undefined {
  const c = children(node, name)[0];
  return c !== undefined && typeof c === 'object' && !Array.isArray(c) ? c : undefined;
}

/** Text of an element (or of its `#text` when it also has attributes); undefined when empty or absent. */
export function textOf(node: XmlElementValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node === '' ? undefined : node;
  if (Array.isArray(node)) return textOf(node[0]);
  const t = node['#text'];
  return typeof t === 'string' && t !== '' ? t : undefined;
}

/** Text of the first child element by local name. */
export function childText(node: XmlElementValue | undefined, name: string): string | undefined {
  return textOf(children(node, name)[0]);
}

/** An attribute of an element. */
export function attr(node: XmlElementValue | undefined, name: string): string | undefined {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** An xs:dateTime with an explicit offset (Z or ±hh:mm) in UTC ISO 8601; undefined without an offset or unreadable. */
export function utcDateTime(value: string | undefined): string | undefined {
  if (value === undefined || !/(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The name of a parsed document's root element. */
export function rootElementName(root: XmlNode): string {
  return Object.keys(root).find((k) => !k.startsWith('?') && !k.startsWith('#') && !k.startsWith('@')) ?? '-';
}
