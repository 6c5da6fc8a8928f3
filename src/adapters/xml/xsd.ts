// XML Schema validation with libxml2 (WebAssembly), and libxml2's reasons turned into stable codes and words.
// Only documents that passed readXml's screening reach here, and libxml2 is asked for no DTD, entity or network work.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ParseOption, XmlBufferInputProvider, XmlDocument, XmlElement, XmlLibError, XsdValidator, xmlRegisterInputProvider, type ErrorDetail } from 'libxml2-wasm';
import type { XmlProblem } from './xml-input.ts';
import { runSchema } from './xsd-run.ts';

// NONET (no network), NO_XXE (no external entities): belt and braces, as readXml already refused any DOCTYPE.
const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

const validators = new Map<string, XsdValidator>();

/** Whether a schema has been parsed in this process (schemas are parsed on first use, never at start-up). */
export function isSchemaLoaded(schemaUrl: URL): boolean {
  return validators.has(schemaUrl.href);
}

// The schema files libxml2 may read, by file: URL. libxml2-wasm reads no file unless a provider serves it; this one
// serves only .xsd files shipped under data/ that a caller named, so no document can make libxml2 read anything else.
const schemaFiles = new XmlBufferInputProvider({});
let schemaFilesServed = false;
const servedDirectories = new Set<string>();

/** Serve every .xsd file under `directory` (recursively) to libxml2, so a schema's imports resolve offline. */
function serveSchemaFiles(directory: URL): void {
  if (servedDirectories.has(directory.href)) return;
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.xsd')) continue;
    const file = pathToFileURL(path.join(entry.parentPath, entry.name));
    schemaFiles.addBuffer(file.href, new Uint8Array(readFileSync(file)));
  }
  if (!schemaFilesServed) schemaFilesServed = xmlRegisterInputProvider(schemaFiles);
  servedDirectories.add(directory.href);
}

/**
 * A validator for a schema file shipped under data/ (parsed once per process). A schema made of several files (one
 * importing others by relative schemaLocation) names the directory holding them all as `importsFrom`.
 */
export function schemaValidator(schemaUrl: URL, importsFrom?: URL): XsdValidator {
  const key = schemaUrl.href;
  let v = validators.get(key);
  if (!v) {
    if (importsFrom) serveSchemaFiles(importsFrom);
    const doc = XmlDocument.fromString(readFileSync(schemaUrl, 'utf8'), { option: SAFE_PARSE, ...(importsFrom ? { url: schemaUrl.href } : {}) });
    v = XsdValidator.fromDoc(doc);
    validators.set(key, v);
  }
  return v;
}

const local = (qname: string) => qname.replace(/\{[^}]*\}/g, '');

/**
 * One libxml2 schema message as a problem with its own code, so it reads as words in Japanese and English; `path` is
 * the element it concerns, by name from the root (/Report/Head/Serial), or "-" where libxml2 names none.
 */
export function schemaProblem(message: string, line: number | string, path = '-'): XmlProblem {
  const m = message.trim();
  let r = /^Element '([^']+)': This element is not expected\. Expected is (?:one of )?\( ?(.*?) ?\)\.?$/.exec(m);
  if (r) return { code: 'XSD_UNEXPECTED_ELEMENT', params: { element: local(r[1]!), expected: local(r[2]!), line, path } };
  r = /^Element '([^']+)': This element is not expected\.?$/.exec(m);
  if (r) return { code: 'XSD_UNEXPECTED_ELEMENT', params: { element: local(r[1]!), expected: '-', line, path } };
  r = /^Element '([^']+)': Missing child element\(s\)\. Expected is (?:one of )?\( ?(.*?) ?\)\.?$/.exec(m);
  if (r) return { code: 'XSD_MISSING_ELEMENT', params: { element: local(r[1]!), expected: local(r[2]!), line, path } };
  r = /^Element '([^']+)': \[facet 'enumeration'\] The value '([^']*)' is not an element of the set \{(.*)\}\.?$/.exec(m);
  if (r) return { code: 'XSD_VALUE_NOT_ALLOWED', params: { element: local(r[1]!), value: r[2]!, allowed: r[3]!.replace(/'/g, ''), line, path } };
  r = /^Element '([^']+)': '([^']*)' is not a valid value of the (?:atomic|local atomic|union|local union|list|local list) type '([^']+)'\.?$/.exec(m);
  if (r) return { code: 'XSD_INVALID_VALUE', params: { element: local(r[1]!), value: r[2]!, type: local(r[3]!), line, path } };
  r = /^Element '([^']+)': The attribute '([^']+)' is required but missing\.?$/.exec(m);
  if (r) return { code: 'XSD_ATTRIBUTE_MISSING', params: { element: local(r[1]!), attribute: r[2]!, line, path } };
  r = /^Element '([^']+)', attribute '([^']+)': The attribute '[^']+' is not allowed\.?$/.exec(m);
  if (r) return { code: 'XSD_ATTRIBUTE_NOT_ALLOWED', params: { element: local(r[1]!), attribute: local(r[2]!), line, path } };
  r = /^Element '([^']+)': No matching global declaration available for the validation root\.?$/.exec(m);
  if (r) return { code: 'XSD_WRONG_ROOT', params: { element: local(r[1]!), line, path } };
  return { code: 'XSD_OTHER', params: { detail: m, line, path } };
}

