// EDXL-RM messages from Tsunagu's records, and shipment states back from messages: what the logistics application
// calls when a request, a supplier's answer or a shipment's new state goes to, or comes from, a party speaking EDXL-RM.
// Each resource line of a shipment is named `<shipment record id>#<line index>`, so answers and reports find their line.
import type { Demand, ReceiptLine, Shipment, ShipmentStatus } from '../../model/index.ts';
import type { XmlProblem } from '../xml/xml-input.ts';
import type { RmCommitLine, RmCommitResource, RmDeploymentStatus, RmHeader, RmRequestResource, RmStatusLine } from './message.ts';

export type FromRecords<M> = { ok: true; message: M } | { ok: false; problems: XmlProblem[] };

/** The ResourceInfoElementID of one line of a shipment record. */
export function shipmentLineElement(shipmentId: string, line: number): string {
  return `${shipmentId}#${line}`;
}

/** The shipment record id and line index an element id names, when it is one Tsunagu wrote. */
export function shipmentLineOf(elementId: string): { shipmentId: string; line: number } | undefined {
  const m = /^(.+)#(\d+)$/.exec(elementId);
  return m ? { shipmentId: m[1]!, line: Number(m[2]) } : undefined;
}

/** A RequestResource asking for demand records, one ResourceInformation per record (named by its record id). */
export function requestResourceOf(header: Omit<RmHeader, 'precedingMessageId'>, demands: readonly { id: string; demand: Demand }[]): RmRequestResource {
  return { type: 'RequestResource', header, lines: demands.map(({ id, demand }) => ({ elementId: id, demand })) };
}

const stateProblem = (field: string, state: string, expected: string): XmlProblem => ({ code: 'EDXL_RM_SHIPMENT_STATE', params: { field, state, expected } });

/**
 * A CommitResource answering requested lines with shipments a supplier has committed or declined: one line per
 * shipment line, answering the requested element `respondsTo` names (the demand's element id).
 */
export function commitResourceOf(
  header: RmHeader,
  answers: readonly { shipmentId: string; shipment: Shipment; respondsTo: (line: number) => string; order?: string }[],
): FromRecords<RmCommitResource> {
  const problems: XmlProblem[] = [];
  const lines: RmCommitLine[] = [];
  answers.forEach(({ shipmentId, shipment, respondsTo, order }, i) => {
    const status = shipment.status;
    if (status.state !== 'committed' && status.state !== 'declined') {
      problems.push(stateProblem(`/${i}/shipment/status/state`, status.state, 'committed, declined'));
      return;
    }
    shipment.lines.forEach((line, l) => {
      lines.push({
        elementId: shipmentLineElement(shipmentId, l),
        respondsTo: respondsTo(l),
        answer: status.state === 'committed' ? 'accept' : 'decline',
        ...(status.state === 'declined' ? { reason: status.reason } : {}),
        ...(order ? { order } : {}),
        supplier: shipment.supplier,
        from: shipment.from,
        to: shipment.to,
        line,
      });
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, message: { type: 'CommitResource', header, lines } };
}

const reportable = ['dispatched', 'in-transit', 'delivered', 'received'] as const;
type Reportable = (typeof reportable)[number];
const isReportable = (s: ShipmentStatus): s is Extract<ShipmentStatus, { state: Reportable }> => (reportable as readonly string[]).includes(s.state);

/** A ReportResourceDeploymentStatus of shipments past their commitment: one line per shipment line, with its receipt once received. */
export function deploymentStatusOf(header: RmHeader, reports: readonly { shipmentId: string; shipment: Shipment; order?: string }[]): FromRecords<RmDeploymentStatus> {
  const problems: XmlProblem[] = [];
  const lines: RmStatusLine[] = [];
  reports.forEach(({ shipmentId, shipment, order }, i) => {
    const status = shipment.status;
    if (!isReportable(status)) {
      problems.push(stateProblem(`/${i}/shipment/status/state`, status.state, reportable.join(', ')));
      return;
    }
    shipment.lines.forEach((line, l) => {
      const counted = status.state === 'received' ? status.receipt.find((r) => r.line === l) : undefined;
      lines.push({
        elementId: shipmentLineElement(shipmentId, l),
        respondsTo: shipmentLineElement(shipmentId, l),
        ...(order ? { order } : {}),
        supplier: shipment.supplier,
        from: shipment.from,
        to: shipment.to,
        line,
        state: status.state,
        at: status.at,
        ...(counted ? { receipt: receiptOf(counted) } : {}),
      });
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, message: { type: 'ReportResourceDeploymentStatus', header, lines } };
}

function receiptOf(r: ReceiptLine): NonNullable<RmStatusLine['receipt']> {
  return { received: r.received, damaged: r.damaged, lost: r.lost, ...(r.lot ? { lot: r.lot } : {}), ...(r.expiresOn ? { expiresOn: r.expiresOn } : {}) };
}

/**
 * The status each shipment reaches by a report, by shipment record id: lines are grouped by the shipment line they
 * name (their own element id or the one they respond to); a shipment's lines must agree on state and time, and a
 * received shipment gets its receipt lines back at their line indexes. Lines naming no shipment line of Tsunagu's are
 * returned as `unmatched` for a person to look at.
 */
export function shipmentStatusesOf(report: RmDeploymentStatus): { statuses: Map<string, ShipmentStatus>; unmatched: RmStatusLine[]; problems: XmlProblem[] } {
  const groups = new Map<string, { line: number; report: RmStatusLine }[]>();
  const unmatched: RmStatusLine[] = [];
  for (const line of report.lines) {
    const ref = shipmentLineOf(line.respondsTo ?? line.elementId) ?? shipmentLineOf(line.elementId);
    if (!ref) unmatched.push(line);
    else groups.set(ref.shipmentId, [...(groups.get(ref.shipmentId) ?? []), { line: ref.line, report: line }]);
  }
  const statuses = new Map<string, ShipmentStatus>();
  const problems: XmlProblem[] = [];
  for (const [shipmentId, lines] of groups) {
    const [first] = lines;
    if (lines.some((l) => l.report.state !== first!.report.state || l.report.at !== first!.report.at)) {
      problems.push({ code: 'EDXL_RM_SHIPMENT_LINES_DISAGREE', params: { shipment: shipmentId } });
      continue;
    }
    const { state, at } = first!.report;
    if (state !== 'received') statuses.set(shipmentId, { state, at });
    else {
      const receipt = lines.flatMap(({ line, report: r }) => (r.receipt ? [{ line, ...r.receipt }] : []));
      statuses.set(shipmentId, { state, at, receipt });
    }
  }
  return { statuses, unmatched, problems };
}
