// EDXL-RM 1.0 in: an untrusted document is screened (no DTD, entity or XInclude; size and character set checked) by
// readXml, checked against the OASIS schema of its message type, then turned into a message value whose demand lines
// and shipment lines are checked against Tsunagu's model. Every problem names the element or field it concerns.
import {
  allergens,
  demandPriorities,
  stockCategories,
  stockUnits,
  type Allergen,
  type Demand,
  type DemandPriority,
  type PlaceRef,
  type Point,
  type ShipmentLine,
  type StockCategory,
  type StockUnit,
} from '../../model/index.ts';
import { child, children, childText, readXml, rootElementName, textOf, type XmlElementValue, type XmlNode, type XmlProblem } from '../xml/xml-input.ts';
import { validateWithSchema } from '../xml/xsd.ts';
import { allRmMessageTypes, rmMessageTypes, type RmAnswer, type RmCommitLine, type RmHeader, type RmMessage, type RmMessageType, type RmStatusLine } from './message.ts';
import { rmMessageProblems } from './rm-rules.ts';
import { RM_SCHEMA_DIR, rmSchemas, valueLists } from './vocabulary.ts';

export type RmReadResult = { ok: true; message: RmMessage } | { ok: false; problems: XmlProblem[] };

/** Collects a line's problems with the element path they concern, e.g. `ResourceInformation[2]/AssignmentInformation`. */
class Problems {
  readonly list: XmlProblem[] = [];
  missing(field: string): undefined {
    this.list.push({ code: 'EDXL_RM_FIELD_MISSING', params: { field } });
    return undefined;
  }
  notUnderstood(field: string, value: string, expected: string): undefined {
    this.list.push({ code: 'EDXL_RM_VALUE_NOT_UNDERSTOOD', params: { field, value, expected } });
    return undefined;
  }
  /** A value from another managed list (e.g. NIMS resource typing): what the sender must send instead. */
  foreignList(field: string, list: string, expected: string, value: string, codes: string): undefined {
    this.list.push({ code: 'EDXL_RM_VALUE_LIST_FOREIGN', params: { field, list: list || '-', value: value || '-', expected, codes } });
    return undefined;
  }
}

const isRmType = (name: string): name is RmMessageType => (rmMessageTypes as readonly string[]).includes(name);
const codesOf = (list: object) => Object.keys(list).join(', ');

/** An xs:dateTime with an explicit offset, kept as written; one without an offset is a local time of unknown zone. */
function dateTime(p: Problems, field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    p.list.push({ code: 'EDXL_RM_TIME_WITHOUT_OFFSET', params: { field, value } });
    return undefined;
  }
  return value;
}

/** A date-time the message must give: missing when absent, refused when it has no offset. */
function required(p: Problems, field: string, value: string | undefined): string | undefined {
  return value === undefined ? p.missing(field) : dateTime(p, field, value);
}

/** Values of the Keyword elements of a Resource, by value list. */
function keywords(resource: XmlNode | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of children(resource, 'Keyword')) {
    const list = childText(k, 'ValueListURN');
    if (list === undefined) continue;
    const values = children(k, 'Value').map(textOf).filter((v): v is string => v !== undefined);
    out.set(list, [...(out.get(list) ?? []), ...values]);
  }
  return out;
}

/** One value from a value list element (TypeStructure, UnitOfMeasure, DeploymentStatus) that must use Tsunagu's list. */
function listValue<C extends string>(p: Problems, field: string, node: XmlNode | undefined, listUrn: string, codes: Readonly<Record<C, unknown>>): C | undefined {
  if (node === undefined) return p.missing(field);
  const list = childText(node, 'ValueListURN') ?? '';
  const value = childText(node, 'Value') ?? '';
  if (list !== listUrn) return p.foreignList(`${field}/ValueListURN`, list, listUrn, value, codesOf(codes));
  return Object.hasOwn(codes, value) ? (value as C) : p.notUnderstood(`${field}/Value`, value, codesOf(codes));
}

function keywordCode<C extends string>(p: Problems, field: string, kw: Map<string, string[]>, listUrn: string, codes: Readonly<Record<C, unknown>>): C | undefined {
  const value = kw.get(listUrn)?.[0];
  if (value === undefined) return undefined;
  return Object.hasOwn(codes, value) ? (value as C) : p.notUnderstood(`${field}/Keyword[${listUrn}]`, value, codesOf(codes));
}

function placeRef(p: Problems, field: string, value: string | undefined): PlaceRef | undefined {
  if (value === undefined) return undefined;
  const m = /^(shelter|facility):(.+)$/.exec(value);
  return m ? { type: m[1] as PlaceRef['type'], id: m[2]! } : p.notUnderstood(field, value, 'shelter:<id> | facility:<id>');
}

