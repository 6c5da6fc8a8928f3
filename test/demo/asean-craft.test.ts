// The ASEAN demo's ships and aircraft in a plan, from the bundled data and the OCD's exercise request: the freighter
// flies Subang's stock to Tacloban (a 24-hour air lead time, one rotation a day), the ships carry Subang's and
// Chainat's after a truck leg to Port Klang and Laem Chabang (the sea lead times say when, each ship's round trip how
// much a day), and Camp Aguinaldo's stock goes by road and ferry as before. Pure: the bundled files, the optimiser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRmDocument } from '../../src/adapters/edxl-rm/rm-envelope.ts';
import { explainPlan } from '../../src/apps/logistics/explain.ts';
import { loadSolver, optimiseAllocation } from '../../src/apps/logistics/optimise.ts';
import { fleetLineOf } from '../../src/apps/logistics/plan-service.ts';
import { planSentences } from '../../src/apps/logistics/plan-text.ts';
import { ARCS_PER_DESTINATION, allocationProblem, planFleetsOf, planLinesOf, planPlacesOf, type NeedLine, type StockLine } from '../../src/apps/logistics/planning.ts';
import { rmRequestLines } from '../../src/apps/logistics/rm-intake.ts';
import { tripsFor } from '../../src/apps/logistics/transport-capacity.ts';
import type { StoredPlan } from '../../src/apps/logistics/types.ts';
import {
  CRAFT_FILE, DELSA_FILE, LEAD_TIMES_FILE, PH_AREAS_FILE, delsaCraft, delsaHoldings, delsaLeadTimes, parseDelsaCraft, parseDelsaLeadTimes, parseDelsaWarehouses, parsePhAreas,
} from '../../src/demo/asean/data.ts';
import { aseanParticipantByKey } from '../../src/demo/asean/scenario.ts';
import { bundledDataDir } from '../../src/demo/federation.ts';
import type { Text } from '../../src/model/index.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const read = (file: string) => readFileSync(path.join(bundledDataDir, 'asean', file), 'utf8');
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; problems: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};
const aha = aseanParticipantByKey('aha-centre').id;
const dswd = aseanParticipantByKey('dswd-fo8').id;
const at = new Date('2026-11-09T10:00:00Z');
const window = { from: at.toISOString(), until: new Date(at.getTime() + 24 * 3_600_000).toISOString() };

const warehouses = unwrap(parseDelsaWarehouses(read(DELSA_FILE)));
const areas = unwrap(parsePhAreas(read(PH_AREAS_FILE)));
const holdings = delsaHoldings(aha, warehouses, at);
const stocks: StockLine[] = holdings.flatMap((d) => (d.type === 'stock' ? [{ node: aha, id: d.id, version: 1, observedAt: d.observedAt, stock: d.data }] : []));
const vehicles = delsaCraft(aha, dswd, unwrap(parseDelsaCraft(read(CRAFT_FILE), warehouses, areas)), at)
  .map((d) => ({ node: aha, id: d.id, version: 1, observedAt: d.observedAt, sourceNode: aha, data: d.data }));
const leadTimes = delsaLeadTimes(aha, unwrap(parseDelsaLeadTimes(read(LEAD_TIMES_FILE), warehouses)), at).map((d) => ({ node: aha, id: d.id, leadTime: d.data }));
const request = readRmDocument(new TextEncoder().encode(readFileSync(path.join(bundledDataDir, '..', 'examples', 'asean', 'request-resource.xml'), 'utf8')));
if (!request.ok || request.messages[0]?.type !== 'RequestResource') throw new Error('the exercise request');
const needs: NeedLine[] = rmRequestLines(request.messages[0], 'ph-ocd').map((l) => ({ id: l.id, receiver: l.demand.requestedBy!, demand: l.demand }));
const names = new Map<string, Text>(holdings.flatMap((d) => (d.type === 'facility' ? [[`${aha}|facility:${d.id}`, d.data.name] as const] : [])));

