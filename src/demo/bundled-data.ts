// The demo's bundled data, imported into a node's own database once: real shelter open data for the authorities,
// Nanao's evacuee counts, the reconstructed telegrams, roads and logistics holdings, synthetic persons for the cities,
// the clinic and the care provider.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyImport, type InputFile } from '../adapters/apply-import.ts';
import { gsiSheltersImporter } from '../adapters/gsi-shelters.ts';
import { nanaoOpenSheltersImporter } from '../adapters/nanao-open-shelters.ts';
import { jmaImporter } from '../adapters/jma/jma-importer.ts';
import type { Importer } from '../adapters/types.ts';
import { message, type Lang } from '../i18n/index.ts';
import type { AnyRecordDraft } from '../model/index.ts';
import type { Store } from '../store/types.ts';
import { loadLocalities } from '../scenario/localities.ts';
import { reportedAtDemoStart } from './scenario-clock.ts';
import { logisticsHoldings } from './logistics-holdings.ts';
import { NOTO_ROADS_FILE, parseNotoRoads } from './noto-roads.ts';
import { demoCities, demoParticipantByKey, type DemoDataset, type DemoParticipant } from './scenario.ts';
import type { OpenShelter } from './after-the-quake.ts';
import { generateSyntheticPersons, type SyntheticPopulation, type SyntheticSizes } from './synthetic-persons.ts';
import type { DemoPaths } from './trust-setup.ts';

export const bundledDataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');
/** Bump when what a node imports changes, so existing demo databases import again. */
// 2: home-oxygen reports dated at the first start (scenario-clock.ts); 3: the reconstructed Noto telegrams as
// exercise alerts; 4: the Noto trunk roads, the prefectural depot, the supermarket chain and the logistics firm;
// 5: persons in Nanao's open shelters, with food allergies and infants (after-the-quake.ts).
// A store imported by an earlier version imports again.
const DEMO_DATA_VERSION = 5;

async function readInputs(files: readonly string[]): Promise<InputFile[]> {
  return Promise.all(files.map(async (f) => ({ name: path.basename(f), bytes: new Uint8Array(await readFile(f)) })));
}

async function gsiFiles(dataDir: string, cities: 'all' | readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ['evacuation', 'emergency']) {
    const dir = path.join(dataDir, 'gsi-shelters', 'ishikawa', kind);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    for (const n of names) if (cities === 'all' || cities.includes(n.replace(/\.json$/, ''))) out.push(path.join(dir, n));
  }
  return out;
}

/** The reconstructed telegrams of the 2024-01-01 earthquake shipped with the examples (examples/alerts/README.md). */
async function notoAlertFiles(): Promise<string[]> {
  const dir = path.join(bundledDataDir, '..', 'examples', 'alerts');
  return (await readdir(dir)).filter((f) => f.endsWith('.reconstruction.xml')).sort().map((f) => path.join(dir, f));
}

async function nanaoSnapshotFiles(dataDir: string): Promise<string[]> {
  const dir = path.join(dataDir, 'noto-2024-nanao');
  return (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.startsWith('open_shelter_Nanao-shi_') && f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(dir, f));
}

async function importFiles(store: Store, participant: DemoParticipant, importer: Importer, files: readonly string[], lang: Lang): Promise<void> {
  if (files.length === 0) return;
  const summary = await applyImport(store, importer, await readInputs(files), { sourceNode: participant.id, now: new Date().toISOString() }, { partial: true });
  if (!summary.applied) {
    const first = summary.rejected[0];
    const detail = first ? message(first.code, first.params, lang) : '-';
    throw new Error(message('DEMO_DATA_IMPORT_FAILED', { node: participant.id, kind: importer.kind, detail }, lang));
  }
}

/** Bundled records written in one transaction: a node holds all of a dataset or none of it. */
async function writeAll(store: Store, drafts: readonly AnyRecordDraft[]): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.upsert(drafts);
  });
}

