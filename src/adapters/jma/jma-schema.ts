// A JMA telegram libxml2 has parsed, judged against JMA's own XML Schemas (jmx.xsd and its imports, data/jma-xsd/)
// before Tsunagu reads a field of it: its root and Body namespaces, its kind by title, then the schema's reasons.
import { XmlElement, type XmlDocument } from 'libxml2-wasm';
import type { XmlProblem } from '../xml/xml-input.ts';
import { validateDocument } from '../xml/xsd.ts';
import { supportedTelegrams } from './telegram-kinds.ts';

/** The directory of JMA's schema files; jmx.xsd imports the others from it by relative schemaLocation. */
export const JMA_SCHEMA_DIR = new URL('../../../data/jma-xsd/', import.meta.url);
export const JMA_SCHEMA = new URL('jmx.xsd', JMA_SCHEMA_DIR);

const REPORT_NS = 'http://xml.kishou.go.jp/jmaxml1/';
// jmx.xsd admits any Body from another namespace and checks it laxly, so a Body in a namespace JMA never used would
// pass unchecked: only the three body schemas JMA publishes are accepted.
const BODY_NAMESPACES = [
  'http://xml.kishou.go.jp/jmaxml1/body/seismology1/',
  'http://xml.kishou.go.jp/jmaxml1/body/meteorology1/',
  'http://xml.kishou.go.jp/jmaxml1/body/volcanology1/',
];

export type JmaSchemaVerdict =
  | { kind: 'not-jma'; root: string }
  | { kind: 'refused'; problems: XmlProblem[] }
  /** A kind Tsunagu does not read, refused by its title without spending a validation on it. */
  | { kind: 'unsupported'; title: string }
  | { kind: 'valid' };

/** Control/Title as the telegram states it, when it has one where JMA puts it. */
function controlTitle(doc: XmlDocument): string | undefined {
  const title = doc.get('/jmx:Report/jmx:Control/jmx:Title', { jmx: REPORT_NS });
  return title === null ? undefined : title.content;
}

/** The verdict on one parsed document; reads nothing outside it (the schemas are served from data/ only). */
export function judgeJmaTelegram(doc: XmlDocument): JmaSchemaVerdict {
  const root = doc.root;
  if (root.name !== 'Report') return { kind: 'not-jma', root: root.name };
  if (root.namespaceUri !== REPORT_NS) {
    return { kind: 'refused', problems: [{ code: 'JMA_NAMESPACE_UNEXPECTED', params: { element: 'Report', namespace: root.namespaceUri || '-', expected: REPORT_NS } }] };
  }
  const title = controlTitle(doc);
  if (title !== undefined && supportedTelegrams[title] === undefined) return { kind: 'unsupported', title };
  const problems = validateDocument(doc, JMA_SCHEMA, JMA_SCHEMA_DIR);
  if (problems.length > 0) return { kind: 'refused', problems };
  const body = doc.get('/jmx:Report/*[3]', { jmx: REPORT_NS });
  if (body instanceof XmlElement && !BODY_NAMESPACES.includes(body.namespaceUri)) {
    return { kind: 'refused', problems: [{ code: 'JMA_NAMESPACE_UNEXPECTED', params: { element: body.name, namespace: body.namespaceUri || '-', expected: BODY_NAMESPACES.join(', ') } }] };
  }
  return { kind: 'valid' };
}
