// Whether a node takes a trust list it fetched: verified against the pinned keys of an anchor it trusts, strictly newer
// than the list it holds (a replayed old list could undo a revocation), and, when an anchor announces a new key in a
// list signed with a key the node pins, that key pinned too (how an anchor's key roll-over reaches nodes). Pure.
import type { PublicKey } from '../model/participant.ts';
import { problem } from './problems.ts';
import { isNewerTrustList, verifyTrustList, type TrustList } from './trust-list.ts';
import { createTrustRegistry, type TrustConfig, type TrustRegistryBuild } from './trust-registry.ts';
import type { TrustProblem } from './verified.ts';

export interface HeldTrust {
  config: TrustConfig;
  /** The signed lists the node holds, one per anchor (as verified; from its cache or an earlier fetch). */
  documents: readonly unknown[];
  build: TrustRegistryBuild;
}

export type TrustListUpdate =
  | { kind: 'accepted'; held: HeldTrust; list: TrustList; previousVersion?: number; learnedKeys: PublicKey[] }
  | { kind: 'unchanged'; list: TrustList }
  | { kind: 'refused'; problems: TrustProblem[] };

/** Build what a node holds from configuration and documents; the documents not used are dropped. */
export function heldTrust(config: TrustConfig, documents: readonly unknown[], now: Date): HeldTrust {
  const build = createTrustRegistry(config, documents, now);
  return { config, documents: [...build.registry.lists.values()].map((l) => l.signed), build };
}

/** Pinned keys after a list signed with a pinned key announced `announced`: new keys added, known keys' ends taken over. */
export function learnAnchorKeys(pinned: readonly PublicKey[], announced: readonly PublicKey[]): { keys: PublicKey[]; learned: PublicKey[] } {
  const same = (a: PublicKey, b: PublicKey) => a.kid === b.kid && a.publicKey === b.publicKey;
  const keys = pinned.map((p) => {
    const a = announced.find((x) => same(x, p));
    return a?.validUntil !== undefined && a.validUntil !== p.validUntil ? { ...p, validUntil: a.validUntil } : p;
  });
  const learned = announced.filter((a) => !pinned.some((p) => same(a, p)) && !pinned.some((p) => p.kid === a.kid));
  return { keys: [...keys, ...learned], learned };
}

function claimedAnchor(doc: unknown): string | undefined {
  const id = (doc as { payload?: { anchor?: { id?: unknown } } } | null)?.payload?.anchor?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Decide on a fetched list document (already parsed from JSON). */
export function applyFetchedTrustList(held: HeldTrust, fetched: unknown, now: Date): TrustListUpdate {
  const anchorId = claimedAnchor(fetched);
  const anchor = anchorId === undefined ? undefined : held.build.registry.anchors.get(anchorId);
  if (!anchor) {
    return { kind: 'refused', problems: [problem('TRUST_LIST_NOT_RECOGNISED', { trustList: '-', anchor: anchorId ?? '-' }, 'payload.anchor.id')] };
  }
  const verified = verifyTrustList(fetched, { trustListId: anchor.trustListId, anchorId: anchor.anchorId, keys: anchor.keys }, now);
  if (!verified.ok) return { kind: 'refused', problems: verified.problems };
  const list = verified.value.payload;
  const current = held.build.registry.lists.get(anchor.anchorId)?.list;
  if (current && !isNewerTrustList(list, current)) {
    if (list.version === current.version && list.issuedAt === current.issuedAt) return { kind: 'unchanged', list };
    return {
      kind: 'refused',
      problems: [
        problem(
          'TRUST_LIST_OLDER_THAN_HELD',
          { trustList: list.id, version: list.version ?? '-', issuedAt: list.issuedAt, heldVersion: current.version ?? '-', heldIssuedAt: current.issuedAt },
          'payload.version',
        ),
      ],
    };
  }
  let config = held.config;
  let learned: PublicKey[] = [];
  const configured = config.anchors.find((a) => a.anchorId === anchor.anchorId);
  if (configured) {
    const roll = learnAnchorKeys(configured.keys, list.anchor.keys);
    learned = roll.learned;
    config = { ...config, anchors: config.anchors.map((a) => (a === configured ? { ...a, keys: roll.keys } : a)) };
  }
  const others = held.documents.filter((d) => claimedAnchor(d) !== anchor.anchorId);
  const next = heldTrust(config, [...others, verified.value], now);
  const used = next.build.registry.lists.get(anchor.anchorId);
  if (used?.signed !== verified.value) {
    const why = next.build.rejected.find((r) => r.anchorId === anchor.anchorId)?.problems ?? [];
    return { kind: 'refused', problems: why.length > 0 ? why : [problem('TRUST_LIST_NOT_RECOGNISED', { trustList: list.id, anchor: anchor.anchorId }, 'payload.anchor.id')] };
  }
  return { kind: 'accepted', held: next, list, ...(current?.version === undefined ? {} : { previousVersion: current.version }), learnedKeys: learned };
}
