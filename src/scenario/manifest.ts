// manifest.json of a generated scenario: what was generated from what, and how many rows each node's files hold.
// No clock time in it, so the same seed and scale give a byte-identical file.
import { GENERATOR_VERSION, SCENARIO_OBSERVED_AT, type ScenarioNodeKind, type ScenarioPlan } from './plan.ts';
import { rates } from './rates.ts';
import type { ScenarioFile } from './rows.ts';
import { stockPlanning } from './stockpiles.ts';

export const SCENARIO_FORMAT = 'tsunagu-scenario';

export interface ManifestNode {
  id: string;
  kind: ScenarioNodeKind;
  role: string;
  name: { ja: string; en: string };
  jurisdiction: string[];
  counts: Partial<Record<ScenarioFile, number>>;
}

export interface ScenarioManifest {
  format: typeof SCENARIO_FORMAT;
  generatorVersion: string;
  scale: string;
  seed: number;
  /** Person records asked for; `totals.persons` is what the draws gave. */
  requestedPersons: number;
  observedAt: string;
  quality: 'synthetic';
  rates: typeof rates;
  /** The assumptions stock quantities are planned from (docs/scenario.md). */
  stockPlanning: typeof stockPlanning;
  totals: { nodes: number; municipalities: number; persons: number; facilities: number; depots: number; stock: number; overlaps: number };
  files: { overlaps: string; perNode: Record<ScenarioFile, string> };
  notes: string[];
  nodes: ManifestNode[];
}

export function buildManifest(plan: ScenarioPlan, counts: ReadonlyMap<string, Partial<Record<ScenarioFile, number>>>, overlaps: number): ScenarioManifest {
  const nodes: ManifestNode[] = plan.nodes.map((n) => ({
    id: n.id,
    kind: n.kind,
    role: n.role,
    name: n.name,
    jurisdiction: n.jurisdiction,
    counts: { ...(counts.get(n.id) ?? {}) },
  }));
  const sum = (file: ScenarioFile) => nodes.reduce((s, n) => s + (n.counts[file] ?? 0), 0);
  return {
    format: SCENARIO_FORMAT,
    generatorVersion: GENERATOR_VERSION,
    scale: plan.scale,
    seed: plan.seed,
    requestedPersons: plan.persons,
    observedAt: SCENARIO_OBSERVED_AT,
    quality: 'synthetic',
    rates,
    stockPlanning,
    totals: {
      nodes: nodes.length,
      municipalities: plan.municipalities.length,
      persons: sum('persons'),
      facilities: sum('facilities'),
      depots: sum('depots'),
      stock: sum('stock'),
      overlaps,
    },
    files: { overlaps: 'overlaps.ndjson', perNode: { persons: '<node-id>/persons.ndjson', facilities: '<node-id>/facilities.ndjson', depots: '<node-id>/depots.ndjson', stock: '<node-id>/stock.ndjson' } },
    notes: [
      'Every record is synthetic (quality.level = synthetic): fictitious persons, fictional clinics, care providers, depots and stock.',
      'Municipality codes and names are real (GSI code table, 出典：国土地理院); Ishikawa addresses and positions follow real shelters; elsewhere places and populations are estimated.',
      'Depots are facility records of kind depot. Stock records (one per item line) are held by every depot, care site and dialysis clinic; quantities are planned from the people each serves (stockPlanning) and drawn between fillMin and fillMax of that plan, in whole packs.',
    ],
    nodes,
  };
}