function numberIn(p: Problems, field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : p.notUnderstood(field, value, 'a number');
}

/** Amount and unit of AssignmentInformation/Quantity: only a MeasuredQuantity in one of Tsunagu's units is a quantity. */
function measured(p: Problems, at: string, info: XmlNode | undefined): { quantity: number; unit: StockUnit } | undefined {
  const field = `${at}/AssignmentInformation/Quantity/MeasuredQuantity`;
  const m = child(child(info, 'Quantity'), 'MeasuredQuantity');
  const asText = childText(child(info, 'Quantity'), 'QuantityText');
  if (m === undefined && asText !== undefined) {
    p.list.push({ code: 'EDXL_RM_QUANTITY_AS_TEXT', params: { field: `${at}/AssignmentInformation/Quantity/QuantityText`, text: asText, unitList: valueLists.unit } });
    return undefined;
  }
  if (m === undefined) return p.missing(field);
  const quantity = numberIn(p, `${field}/Amount`, childText(m, 'Amount'));
  const unit = listValue(p, `${field}/UnitOfMeasure`, child(m, 'UnitOfMeasure'), valueLists.unit, stockUnits);
  return quantity === undefined || unit === undefined ? undefined : { quantity, unit };
}

/** The schedule entries of a line by ScheduleType. */
function schedules(line: XmlNode): Map<string, XmlNode> {
  const out = new Map<string, XmlNode>();
  for (const s of children(line, 'ScheduleInformation')) {
    const type = childText(s, 'ScheduleType');
    if (type !== undefined && typeof s === 'object' && !Array.isArray(s) && !out.has(type)) out.set(type, s);
  }
  return out;
}

/** A geo-oasis gml:Point ("latitude longitude") as a GeoJSON Point; other shapes are not a demand's location. */
function pointOf(p: Problems, field: string, location: XmlNode | undefined): Point | undefined {
  const pos = childText(child(child(location, 'TargetArea'), 'Point'), 'pos');
  if (pos === undefined) return undefined;
  const parts = pos.split(/\s+/).map(Number);
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) return p.notUnderstood(`${field}/TargetArea/Point/pos`, pos, 'latitude longitude');
  return { type: 'Point', coordinates: [parts[1]!, parts[0]!] };
}

/** Japanese script in a name read from a foreign message without Tsunagu's name keywords. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

function demandOf(p: Problems, at: string, line: XmlNode): Demand | undefined {
  const resource = child(line, 'Resource');
  const kw = keywords(resource);
  const category = listValue<StockCategory>(p, `${at}/Resource/TypeStructure`, child(resource, 'TypeStructure'), valueLists.category, stockCategories);
  const destinationField = `${at}/Resource/Keyword[${valueLists.destination}]`;
  const destinationText = kw.get(valueLists.destination)?.[0];
  const destination = destinationText === undefined ? p.missing(destinationField) : placeRef(p, destinationField, destinationText);
  const areaCode = kw.get(valueLists.areaCode)?.[0] ?? p.missing(`${at}/Resource/Keyword[${valueLists.areaCode}]`);
  const origin = keywordCode(p, `${at}/Resource`, kw, valueLists.demandOrigin, { request: 1, 'push-estimate': 1, 'care-estimate': 1 }) ?? 'request';
  const priority = keywordCode<DemandPriority>(p, `${at}/Resource`, kw, valueLists.priority, demandPriorities) ?? 'normal';
  const freeFrom = (kw.get(valueLists.freeFrom) ?? []).map((a) => (Object.hasOwn(allergens, a) ? (a as Allergen) : p.notUnderstood(`${at}/Resource/Keyword[${valueLists.freeFrom}]`, a, codesOf(allergens))));
  const amount = measured(p, at, child(line, 'AssignmentInformation'));
  const arrival = schedules(line).get('RequestedArrival');
  const neededBy = required(p, `${at}/ScheduleInformation[RequestedArrival]/DateTime`, childText(arrival, 'DateTime'));
  const location = pointOf(p, `${at}/ScheduleInformation[RequestedArrival]/Location`, child(arrival, 'Location'));
  const [ja, en, kana] = [valueLists.itemNameJa, valueLists.itemNameEn, valueLists.itemNameKana].map((u) => kw.get(u)?.[0]);
  const plainName = childText(resource, 'Name');
  const name = ja ?? en ?? kana ? { ...(ja ? { ja } : {}), ...(en ? { en } : {}), ...(kana ? { kana } : {}) } : plainName ? (JAPANESE.test(plainName) ? { ja: plainName } : { en: plainName }) : undefined;
  if (!category || !destination || !areaCode || !amount || !neededBy || freeFrom.some((a) => a === undefined)) return undefined;
  const requestedBy = kw.get(valueLists.requestedBy)?.[0];
  const basis = childText(resource, 'Description');
  const note = childText(resource, 'SpecialRequirements');
  return {
    origin,
    ...(requestedBy ? { requestedBy } : {}),
    destination,
    areaCode,
    ...(location ? { location } : {}),
    item: { category, ...(name ? { name } : {}) },
    quantity: amount.quantity,
    unit: amount.unit,
    neededBy,
    priority,
    ...(freeFrom.length > 0 ? { freeFrom: freeFrom as Allergen[] } : {}),
    ...(basis ? { basis } : {}),
    ...(note ? { note } : {}),
  };
}

/** A committed or reported shipment line and its parties, from Resource and AssignmentInformation. */
function shipmentOf(p: Problems, at: string, line: XmlNode): { line: ShipmentLine; parties: Pick<RmCommitLine, 'supplier' | 'from' | 'to' | 'order'> } | undefined {
  const resource = child(line, 'Resource');
  const kw = keywords(resource);
  const category = listValue<StockCategory>(p, `${at}/Resource/TypeStructure`, child(resource, 'TypeStructure'), valueLists.category, stockCategories);
  const info = child(line, 'AssignmentInformation');
  const amount = measured(p, at, info);
  const from = placeRef(p, `${at}/Resource/Keyword[${valueLists.origin}]`, kw.get(valueLists.origin)?.[0]);
  const to = placeRef(p, `${at}/Resource/Keyword[${valueLists.destination}]`, kw.get(valueLists.destination)?.[0]);
  if (!category || !amount) return undefined;
  const [stock, demand, lot, expiresOn, supplier, order] = [
    childText(resource, 'ResourceID'), kw.get(valueLists.demand)?.[0], kw.get(valueLists.lot)?.[0], kw.get(valueLists.expiresOn)?.[0],
    kw.get(valueLists.supplier)?.[0], childText(info, 'OrderID'),
  ];
  return {
    line: { category, unit: amount.unit, quantity: amount.quantity, ...(stock ? { stock } : {}), ...(demand ? { demand } : {}), ...(lot ? { lot } : {}), ...(expiresOn ? { expiresOn } : {}) },
    parties: { ...(order ? { order } : {}), ...(supplier ? { supplier } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) },
  };
}