function plan(fleets = vehicles.map(fleetLineOf)) {
  const problem = allocationProblem(needs, stocks, fleets, [], window, { lines: leadTimes, at });
  const solved = optimiseAllocation(highs, problem.input);
  if (!solved.ok) throw new Error(`solver failed: ${solved.status}`);
  return { problem, plan: solved.plan };
}

describe('the ASEAN demo’s ships and aircraft', () => {
  it('fly Subang’s stock to Tacloban and ship Subang’s and Chainat’s after a truck leg, within each craft’s trips, and say so', () => {
    const { problem, plan: p } = plan();
    const byFleet = (key: string) => p.flows.filter((f) => f.fleet === `${aha}|${aha}:craft:${key}`);
    expect(byFleet('freighter-subang').length).toBeGreaterThan(0);
    expect(byFleet('ship-port-klang').length + byFleet('ship-laem-chabang').length).toBeGreaterThan(0);
    // Every craft within its round trips in the window, by weight and by volume (a load may be full of either).
    for (const f of problem.fleets) {
      const capacity = problem.input.fleets!.get(f.key)!;
      const cycle = problem.input.arcs.find((a) => a.fleet === f.key)!.tripMinutes!;
      const carried = p.flows.filter((x) => x.fleet === f.key).map((x) => ({ quantity: x.quantity, s: problem.input.supplies.find((s) => s.id === x.supply)! }));
      const trips = {
        weight: carried.reduce((n, x) => n + tripsFor(x.quantity, { kgPerUnit: x.s.kgPerUnit }, capacity), 0),
        volume: carried.reduce((n, x) => n + tripsFor(x.quantity, { kgPerUnit: 0, litresPerUnit: x.s.litresPerUnit }, capacity), 0),
      };
      for (const measure of ['weight', 'volume'] as const) expect(trips[measure], `${f.key} ${measure}`).toBeLessThanOrEqual((capacity.vehicleMinutes / cycle) * (1 + 1e-9) + 1e-9);
    }
    // No road vehicle is known: Camp Aguinaldo's road and ferry leg has no capacity, and the plan says so.
    expect(problem.capacityNotModelled).toEqual(['road']);
    // Camp Aguinaldo's family kits still all go, by road and ferry: 48 hours against a week by sea.
    const aguinaldo = p.flows.filter((f) => f.category === 'family-kit' && f.depot.endsWith(':delsa-camp-aguinaldo')).reduce((n, f) => n + f.quantity, 0);
    expect(aguinaldo).toBe(1000);
    const explanation = explainPlan(problem.input, p, { isolated: problem.isolated, arcsPerDestination: ARCS_PER_DESTINATION });
    const stored: StoredPlan = {
      id: 'p', state: 'proposed', proposedAt: window.from, inputs: {},
      result: { explanation, notes: [], places: planPlacesOf(problem, needs, stocks, names), fleets: planFleetsOf(problem.fleets, vehicles, names) },
    };
    const texts = planSentences(stored, planLinesOf(p, problem, needs, stocks), 'en').destinations.flatMap((d) => d.deliveries.flatMap((x) => x.texts));
    // Camp Aguinaldo's deliveries say why not by the faster freighter: it carries all it can in the window.
    expect(texts.some((t) => /^The faster way from DELSA regional warehouse, Subang \(Malaysia\) \(1440 min\), Chartered freighter aircraft from Subang \(illustrative\).* carries all it can in the planning window$/.test(t))).toBe(true);
    expect(texts.some((t) => /go by air \(Fixed-wing aircraft\) from Sultan Abdul Aziz Shah Airport \(Subang\), Malaysia to Daniel Z\. Romualdez Airport, Tacloban \(Chartered freighter aircraft from Subang \(illustrative\)/.test(t))).toBe(true);
    expect(texts).toContain("Lead time assumed by AHA Centre (DELSA), the demo's illustrative figure: 24 h by air (an assumption, not a figure from operations)");
    expect(texts.some((t) => /go by road from DELSA (regional|satellite) warehouse, (Subang \(Malaysia\)|Chainat \(Thailand\)) to (Port Klang \(Westport\), Malaysia|Laem Chabang port, Thailand) \(\d+ h \d+ min\), then by sea to Port of Tacloban, Leyte/.test(t))).toBe(true);
  });
});
