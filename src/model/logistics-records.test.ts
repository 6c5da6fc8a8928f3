import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordEnvelopeSchemas, recordRuleProblems, type RecordType } from './record.ts';
import { advanceShipment, type ReceiptLine, type Shipment, type ShipmentStatus } from './shipment.ts';
import { shippableQuantity } from './stock.ts';
import { validate } from './validate.ts';
import demand from '../../docs/examples/demand.json' with { type: 'json' };
import vehicle from '../../docs/examples/vehicle.json' with { type: 'json' };
import road from '../../docs/examples/road-segment.json' with { type: 'json' };
import shipment from '../../docs/examples/shipment.json' with { type: 'json' };
import stock from '../../docs/examples/stock.json' with { type: 'json' };

/** Schema then rules, as a writer checks a record: the paths of the problems, empty when sound. */
function check(type: RecordType, data: unknown): string[] {
  const record = {
    id: 'x:1', type, version: 1, sourceNode: 'jp-172022-nanao-city', observedAt: '2024-01-18T06:00:00+09:00',
    recordedAt: '2024-01-18T06:00:00+09:00', quality: { level: 'reported' }, lineage: [], data,
  };
  const r = validate(RecordEnvelopeSchemas[type], record);
  if (!r.ok) return r.problems.map((p) => p.path);
  return recordRuleProblems({ type, data }).map((p) => p.path);
}

describe('demand records', () => {
  it('accept the documented allergen-free food need', () => {
    expect(check('demand', demand)).toEqual([]);
  });
  it('refuse an unknown item, a zero or negative quantity and an unknown allergen, naming the field', () => {
    expect(check('demand', { ...demand, item: { category: 'beer' } })).toContain('/data/item/category');
    expect(check('demand', { ...demand, quantity: -3 })).toEqual(['/data/quantity']);
    expect(check('demand', { ...demand, quantity: 0 })).toEqual(['/data/quantity']);
    expect(check('demand', { ...demand, freeFrom: ['soy'] })).toContain('/data/freeFrom/0');
    expect(check('demand', { ...demand, neededBy: '2024-01-19 12:00' })).toEqual(['/data/neededBy']);
  });
});

describe('stock lines with shippable quantity and lots', () => {
  const base = { ...stock, quantity: 100, reserved: 30 };
  it('accept shippable up to quantity − reserved and lots within quantity', () => {
    expect(check('stock', { ...base, shippable: 70, lots: [{ lot: 'A', quantity: 60, expiresOn: '2028-01-31' }, { lot: 'B', quantity: 40 }] })).toEqual([]);
  });
  it('refuse shippable above quantity − reserved and lots holding more than the line', () => {
    expect(check('stock', { ...base, shippable: 71 })).toEqual(['/data/shippable']);
    expect(check('stock', { ...base, lots: [{ lot: 'A', quantity: 101 }] })).toEqual(['/data/lots']);
    expect(check('stock', { ...base, reserved: 101 })).toEqual(['/data/reserved']);
  });
  it('ship at most what is neither reserved nor withheld, whatever the figures', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.option(fc.nat(1000), { nil: undefined }), (quantity, reserved, shippable) => {
        const can = shippableQuantity({ quantity, reserved, ...(shippable === undefined ? {} : { shippable }) });
        expect(can).toBeGreaterThanOrEqual(0);
        expect(can).toBeLessThanOrEqual(Math.max(0, quantity - reserved));
        if (shippable !== undefined) expect(can).toBeLessThanOrEqual(shippable);
      }),
    );
  });
});