const answers: Readonly<Record<string, RmAnswer>> = { Accept: 'accept', Decline: 'decline', Provisional: 'provisional' };

function commitLineOf(p: Problems, at: string, line: XmlNode, elementId: string): RmCommitLine | undefined {
  const response = child(line, 'ResponseInformation');
  const respondsTo = childText(response, 'PrecedingResourceInfoElementID');
  const answer = answers[childText(response, 'ResponseType') ?? ''];
  const reason = childText(response, 'ResponseReason');
  const shipment = child(line, 'Resource') ? shipmentOf(p, at, line) : undefined;
  const estimated = schedules(line).get('EstimatedArrival');
  const estimatedArrival = dateTime(p, `${at}/ScheduleInformation[EstimatedArrival]/DateTime`, childText(estimated, 'DateTime'));
  if (respondsTo === undefined || answer === undefined) return undefined; // the schema requires both
  if (child(line, 'Resource') && !shipment) return undefined;
  return {
    elementId,
    respondsTo,
    answer,
    ...(reason ? { reason } : {}),
    ...(shipment ? { ...shipment.parties, line: shipment.line } : {}),
    ...(estimatedArrival ? { estimatedArrival } : {}),
  };
}

const reportedStates = { dispatched: 1, 'in-transit': 1, delivered: 1, received: 1 } as const;

function statusLineOf(p: Problems, at: string, line: XmlNode, elementId: string): RmStatusLine | undefined {
  const resource = child(line, 'Resource');
  if (resource === undefined) return p.missing(`${at}/Resource`);
  const shipment = shipmentOf(p, at, line);
  const state = listValue(p, `${at}/Resource/ResourceStatus/DeploymentStatus`, child(child(resource, 'ResourceStatus'), 'DeploymentStatus'), valueLists.shipmentState, reportedStates);
  const current = `${at}/ScheduleInformation[Current]/DateTime`;
  const reportedAt = required(p, current, childText(schedules(line).get('Current'), 'DateTime'));
  const kw = keywords(resource);
  const count = (u: string) => numberIn(p, `${at}/Resource/Keyword[${u}]`, kw.get(u)?.[0]);
  const [received, damaged, lost] = [count(valueLists.received), count(valueLists.damaged), count(valueLists.lost)];
  const counted = received !== undefined || damaged !== undefined || lost !== undefined;
  const [lot, expiresOn] = [kw.get(valueLists.receivedLot)?.[0], kw.get(valueLists.receivedExpiresOn)?.[0]];
  const respondsTo = childText(child(line, 'ResponseInformation'), 'PrecedingResourceInfoElementID');
  if (!shipment || !state || !reportedAt) return undefined;
  return {
    elementId,
    ...(respondsTo ? { respondsTo } : {}),
    ...shipment.parties,
    line: shipment.line,
    state,
    at: reportedAt,
    ...(counted ? { receipt: { received: received ?? 0, damaged: damaged ?? 0, lost: lost ?? 0, ...(lot ? { lot } : {}), ...(expiresOn ? { expiresOn } : {}) } } : {}),
  };
}

