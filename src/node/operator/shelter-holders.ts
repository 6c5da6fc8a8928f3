// Which peers hold shelters, read from their public catalogs at each map load (counts only, no record, so nothing a
// provider decides or audits). The console's map asks only those: a clinic holding no shelter would otherwise decide
// and audit a "shelters, 0 records" read for every map load on every other node, burying the entries that matter in
// its log. Not cached, so a node's first shelters show at the next load. A peer whose catalog cannot be read is
// asked as before, so its failure is still reported.
import { PeerFailure } from '../../federation/fan-out.ts';

/** The shelters a catalog says its node holds; undefined when the catalog does not read as one. */
export function shelterCountOf(catalog: unknown): number | undefined {
  const datasets = (catalog as { dataset?: unknown } | null)?.dataset;
  if (!Array.isArray(datasets)) return undefined;
  const shelters = datasets.find((d): d is { identifier: string; recordCount?: unknown } => typeof d === 'object' && d !== null && (d as { identifier?: unknown }).identifier === 'shelters');
  if (!shelters) return 0;
  return typeof shelters.recordCount === 'number' && Number.isInteger(shelters.recordCount) && shelters.recordCount >= 0 ? shelters.recordCount : undefined;
}

/** One peer's catalog: the body when it answered 200, `unreadable` for any other answer; throws when unreachable. */
export type CatalogFetch = (participantId: string, signal: AbortSignal) => Promise<{ body: unknown } | 'unreadable'>;

export interface ShelterHolders {
  /** False only when the peer's catalog says it holds no shelter. */
  holdsShelters(participantId: string, signal: AbortSignal): Promise<boolean>;
}

export function createShelterHolders(options: { fetchCatalog: CatalogFetch }): ShelterHolders {
  return {
    async holdsShelters(participantId, signal) {
      let answer: Awaited<ReturnType<CatalogFetch>>;
      try {
        answer = await options.fetchCatalog(participantId, signal);
      } catch (e) {
        // Unreachable for its catalog is unreachable for its shelters: reported as missing, as the query would be.
        if (e instanceof PeerFailure) throw e;
        return true;
      }
      const count = answer === 'unreadable' ? undefined : shelterCountOf(answer.body);
      return count === undefined || count > 0;
    },
  };
}