async function importDataset(store: Store, p: DemoParticipant, d: DemoDataset, population: () => Promise<SyntheticPopulation>, dataDir: string, lang: Lang): Promise<void> {
  switch (d.kind) {
    case 'gsi-shelters':
      return importFiles(store, p, gsiSheltersImporter, await gsiFiles(dataDir, d.cities), lang);
    case 'nanao-open-shelters':
      return importFiles(store, p, nanaoOpenSheltersImporter, await nanaoSnapshotFiles(dataDir), lang);
    case 'noto-alerts':
      // As JMA delivers them to the prefecture and the municipalities; 訓練 telegrams stay an exercise picture.
      return importFiles(store, p, jmaImporter, await notoAlertFiles(), lang);
    case 'noto-trunk-roads': {
      const parsed = parseNotoRoads(await readFile(path.join(dataDir, 'logistics', NOTO_ROADS_FILE), 'utf8'));
      if (!parsed.ok) {
        const detail = parsed.problems.slice(0, 3).map((x) => `${x.path}: ${x.message}`).join('; ');
        throw new Error(message('DEMO_DATA_IMPORT_FAILED', { node: p.id, kind: d.kind, detail }, lang));
      }
      const at = new Date().toISOString();
      const drafts = parsed.value.records.map((r) => ({ ...r, lineage: [{ activity: 'import' as const, file: NOTO_ROADS_FILE, adapter: d.kind, at }] }));
      return writeAll(store, drafts);
    }
    case 'logistics-holdings': {
      // Counted at the demo's first start, like the home-oxygen reports: expiry and availability run from then.
      const drafts = logisticsHoldings(d.holder, p, new Date());
      return writeAll(store, drafts);
    }
    case 'synthetic-persons': {
      // Imported once, at the demo's first start: supplies that run down are reported as of then (scenario-clock.ts).
      const drafts = reportedAtDemoStart((await population()).lists[d.list], new Date());
      return writeAll(store, drafts);
    }
  }
}

/**
 * Import a node's bundled data once; a marker names the data version and seed it was imported with. The population is
 * asked for only when persons are imported: a later start, or a node without persons, never generates it.
 */
export async function ensureImported(
  store: Store,
  paths: DemoPaths,
  p: DemoParticipant,
  seed: number,
  population: () => Promise<SyntheticPopulation>,
  dataDir: string,
  lang: Lang,
): Promise<void> {
  if (!(await importPending(paths, p, seed))) return;
  for (const d of p.datasets) await importDataset(store, p, d, population, dataDir, lang);
  await writeFile(paths.importMarker(p.id), `${JSON.stringify(importMarkerOf(seed))}\n`);
}

const importMarkerOf = (seed: number) => ({ version: DEMO_DATA_VERSION, seed });

/** Whether this node's bundled data is still to be imported (no marker of this data version and seed). */
export async function importPending(paths: Pick<DemoPaths, 'importMarker'>, p: DemoParticipant, seed: number): Promise<boolean> {
  if (p.datasets.length === 0) return false;
  const existing = await readFile(paths.importMarker(p.id), 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined);
  return JSON.stringify(existing) !== JSON.stringify(importMarkerOf(seed));
}

/**
 * The shelters open in Nanao's newest bundled snapshot, read by the importer the city's node uses, so a person's
 * shelter is the id of a shelter record that node holds. Wajima has no open-shelter data in the bundle.
 */
async function nanaoOpenShelters(dataDir: string): Promise<OpenShelter[]> {
  const newest = (await nanaoSnapshotFiles(dataDir)).at(-1);
  if (newest === undefined) return [];
  const [input] = await readInputs([newest]);
  const parsed = nanaoOpenSheltersImporter.parse(input!.name, input!.bytes, { sourceNode: demoParticipantByKey('nanao').id, now: new Date(0).toISOString() });
  return parsed.items.flatMap(({ draft }) => {
    if (draft.type !== 'shelter') return [];
    const count = draft.data.evacueeCounts.at(-1);
    const at = draft.data.location?.coordinates;
    if (count === undefined || at === undefined || draft.data.openStatus !== 'open') return [];
    return [{ id: draft.id, name: draft.data.name.ja ?? draft.id, location: [at[0]!, at[1]!], evacuees: count.count, observedAt: count.observedAt }];
  });
}

/** Generate the synthetic persons of the scenario from the bundled GSI data's localities and Nanao's open shelters. */
export async function demoPopulation(dataDir: string, seed: number, sizes?: Partial<SyntheticSizes>): Promise<SyntheticPopulation> {
  const gsiDir = path.join(dataDir, 'gsi-shelters', 'ishikawa');
  const localities = {
    '172022': await loadLocalities(gsiDir, '172022', demoCities['172022'].ja),
    '172049': await loadLocalities(gsiDir, '172049', demoCities['172049'].ja),
  };
  const openShelters = { '172022': await nanaoOpenShelters(dataDir), '172049': [] };
  return generateSyntheticPersons({ seed, localities, openShelters, ...(sizes ? { sizes } : {}) });
}
