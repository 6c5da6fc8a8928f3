// `tsunagu import cap`: CAP 1.2 (and 1.1) alerts, alone or in EDXL-DE 1.0 envelopes, each checked against the
// OASIS schema, its signature verified, and its Update or Cancel applied to the alerts it names.
import type { Alert } from '../../model/index.ts';
import { alertDraft, alertItem, replacementItem } from '../alert-items.ts';
import type { FileNotice, ImportContext, ImportItem, Importer, ParsedFile, RowProblem } from '../types.ts';
import type { XmlDocument } from 'libxml2-wasm';
import { readXmlWith, rootElementName, type XmlNode, type XmlProblem } from '../xml/xml-input.ts';
import { validateDocument, validateWithSchema } from '../xml/xsd.ts';
import { capAlertRecordId, capAlertToPayload } from './cap-alert.ts';
import { verifyEnvelopedSignature } from './cap-signature.ts';

const SCHEMAS: Readonly<Record<string, URL>> = {
  'urn:oasis:names:tc:emergency:cap:1.2': new URL('../../../data/cap/cap12.xsd', import.meta.url),
  'urn:oasis:names:tc:emergency:cap:1.1': new URL('../../../data/cap/cap11.xsd', import.meta.url),
};
const EDXL_DE_SCHEMA = new URL('../../../data/cap/edxlde-1_0.xsd', import.meta.url);


/** The namespace the root element is in (its prefix's or the default declaration). */
function rootNamespace(text: string): string | undefined {
  const m = /<(?:([A-Za-z_][\w.-]*):)?(alert|EDXLDistribution)[\s>]([^>]*)/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  if (!m) return undefined;
  const prefix = m[1];
  const attrs = m[0];
  const decl = prefix ? new RegExp(`xmlns:${prefix}\\s*=\\s*["']([^"']+)["']`) : /xmlns\s*=\s*["']([^"']+)["']/;
  return decl.exec(attrs)?.[1]?.trim();
}

export type CapMessage = { ok: true; alert: Alert } | { ok: false; problems: XmlProblem[] };

/**
 * The schema's verdict on a CAP <alert> document libxml2 has parsed, or the version it does not know. The parse that
 * screened the document serves the validation too; only a CAP 1.1 alert with a signature is parsed again, without it.
 */
function capSchemaProblems(doc: XmlDocument, text: string): XmlProblem[] {
  const namespace = rootNamespace(text) ?? '';
  const schema = SCHEMAS[namespace];
  if (!schema) return [{ code: 'CAP_VERSION_UNSUPPORTED', params: { namespace: namespace || '-' } }];
  if (namespace.endsWith(':1.1')) {
    // CAP 1.1 (§3.3.2.1) allows an enveloped XML Signature that its published schema forgot; it is checked separately.
    const unsigned = text.replace(/<(\w+:)?Signature\s+xmlns(:\w+)?="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"[\s\S]*?<\/\1?Signature>/g, '');
    if (unsigned !== text) return validateWithSchema(unsigned, schema);
  }
  return validateDocument(doc, schema);
}

/** What the schema says of a parsed document: CAP alerts and EDXL-DE envelopes are validated, anything else is not CAP. */
function schemaProblemsOf(doc: XmlDocument, text: string): XmlProblem[] {
  const root = doc.root.name;
  if (root === 'alert') return capSchemaProblems(doc, text);
  if (root === 'EDXLDistribution') return validateDocument(doc, EDXL_DE_SCHEMA);
  return [];
}

/** One standalone CAP document, screened, parsed and schema-checked by readXmlWith, into an alert payload or its problems. */
function capMessageOf(text: string, root: XmlNode, schemaProblems: XmlProblem[]): CapMessage {
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems };
  const converted = capAlertToPayload(root.alert as XmlNode, verifyEnvelopedSignature(text));
  return converted.ok ? converted : { ok: false, problems: converted.problems };
}

