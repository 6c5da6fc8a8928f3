// The scenario generator's public API: plan a scale from the bundled municipality data, stream its rows, write it.
import { bundledGsiDir, loadMunicipalities } from './municipalities.ts';
import { planScenario, type ScenarioPlan } from './plan.ts';
import { scales, type ScaleName } from './scales.ts';

export { scaleNames, isScaleName, type ScaleName } from './scales.ts';
export { GENERATOR_VERSION, type ScenarioPlan, type ScenarioNode } from './plan.ts';
export { scenarioRows, scenarioFiles, nodePersons, overlapTruths, type ScenarioRow, type OverlapTruth, type ScenarioFile } from './rows.ts';
export { writeScenario, SCENARIO_MARKER_FILE, type WriteProgress } from './writer.ts';
export { SCENARIO_FORMAT, type ScenarioManifest } from './manifest.ts';
export { stockPlanning, facilityStock, stockRecordId } from './stockpiles.ts';
export { bundledGsiDir } from './municipalities.ts';
export { readDrafts, checkDraft, type DraftLine } from './read-drafts.ts';

export interface ScenarioOptions {
  scale: ScaleName;
  seed: number;
  /** Person records in all; the scale's default when omitted. */
  persons?: number;
  /** Folder with code-to-city.json and ishikawa/ (default: the bundled data/gsi-shelters). */
  gsiDir?: string;
}

/** Read the municipality data a scale needs and plan its nodes and sizes. */
export async function prepareScenario(options: ScenarioOptions): Promise<ScenarioPlan> {
  const scale = scales[options.scale];
  const munis = await loadMunicipalities(options.gsiDir ?? bundledGsiDir, scale.includes);
  return planScenario(scale.name, options.seed >>> 0, options.persons ?? scale.defaultPersons, munis, scale.prefectureNodes);
}
