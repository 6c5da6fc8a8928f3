// The ASEAN logistics demo: who takes part, in what role, for which areas, on which trust lists, on which port, holding
// what. Pure definitions; the data is in data/asean (data.ts), trust in trust.ts, start-up in federation.ts.
import { aseanCountries } from '../../model/area-code.ts';
import type { ParticipantRole } from '../../model/codes.ts';

export type AseanParticipantKey = 'aha-centre' | 'ocd' | 'dswd-fo8';
export type AseanTrustListKey = 'asean' | 'philippines';

export interface AseanTrustListDef {
  key: AseanTrustListKey;
  id: string;
  /** The participant that signs the list and serves it from its node. */
  anchor: AseanParticipantKey;
  /** The areas a node lets this list vouch for (TrustConfig `jurisdictions`); undefined: no limit. */
  jurisdictions?: readonly string[];
}

export interface AseanParticipant {
  key: AseanParticipantKey;
  id: string;
  name: { en: string };
  role: ParticipantRole;
  jurisdiction: readonly string[];
  portOffset: number;
  /** Where its operators work: the console shows times in this IANA zone. */
  timeZone: string;
  /** The lists that name it; its credential comes from the first. */
  listedBy: readonly AseanTrustListKey[];
  declarationAuthority?: boolean;
  holds: 'delsa-warehouses' | 'receiving-points' | 'nothing';
}

export const ASEAN_SCENARIO = 'asean';

/**
 * The two lists. The ASEAN list, anchored by the AHA Centre, names the Centre and the national disaster management
 * organisations it works with (here the Philippines' Office of Civil Defense). The Philippine list, anchored by the
 * OCD as the country's own anchor, names the Philippine government participants (OCD, DSWD Field Office VIII); every
 * node is configured to let it vouch for the Philippines only. Every node trusts both, ASEAN first, so the AHA Centre
 * accepts DSWD Field Office VIII — listed by the Philippines alone — and DSWD checks the Centre's signatures.
 */
export const aseanTrustLists: readonly AseanTrustListDef[] = [
  { key: 'asean', id: 'asean-tsunagu-demo-trust-list', anchor: 'aha-centre' },
  { key: 'philippines', id: 'ph-tsunagu-demo-trust-list', anchor: 'ocd', jurisdictions: ['PH'] },
];

export const aseanParticipants: readonly AseanParticipant[] = [
  {
    key: 'aha-centre',
    id: 'asean-aha-centre',
    name: { en: 'AHA Centre (ASEAN Coordinating Centre for Humanitarian Assistance on disaster management; operates DELSA)' },
    role: 'regional-coordinator',
    jurisdiction: aseanCountries,
    portOffset: 0,
    timeZone: 'Asia/Jakarta', // the AHA Centre sits in Jakarta
    listedBy: ['asean'],
    holds: 'delsa-warehouses',
  },
  {
    key: 'ocd',
    id: 'ph-ocd',
    name: { en: 'Office of Civil Defense (NDRRMC secretariat), the Philippines' },
    role: 'national-disaster-agency',
    jurisdiction: ['PH'],
    portOffset: 1,
    timeZone: 'Asia/Manila',
    listedBy: ['asean', 'philippines'],
    declarationAuthority: true,
    holds: 'nothing',
  },
  {
    key: 'dswd-fo8',
    id: 'ph-dswd-fo8',
    name: { en: 'DSWD Field Office VIII (Eastern Visayas), the Philippines' },
    role: 'welfare-office',
    jurisdiction: ['PH08'],
    portOffset: 2,
    timeZone: 'Asia/Manila',
    listedBy: ['philippines'],
    holds: 'receiving-points',
  },
];

export function aseanParticipant(keyOrId: string): AseanParticipant | undefined {
  return aseanParticipants.find((p) => p.key === keyOrId || p.id === keyOrId);
}

export function aseanParticipantByKey(key: AseanParticipantKey): AseanParticipant {
  return aseanParticipants.find((p) => p.key === key)!;
}
