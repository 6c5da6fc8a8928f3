// EDXL-RM 1.0 out (pure: message value in, XML text out): RequestResource from demand lines, CommitResource from a
// supplier's answers, ReportResourceDeploymentStatus from shipment states, in the element order the OASIS schemas
// require. Tsunagu's codes travel as value lists (vocabulary.ts) so that Tsunagu's reader gets every value back.
import type { Demand, PlaceRef, Point, ShipmentLine } from '../../model/index.ts';
import { escapeXml } from '../cap/cap-out.ts';
import type { XmlProblem } from '../xml/xml-input.ts';
import type { RmCommitLine, RmHeader, RmMessage, RmStatusLine } from './message.ts';
import { rmMessageProblems } from './rm-rules.ts';
import { GEO_OASIS_NS, GML_NS, RM_MSG_NS, RM_NS, valueLists } from './vocabulary.ts';

type Xml = string;

// A CR survives only as a character reference: XML parsers turn a literal CR (and CR LF) into LF.
const text = (s: string) => escapeXml(s).replace(/\r/g, '&#13;');
const msg = (name: string, content: Xml) => `<rmsg:${name}>${content}</rmsg:${name}>`;
const rm = (name: string, content: Xml) => `<rm:${name}>${content}</rm:${name}>`;
const opt = (name: string, value: string | undefined, el: (n: string, c: Xml) => Xml) => (value === undefined ? '' : el(name, text(value)));
const number = (n: number) => String(n);

/** A ValueListType element: the list's URN and its values (always in the rm namespace inside). */
function valueList(name: string, listUrn: string, values: readonly string[], el = msg): Xml {
  return el(name, rm('ValueListURN', text(listUrn)) + values.map((v) => rm('Value', text(v))).join(''));
}

const keyword = (listUrn: string, value: string | undefined) => (value === undefined ? '' : valueList('Keyword', listUrn, [value]));
const place = (p: PlaceRef | undefined) => (p === undefined ? undefined : `${p.type}:${p.id}`);

const recallTypes = { update: 'Update', cancel: 'Cancel' } as const;

function header(h: RmHeader, type: RmMessage['type']): Xml {
  return (
    msg('MessageID', text(h.messageId)) +
    msg('SentDateTime', text(h.sentAt)) +
    msg('MessageContentType', type) +
    opt('MessageDescription', h.description, msg) +
    msg('OriginatingMessageID', text(h.originatingMessageId)) +
    opt('PrecedingMessageID', h.precedingMessageId, msg) +
    (h.incidentId === undefined ? '' : msg('IncidentInformation', rm('IncidentID', text(h.incidentId)))) +
    (h.recall === undefined ? '' : msg('MessageRecall', rm('RecallMessageID', text(h.recall.messageId)) + rm('RecallType', recallTypes[h.recall.type]))) +
    msg('ContactInformation', opt('ContactDescription', h.contact.description, rm) + opt('ContactRole', h.contact.role, rm))
  );
}

function quantity(amount: number, unit: string): Xml {
  return msg('Quantity', rm('MeasuredQuantity', rm('Amount', number(amount)) + valueList('UnitOfMeasure', valueLists.unit, [unit], rm)));
}

/** geo-oasis points are "latitude longitude" (WGS84); Tsunagu's are [longitude, latitude]. */
function targetArea(p: Point): Xml {
  const [lon, lat] = p.coordinates;
  return rm('TargetArea', `<gml:Point><gml:pos>${number(lat)} ${number(lon)}</gml:pos></gml:Point>`);
}

function schedule(type: string, at: string | undefined, location?: Xml): Xml {
  return msg('ScheduleInformation', msg('ScheduleType', type) + opt('DateTime', at, msg) + (location ? msg('Location', location) : ''));
}

function requestLine(elementId: string, d: Demand): Xml {
  const names = d.item.name;
  const resource =
    (names?.en ?? names?.ja ? msg('Name', text((names.en ?? names.ja)!)) : '') +
    valueList('TypeStructure', valueLists.category, [d.item.category]) +
    keyword(valueLists.itemNameJa, names?.ja) +
    keyword(valueLists.itemNameEn, names?.en) +
    keyword(valueLists.itemNameKana, names?.kana) +
    keyword(valueLists.demandOrigin, d.origin) +
    keyword(valueLists.requestedBy, d.requestedBy) +
    keyword(valueLists.destination, place(d.destination)) +
    keyword(valueLists.areaCode, d.areaCode) +
    keyword(valueLists.priority, d.priority) +
    (d.freeFrom ? valueList('Keyword', valueLists.freeFrom, d.freeFrom) : '') +
    opt('Description', d.basis, msg) +
    opt('SpecialRequirements', d.note, msg);
  return msg(
    'ResourceInformation',
    msg('ResourceInfoElementID', text(elementId)) +
      msg('Resource', resource) +
      msg('AssignmentInformation', quantity(d.quantity, d.unit)) +
      schedule('RequestedArrival', d.neededBy, d.location ? targetArea(d.location) : undefined),
  );
}

