import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceShipment, stockCategories, stockUnits, type Demand, type Shipment } from '../../model/index.ts';
import { commitResourceOf, deploymentStatusOf, requestResourceOf, shipmentStatusesOf } from './from-records.ts';
import { commitmentStatus, type RmMessage } from './message.ts';
import { readRmMessage } from './rm-in.ts';
import { writeRmMessage } from './rm-out.ts';

const header = { messageId: 'm-1', sentAt: '2024-01-06T10:00:00+09:00', originatingMessageId: 'req-1', contact: { role: 'Sender' as const } };

/** Write a message and read it back, as the other party would. */
function overTheWire(m: RmMessage): RmMessage {
  const w = writeRmMessage(m);
  if (!w.ok) throw new Error(JSON.stringify(w.problems));
  const r = readRmMessage(new TextEncoder().encode(w.xml));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.message;
}

const shipment = (status: Shipment['status'], quantities = [10, 4]): Shipment => ({
  supplier: 'jp-retailer-example',
  from: { type: 'facility', id: 'store-3' },
  to: { type: 'shelter', id: 'nanao-0012' },
  lines: quantities.map((quantity, i) => ({ category: i === 0 ? 'blanket' : 'toilet-paper', unit: i === 0 ? 'sheet' : 'roll', quantity, demand: `demand-${i}` })),
  status,
});

describe('EDXL-RM messages from records', () => {
  it('asks for demand records by their ids and reads them back as the same demands', () => {
    const demand: Demand = { origin: 'request', destination: { type: 'shelter', id: 'nanao-0012' }, areaCode: '172022', item: { category: 'blanket' }, quantity: 40, unit: 'sheet', neededBy: '2024-01-06T18:00:00+09:00', priority: 'high' };
    const back = overTheWire(requestResourceOf(header, [{ id: 'demand-0', demand }]));
    expect(back).toEqual({ type: 'RequestResource', header, lines: [{ elementId: 'demand-0', demand }] });
  });

  it("answers each requested line with a committed shipment's lines, which the requester reads as committed", () => {
    const committed = shipment({ state: 'committed', at: '2024-01-06T09:30:00+09:00' });
    const made = commitResourceOf({ ...header, precedingMessageId: 'req-1' }, [{ shipmentId: 'ship-7', shipment: committed, respondsTo: (l) => `demand-${l}`, order: 'order-2' }]);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const back = overTheWire(made.message);
    expect(back.type === 'CommitResource' && back.lines.map((l) => [l.elementId, l.respondsTo, l.order, l.line, commitmentStatus(l, header.sentAt)?.state])).toEqual([
      ['ship-7#0', 'demand-0', 'order-2', committed.lines[0], 'committed'],
      ['ship-7#1', 'demand-1', 'order-2', committed.lines[1], 'committed'],
    ]);
  });

  it('refuses to commit a shipment that is only planned, naming its state', () => {
    const made = commitResourceOf({ ...header, precedingMessageId: 'req-1' }, [{ shipmentId: 's', shipment: shipment({ state: 'planned', at: header.sentAt }), respondsTo: String }]);
    expect(made).toEqual({ ok: false, problems: [{ code: 'EDXL_RM_SHIPMENT_STATE', params: { field: '/0/shipment/status/state', state: 'planned', expected: 'committed, declined' } }] });
  });

  it('reports a received shipment so that the receiver’s status, receipt included, arrives unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ received: fc.nat(100), damaged: fc.nat(5), lost: fc.nat(5), category: fc.constantFrom(...(Object.keys(stockCategories) as (keyof typeof stockCategories)[])), unit: fc.constantFrom(...(Object.keys(stockUnits) as (keyof typeof stockUnits)[])) }).filter((c) => c.received + c.damaged + c.lost > 0), { minLength: 1, maxLength: 4 }),
        (counts) => {
          const delivered: Shipment = {
            ...shipment({ state: 'delivered', at: '2024-01-06T11:00:00+09:00' }),
            lines: counts.map((c) => ({ category: c.category, unit: c.unit, quantity: c.received + c.damaged + c.lost })),
          };
          const received = advanceShipment(delivered, { state: 'received', at: '2024-01-06T11:20:00+09:00', receipt: counts.map((c, line) => ({ line, received: c.received, damaged: c.damaged, lost: c.lost })) });
          expect(received.ok).toBe(true);
          if (!received.ok) return;
          const made = deploymentStatusOf(header, [{ shipmentId: 'ship-9', shipment: received.value }]);
          expect(made.ok).toBe(true);
          if (!made.ok) return;
          const back = overTheWire(made.message);
          if (back.type !== 'ReportResourceDeploymentStatus') throw new Error(back.type);
          const { statuses, unmatched, problems } = shipmentStatusesOf(back);
          expect({ unmatched, problems }).toEqual({ unmatched: [], problems: [] });
          expect(statuses.get('ship-9')).toEqual(received.value.status);
          // The delivered shipment on the other node takes the same step.
          expect(advanceShipment(delivered, statuses.get('ship-9')!).ok).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sets aside report lines that name no shipment line of Tsunagu’s, and flags lines of one shipment that disagree', () => {
    const dispatched = deploymentStatusOf(header, [{ shipmentId: 'ship-1', shipment: shipment({ state: 'dispatched', at: '2024-01-06T08:00:00+09:00' }) }]);
    if (!dispatched.ok) throw new Error('not made');
    const [a, b] = dispatched.message.lines;
    const foreign = { ...a!, elementId: 'ResourceInfoElementID.1', respondsTo: 'ResourceInfoElementID.0' };
    const r = shipmentStatusesOf({ ...dispatched.message, lines: [a!, { ...b!, state: 'delivered' }, foreign] });
    expect(r.unmatched).toEqual([foreign]);
    expect(r.problems).toEqual([{ code: 'EDXL_RM_SHIPMENT_LINES_DISAGREE', params: { shipment: 'ship-1' } }]);
    expect(shipmentStatusesOf(dispatched.message).statuses.get('ship-1')).toEqual({ state: 'dispatched', at: '2024-01-06T08:00:00+09:00' });
  });
});