/** The CAP alerts inside an EDXL-DE envelope, each as its own document text, with the line it starts on. */
function embeddedAlerts(text: string): { text: string; firstLine: number }[] {
  return [...text.matchAll(/<([A-Za-z_][\w.-]*:)?alert[\s>][\s\S]*?<\/\1?alert>/g)].map((m) => ({
    text: m[0],
    firstLine: text.slice(0, m.index).split('\n').length,
  }));
}

/** A problem found in an embedded alert, its line counted in the envelope file rather than in the alert. */
function inEnvelope(p: XmlProblem, firstLine: number): XmlProblem {
  return typeof p.params.line === 'number' ? { ...p, params: { ...p.params, line: p.params.line + firstLine - 1 } } : p;
}

function itemsFor(alert: Alert, file: string, row: number, ctx: ImportContext): ImportItem[] {
  const draft = alertDraft(capAlertRecordId(alert.status, alert.sender, alert.identifier), alert, file, 'cap', ctx);
  const items = [alertItem(draft, row)];
  if (alert.messageType !== 'alert') {
    // References name messages of the same sender stream; an exercise update can only touch exercise alerts.
    for (const ref of alert.references) items.push(replacementItem(capAlertRecordId(alert.status, ref.sender, ref.identifier), draft, row));
  }
  return items;
}

function signatureNotice(file: string, alert: Alert): FileNotice {
  const s = alert.signature;
  const detail = s.state === 'valid' ? ` (${s.signer})` : s.state === 'invalid' ? ` (${s.reason})` : '';
  return { file, code: 'ALERT_SIGNATURE_NOTICE', params: { state: s.state, detail } };
}

export function parseCapFile(file: string, bytes: Uint8Array, ctx: ImportContext): ParsedFile {
  const fail = (problems: XmlProblem[], total = 1): ParsedFile => ({
    file, items: [], total, notices: [],
    rejected: problems.map((p): RowProblem => ({ file, code: p.code, params: p.params })),
  });
  const read = readXmlWith(bytes, schemaProblemsOf);
  if (!read.ok) return fail([read.problem]);
  const root = rootElementName(read.root);
  if (root === 'alert') {
    const message = capMessageOf(read.text, read.root, read.inspected);
    if (!message.ok) return fail(message.problems);
    return { file, items: itemsFor(message.alert, file, 1, ctx), rejected: [], notices: [signatureNotice(file, message.alert)], total: 1 };
  }
  if (root !== 'EDXLDistribution') return fail([{ code: 'CAP_NOT_CAP', params: { root } }]);
  const envelope = read.inspected;
  const texts = embeddedAlerts(read.text);
  const total = Math.max(texts.length, 1);
  if (envelope.length > 0) return fail(envelope, total);
  if (texts.length === 0) return fail([{ code: 'CAP_EDXL_NO_ALERT', params: {} }]);
  const items: ImportItem[] = [];
  const rejected: RowProblem[] = [];
  const notices: FileNotice[] = [];
  texts.forEach(({ text, firstLine }, i) => {
    const inner = readXmlWith(new TextEncoder().encode(text), schemaProblemsOf);
    const message = inner.ok ? capMessageOf(inner.text, inner.root, inner.inspected) : { ok: false as const, problems: [inner.problem] };
    if (message.ok) {
      items.push(...itemsFor(message.alert, file, i + 1, ctx));
      notices.push(signatureNotice(file, message.alert));
    } else {
      for (const p of message.problems.map((q) => inEnvelope(q, firstLine))) rejected.push({ file, row: i + 1, code: p.code, params: p.params });
    }
  });
  return { file, items, rejected, notices, total };
}

export const capImporter: Importer = {
  kind: 'cap',
  describe: { ja: 'CAP 1.2 警報（EDXL-DE 封筒にも対応）', en: 'CAP 1.2 alerts (also inside EDXL-DE envelopes)' },
  parse: parseCapFile,
};