const recallTypes = { Update: 'update', Cancel: 'cancel' } as const;

function headerOf(p: Problems, root: XmlNode): RmHeader | undefined {
  const sentAt = dateTime(p, 'SentDateTime', childText(root, 'SentDateTime'));
  const contact = child(root, 'ContactInformation');
  const role = childText(contact, 'ContactRole');
  const description = childText(contact, 'ContactDescription');
  const recall = child(root, 'MessageRecall');
  const recallType = recallTypes[childText(recall, 'RecallType') as keyof typeof recallTypes];
  const [precedingMessageId, incidentId, messageDescription] = [childText(root, 'PrecedingMessageID'), childText(child(root, 'IncidentInformation'), 'IncidentID'), childText(root, 'MessageDescription')];
  if (!sentAt) return undefined;
  return {
    messageId: childText(root, 'MessageID') ?? '',
    sentAt,
    originatingMessageId: childText(root, 'OriginatingMessageID') ?? '',
    ...(precedingMessageId ? { precedingMessageId } : {}),
    ...(incidentId ? { incidentId } : {}),
    ...(messageDescription ? { description: messageDescription } : {}),
    ...(recall && recallType ? { recall: { messageId: childText(recall, 'RecallMessageID') ?? '', type: recallType } } : {}),
    contact: { ...(role ? { role: role as NonNullable<RmHeader['contact']['role']> } : {}), ...(description ? { description } : {}) },
  };
}

/** Where a JSON path of the message value lies in the document: `/lines/1/demand/quantity` → ResourceInformation[2] /demand/quantity. */
function elementOf(field: string): string {
  const m = /^\/lines\/(\d+)(.*)$/.exec(field);
  return m ? `ResourceInformation[${Number(m[1]) + 1}] ${m[2] || '/'}` : field;
}

/** A schema-valid document's root element as a message value, or the problems that keep it from being one. */
export function rmMessageFrom(type: RmMessageType, root: XmlNode): RmReadResult {
  const p = new Problems();
  const header = headerOf(p, root);
  const lines = children(root, 'ResourceInformation').map((l: XmlElementValue, i) => {
    const at = `ResourceInformation[${i + 1}]`;
    if (typeof l !== 'object' || Array.isArray(l)) return undefined;
    const elementId = childText(l, 'ResourceInfoElementID') ?? '';
    if (type === 'RequestResource') {
      const demand = demandOf(p, at, l);
      return demand ? { elementId, demand } : undefined;
    }
    return type === 'CommitResource' ? commitLineOf(p, at, l, elementId) : statusLineOf(p, at, l, elementId);
  });
  if (p.list.length > 0 || !header || lines.some((l) => l === undefined)) return { ok: false, problems: p.list };
  const message = { type, header, lines } as RmMessage;
  const problems = rmMessageProblems(message);
  if (problems.length > 0) {
    return { ok: false, problems: problems.map((q) => (typeof q.params.field === 'string' ? { ...q, params: { ...q.params, field: elementOf(q.params.field) } } : q)) };
  }
  return { ok: true, message };
}

/** Screen, schema-check and convert one untrusted EDXL-RM 1.0 document. Never throws. */
export function readRmMessage(bytes: Uint8Array): RmReadResult {
  const read = readXml(bytes);
  return read.ok ? rmMessageOfDocument(read) : { ok: false, problems: [read.problem] };
}

/** Schema-check and convert a document readXml has screened and parsed. */
export function rmMessageOfDocument(read: { text: string; root: XmlNode }): RmReadResult {
  const root = rootElementName(read.root);
  if (!isRmType(root)) {
    const code = allRmMessageTypes.includes(root) ? 'EDXL_RM_TYPE_UNSUPPORTED' : 'EDXL_RM_NOT_RM';
    return { ok: false, problems: [{ code, params: { root, supported: rmMessageTypes.join(', ') } }] };
  }
  const invalid = validateWithSchema(read.text, rmSchemas[root], RM_SCHEMA_DIR);
  if (invalid.length > 0) return { ok: false, problems: invalid };
  return rmMessageFrom(root, read.root[root] as XmlNode);
}