/** An element's path by local name from the root, with its position where siblings share its name: /Report/Body/Pref[2]. */
function elementPath(element: XmlElement): string {
  const steps: string[] = [];
  // The root's parent is the document, not an element (libxml2-wasm gives no XmlElement for it).
  for (let e: unknown = element; e instanceof XmlElement; e = e.parent) {
    let before = 0;
    let after = 0;
    // != null: libxml2-wasm gives undefined for a sibling of a kind it has no class for; counting stops there.
    for (let s = e.prev; s != null; s = s.prev) if (s instanceof XmlElement && s.name === e.name) before += 1;
    for (let s = e.next; s != null && before === 0 && after === 0; s = s.next) if (s instanceof XmlElement && s.name === e.name) after += 1;
    steps.unshift(before + after > 0 ? `${e.name}[${before + 1}]` : e.name);
  }
  return `/${steps.join('/')}`;
}

/**
 * The element libxml2's node path names (/*\/*[3]/cap:info[2]: "*" for an element in a default namespace, counted
 * among all its element siblings; prefix:name counted among its namesakes), found by walking the document rather
 * than by evaluating the path, whose prefixes may be declared anywhere in the document.
 */
function elementAt(doc: XmlDocument, xpath: string): XmlElement | undefined {
  let node: XmlElement | undefined;
  for (const step of xpath.split('/').filter((s) => s !== '')) {
    // A reason about an attribute or a text node is shown at the element that holds it.
    if (step.startsWith('@') || step.startsWith('text()')) break;
    const m = /^(?:([^:[\]]+):)?([^:[\]]+)(?:\[(\d+)\])?$/.exec(step);
    if (!m) return undefined;
    const [, prefix, name, index] = m;
    let wanted = Number(index ?? 1);
    let found: XmlElement | undefined;
    // Stops at the element named: a reason about an early sibling never walks the thousands after it.
    for (let c = node ? node.firstChild : doc.root; c != null && !found; c = node ? c.next : null) {
      if (c instanceof XmlElement && (name === '*' || (c.name === name && (c.prefix || undefined) === prefix)) && --wanted === 0) found = c;
    }
    node = found;
    if (!node) return undefined;
  }
  return node;
}

/** The readable path of the element a libxml2 reason concerns, or "-". */
function readablePath(doc: XmlDocument, detail: ErrorDetail): string {
  const element = detail.xpath ? elementAt(doc, detail.xpath) : undefined;
  return element ? elementPath(element) : '-';
}

/** At most this many of libxml2's reasons are given one by one; a document wrong everywhere gets a count of the rest. */
export const MAX_SCHEMA_PROBLEMS = 20;

function problemsOf(details: ErrorDetail[], doc: XmlDocument | undefined, total = details.length): XmlProblem[] {
  const shown = details.slice(0, MAX_SCHEMA_PROBLEMS).map((d) => schemaProblem(d.message, d.line, doc ? readablePath(doc, d) : '-'));
  if (total > shown.length) shown.push({ code: 'XSD_MORE_PROBLEMS', params: { count: total - shown.length } });
  return shown;
}

/**
 * Validate a document libxml2 has parsed (from screened text) against a schema: libxml2's reasons in document order,
 * the first MAX_SCHEMA_PROBLEMS in words with their line and element path, then how many more there are.
 */
export function validateDocument(doc: XmlDocument, schemaUrl: URL, importsFrom?: URL): XmlProblem[] {
  let validator: XsdValidator;
  try {
    validator = schemaValidator(schemaUrl, importsFrom);
  } catch (e) {
    if (e instanceof XmlLibError && e.details.length > 0) return problemsOf(e.details, undefined);
    return [{ code: 'XSD_OTHER', params: { detail: (e as Error).message, line: '-', path: '-' } }];
  }
  const run = runSchema(validator, doc, MAX_SCHEMA_PROBLEMS);
  if (run.outcome === 'valid') return [];
  if (run.details.length > 0) return problemsOf(run.details, doc, run.total);
  return [{ code: 'XSD_OTHER', params: { detail: 'libxml2 could not validate the document', line: '-', path: '-' } }];
}

/** Validate a screened document's text against a schema; every reason libxml2 gives, in order. */
export function validateWithSchema(text: string, schemaUrl: URL, importsFrom?: URL): XmlProblem[] {
  let doc: XmlDocument | undefined;
  try {
    // The text is already decoded; telling libxml2 it is UTF-8 keeps it from re-decoding by the declaration.
    doc = XmlDocument.fromString(text, { option: SAFE_PARSE, encoding: 'utf-8' });
  } catch (e) {
    if (e instanceof XmlLibError && e.details.length > 0) return problemsOf(e.details, undefined);
    return [{ code: 'XSD_OTHER', params: { detail: (e as Error).message, line: '-', path: '-' } }];
  }
  try {
    return validateDocument(doc, schemaUrl, importsFrom);
  } finally {
    doc.dispose();
  }
}