/** The Resource of a committed or reported shipment line: category, stock line, parties, lot and expiry. */
function shipmentResource(l: ShipmentLine, parties: Pick<RmCommitLine, 'supplier' | 'from' | 'to'>, extra: Xml = ''): Xml {
  return msg(
    'Resource',
    opt('ResourceID', l.stock, msg) +
      valueList('TypeStructure', valueLists.category, [l.category]) +
      keyword(valueLists.supplier, parties.supplier) +
      keyword(valueLists.origin, place(parties.from)) +
      keyword(valueLists.destination, place(parties.to)) +
      keyword(valueLists.demand, l.demand) +
      keyword(valueLists.lot, l.lot) +
      keyword(valueLists.expiresOn, l.expiresOn) +
      extra,
  );
}

const responseTypes = { accept: 'Accept', decline: 'Decline', provisional: 'Provisional' } as const;

function commitLine(c: RmCommitLine): Xml {
  const response =
    rm('PrecedingResourceInfoElementID', text(c.respondsTo)) + rm('ResponseType', responseTypes[c.answer]) + opt('ResponseReason', c.reason, rm);
  return msg(
    'ResourceInformation',
    msg('ResourceInfoElementID', text(c.elementId)) +
      msg('ResponseInformation', response) +
      (c.line ? shipmentResource(c.line, c) + msg('AssignmentInformation', quantity(c.line.quantity, c.line.unit) + opt('OrderID', c.order, msg)) : '') +
      (c.estimatedArrival === undefined ? '' : schedule('EstimatedArrival', c.estimatedArrival)),
  );
}

function statusLine(s: RmStatusLine): Xml {
  const receipt = s.receipt
    ? keyword(valueLists.received, number(s.receipt.received)) +
      keyword(valueLists.damaged, number(s.receipt.damaged)) +
      keyword(valueLists.lost, number(s.receipt.lost)) +
      keyword(valueLists.receivedLot, s.receipt.lot) +
      keyword(valueLists.receivedExpiresOn, s.receipt.expiresOn)
    : '';
  const status = msg('ResourceStatus', valueList('DeploymentStatus', valueLists.shipmentState, [s.state]));
  const response = s.respondsTo === undefined ? '' : msg('ResponseInformation', rm('PrecedingResourceInfoElementID', text(s.respondsTo)) + rm('ResponseType', 'Accept'));
  return msg(
    'ResourceInformation',
    msg('ResourceInfoElementID', text(s.elementId)) +
      response +
      shipmentResource(s.line, s, receipt + status) +
      msg('AssignmentInformation', quantity(s.line.quantity, s.line.unit) + opt('OrderID', s.order, msg)) +
      schedule('Current', s.at),
  );
}

export type RmWriteResult = { ok: true; xml: string } | { ok: false; problems: XmlProblem[] };

/**
 * An EDXL-RM 1.0 message as XML, or the problems (each naming its field) that keep it from being written. The value is
 * checked at run time as well, so JSON from outside (typed by a cast) gets problems, never a broken document.
 */
export function writeRmMessage(message: RmMessage): RmWriteResult {
  const problems = rmMessageProblems(message);
  if (problems.length > 0) return { ok: false, problems };
  const lines =
    message.type === 'RequestResource'
      ? message.lines.map((l) => requestLine(l.elementId, l.demand))
      : message.type === 'CommitResource'
        ? message.lines.map(commitLine)
        : message.lines.map(statusLine);
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rmsg:${message.type} xmlns:rmsg="${RM_MSG_NS}" xmlns:rm="${RM_NS}" xmlns:geo-oasis="${GEO_OASIS_NS}" xmlns:gml="${GML_NS}">` +
    header(message.header, message.type) +
    lines.join('') +
    `</rmsg:${message.type}>\n`;
  return { ok: true, xml };
}