describe('vehicle records', () => {
  it('accept the documented trucks and refuse an availability that ends before it starts', () => {
    expect(check('vehicle', vehicle)).toEqual([]);
    expect(check('vehicle', { ...vehicle, availableUntil: '2024-01-19T05:00:00+09:00' })).toEqual(['/data/availableUntil']);
    expect(check('vehicle', { ...vehicle, capacity: { kg: 0 } })).toEqual(['/data/capacity/kg']);
    expect(check('vehicle', { ...vehicle, vehicleClass: 'tank' })).toContain('/data/vehicleClass');
  });

  const ship = {
    ...vehicle, mode: 'sea', vehicleClass: 'ship', count: 1, capacity: { kg: 20_000 },
    loadsAt: { name: { ja: '金沢港' }, location: { type: 'Point', coordinates: [136.605, 36.61] } },
    landingPoints: [{ name: { ja: '輪島港' }, location: { type: 'Point', coordinates: [136.9, 37.4] }, serves: [{ type: 'shelter', id: 'wajima-1' }] }],
    speedKmh: 30, tripsPerDay: 1,
  };
  const helicopter = { ...vehicle, mode: 'air', vehicleClass: 'helicopter', count: 1, capacity: { kg: 1000 }, radiusKm: 150, speedKmh: 200, location: { type: 'Point', coordinates: [136.625, 36.595] } };

  it('accept a ship with its port, landing points and speed, and a helicopter with a radius', () => {
    expect(check('vehicle', ship)).toEqual([]);
    expect(check('vehicle', helicopter)).toEqual([]);
  });

  it('refuse a class that does not travel by the mode, and sea or air fields on a road vehicle', () => {
    expect(check('vehicle', { ...ship, vehicleClass: 'medium-truck' })).toEqual(['/data/vehicleClass']);
    expect(check('vehicle', { ...vehicle, vehicleClass: 'helicopter' })).toEqual(['/data/vehicleClass']);
    expect(check('vehicle', { ...vehicle, speedKmh: 60, radiusKm: 10 })).toEqual(['/data/radiusKm', '/data/speedKmh']);
  });

  it('refuse a ship without landing points or speed, a ship with a radius, and an aircraft with neither landing points nor radius', () => {
    const { landingPoints: _l, speedKmh: _s, ...bare } = ship;
    expect(check('vehicle', bare)).toEqual(['/data/landingPoints', '/data/speedKmh']);
    expect(check('vehicle', { ...ship, radiusKm: 20 })).toEqual(['/data/radiusKm']);
    const { radiusKm: _r, ...grounded } = helicopter;
    expect(check('vehicle', grounded)).toEqual(['/data/landingPoints']);
  });

  it('refuse a landing point that serves nothing, and a speed of zero', () => {
    expect(check('vehicle', { ...ship, landingPoints: [{ ...ship.landingPoints[0], serves: [] }] })).toEqual(['/data/landingPoints/0/serves']);
    expect(check('vehicle', { ...ship, speedKmh: 0 })).toEqual(['/data/speedKmh']);
  });

  it('refuse a craft that loads nowhere known, a landing point or port without coordinates, and negative trips or turnaround, naming the field', () => {
    const { loadsAt: _p, ...nowhere } = ship;
    expect(check('vehicle', nowhere)).toEqual(['/data/loadsAt']);
    // A helicopter's position is where it loads when it names no port or airfield.
    const { location: _h, ...unplacedHelicopter } = helicopter;
    expect(check('vehicle', unplacedHelicopter)).toEqual(['/data/loadsAt']);
    const { location: _l, ...landingNowhere } = ship.landingPoints[0]!;
    // The schema may name one missing field more than once: the set of fields is what a writer is told.
    expect(new Set(check('vehicle', { ...ship, landingPoints: [landingNowhere] }))).toEqual(new Set(['/data/landingPoints/0/location']));
    expect(new Set(check('vehicle', { ...ship, loadsAt: { name: ship.loadsAt.name } }))).toEqual(new Set(['/data/loadsAt/location']));
    expect(check('vehicle', { ...ship, landingPoints: [{ ...ship.landingPoints[0], location: { type: 'Point', coordinates: [136.9] } }] })).toContain('/data/landingPoints/0/location/coordinates');
    expect(check('vehicle', { ...ship, tripsPerDay: -1 })).toEqual(['/data/tripsPerDay']);
    expect(check('vehicle', { ...ship, tripsPerDay: 0 })).toEqual(['/data/tripsPerDay']);
    expect(check('vehicle', { ...ship, turnaroundHours: -2 })).toEqual(['/data/turnaroundHours']);
  });
});

describe('road-segment records', () => {
  it('refuse a restriction that lets through a ship or an aircraft: only road vehicles drive a road', () => {
    const restricted = { ...road, status: 'restricted', allowedVehicleClasses: ['off-road', 'helicopter'] };
    expect(check('road-segment', restricted)).toEqual(['/data/allowedVehicleClasses/1']);
  });

  it('accept the documented restricted segment', () => {
    expect(check('road-segment', road)).toEqual([]);
  });
  it('refuse broken geometry: a single position, ends away from the nodes, repeated positions, a loop to itself', () => {
    expect(check('road-segment', { ...road, geometry: { type: 'LineString', coordinates: [road.from.coordinates] } })).toContain('/data/geometry/coordinates');
    expect(check('road-segment', { ...road, geometry: { type: 'LineString', coordinates: [[136.9, 37.2], road.to.coordinates] } })).toEqual(['/data/geometry/coordinates/0']);
    expect(check('road-segment', { ...road, geometry: { type: 'LineString', coordinates: [road.from.coordinates, road.from.coordinates, road.to.coordinates] } })).toEqual(['/data/geometry/coordinates/1']);
    expect(check('road-segment', { ...road, to: road.from, geometry: { type: 'LineString', coordinates: [road.from.coordinates, [136.95, 37.3], road.from.coordinates] } })).toEqual(['/data/to/id']);
    expect(check('road-segment', { ...road, geometry: { type: 'LineString', coordinates: [[200, 37.2], road.to.coordinates] } })).toContain('/data/geometry/coordinates/0/0');
  });
  it('refuse a restricted road without the classes it lets through, and classes on an open road', () => {
    const { allowedVehicleClasses: _a, ...bare } = road;
    expect(check('road-segment', bare)).toEqual(['/data/allowedVehicleClasses']);
    expect(check('road-segment', { ...road, status: 'open' })).toEqual(['/data/allowedVehicleClasses']);
    expect(check('road-segment', { ...bare, status: 'closed' })).toEqual([]);
  });
});

describe('shipments', () => {
  const planned: Shipment = { ...(shipment as Shipment), status: { state: 'planned', at: '2024-01-19T08:00:00+09:00' } };
  const step = (s: Shipment, state: Exclude<ShipmentStatus['state'], 'received' | 'declined' | 'planned'>, at: string) => advanceShipment(s, { state, at });

  it('accept the documented receipt', () => {
    expect(check('shipment', shipment)).toEqual([]);
  });

  it('move planned → committed → dispatched → in transit → delivered → received, and refuse a wrong transition as a value', () => {
    let s = planned;
    for (const [state, at] of [['committed', '08:10'], ['dispatched', '09:00'], ['in-transit', '09:05'], ['delivered', '15:30']] as const) {
      const r = step(s, state, `2024-01-19T${at}:00+09:00`);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      s = r.value;
    }
    expect(advanceShipment(s, { state: 'received', at: '2024-01-19T15:40:00+09:00', receipt: (shipment as Shipment & { status: { receipt: ReceiptLine[] } }).status.receipt }).ok).toBe(true);
    const wrong = step(planned, 'dispatched', '2024-01-19T09:00:00+09:00');
    expect(wrong.ok ? [] : wrong.problems.map((p) => p.path)).toEqual(['/status/state']);
    const declined = advanceShipment(planned, { state: 'declined', at: '2024-01-19T08:05:00+09:00', reason: '在庫なし' });
    expect(declined.ok && step(declined.value, 'committed', '2024-01-19T08:10:00+09:00').ok).toBe(false);
  });

  it('refuse a transition back in time', () => {
    const r = step(planned, 'committed', '2024-01-19T07:00:00+09:00');
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['/status/at']);
  });

  it('refuse a receipt for more than was shipped, naming the line', () => {
    const delivered: Shipment = { ...planned, status: { state: 'delivered', at: '2024-01-19T15:30:00+09:00' } };
    const r = advanceShipment(delivered, {
      state: 'received', at: '2024-01-19T15:40:00+09:00',
      receipt: [{ line: 0, received: 300, damaged: 1, lost: 0 }, { line: 1, received: 100, damaged: 0, lost: 0 }],
    });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['/status/receipt/0/received']);
  });

  it('accept exactly the receipts where received + damaged + lost equals what was shipped, line by line', () => {
    const delivered: Shipment = { ...planned, lines: [planned.lines[0]!], status: { state: 'delivered', at: '2024-01-19T15:30:00+09:00' } };
    fc.assert(
      fc.property(fc.nat(400), fc.nat(400), fc.nat(400), (received, damaged, lost) => {
        const r = advanceShipment(delivered, { state: 'received', at: '2024-01-19T16:00:00+09:00', receipt: [{ line: 0, received, damaged, lost }] });
        expect(r.ok).toBe(received + damaged + lost === delivered.lines[0]!.quantity);
      }),
    );
  });
});
