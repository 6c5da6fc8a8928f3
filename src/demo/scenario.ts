// The Noto 2024 demo federation: who takes part, in what role, for which areas, on which port, holding what data.
// Pure definitions; setup and start-up live in trust-setup.ts and federation.ts.
import type { ParticipantRole } from '../model/codes.ts';

export type DemoParticipantKey = 'national' | 'ishikawa' | 'nanao' | 'wajima' | 'dialysis' | 'care' | 'retailer' | 'logistics';

/** What a node holds: real open data or synthetic persons. */
export type DemoDataset =
  | { kind: 'gsi-shelters'; cities: 'all' | readonly string[] }
  | { kind: 'nanao-open-shelters' }
  /** The reconstructed JMA telegrams of 2024-01-01 (examples/alerts), imported as the exercise alerts they are. */
  | { kind: 'noto-alerts' }
  | { kind: 'synthetic-persons'; list: 'nanao-support-list' | 'wajima-support-list' | 'dialysis-patients' | 'care-clients' }
  /** The simplified Noto trunk-road network with the reconstructed closures of January 2024 (data/logistics). */
  | { kind: 'noto-trunk-roads' }
  /** A holder's supply-logistics data: depots or stores with their stock lines, or a firm's vehicles (logistics-holdings.ts). */
  | { kind: 'logistics-holdings'; holder: 'prefectural-depot' | 'retail-stores' | 'transport-fleet' };

export interface DemoParticipant {
  key: DemoParticipantKey;
  id: string;
  name: { ja: string; en: string };
  role: ParticipantRole;
  jurisdiction: readonly string[];
  /** Offset from the base port: nodes listen on consecutive loopback ports in this order. */
  portOffset: number;
  /** Whether the trust list lets it declare a disaster (its role's default otherwise). */
  declarationAuthority?: boolean;
  datasets: readonly DemoDataset[];
}

export const DEMO_TRUST_LIST_ID = 'jp-tsunagu-demo-trust-list';
/** The seed of the synthetic persons; changing it changes every synthetic person. */
export const DEMO_SEED = 20240101;
export const DEFAULT_DEMO_PORT = 8700;

export const demoParticipants: readonly DemoParticipant[] = [
  {
    key: 'national',
    id: 'jp-fdma',
    name: { ja: '消防庁（デモ・トラストアンカー）', en: 'Fire and Disaster Management Agency (demo trust anchor)' },
    role: 'national-agency',
    jurisdiction: ['JP'],
    portOffset: 0,
    declarationAuthority: true,
    datasets: [],
  },
  {
    key: 'ishikawa',
    id: 'jp-170003-ishikawa-pref',
    name: { ja: '石川県', en: 'Ishikawa Prefecture' },
    role: 'prefecture',
    jurisdiction: ['170003'],
    portOffset: 1,
    datasets: [
      { kind: 'gsi-shelters', cities: 'all' },
      { kind: 'noto-alerts' },
      // The prefecture is the road administrator of its prefectural roads and publishes the road picture.
      { kind: 'noto-trunk-roads' },
      { kind: 'logistics-holdings', holder: 'prefectural-depot' },
    ],
  },
  {
    key: 'nanao',
    id: 'jp-172022-nanao-city',
    name: { ja: '七尾市', en: 'Nanao City' },
    role: 'municipality',
    jurisdiction: ['172022'],
    portOffset: 2,
    datasets: [{ kind: 'gsi-shelters', cities: ['172022'] }, { kind: 'nanao-open-shelters' }, { kind: 'synthetic-persons', list: 'nanao-support-list' }, { kind: 'noto-alerts' }],
  },
  {
    key: 'wajima',
    id: 'jp-172049-wajima-city',
    name: { ja: '輪島市', en: 'Wajima City' },
    role: 'municipality',
    jurisdiction: ['172049'],
    portOffset: 3,
    datasets: [{ kind: 'gsi-shelters', cities: ['172049'] }, { kind: 'synthetic-persons', list: 'wajima-support-list' }, { kind: 'noto-alerts' }],
  },
  {
    key: 'dialysis',
    id: 'jp-172022-nanao-dialysis-clinic',
    name: { ja: '七尾みなと透析クリニック（架空）', en: 'Nanao Minato Dialysis Clinic (fictional)' },
    role: 'dialysis-clinic',
    jurisdiction: ['172022'],
    portOffset: 4,
    datasets: [{ kind: 'synthetic-persons', list: 'dialysis-patients' }],
  },
  {
    key: 'care',
    id: 'jp-172022-noto-home-care',
    name: { ja: 'のと在宅ケアサービス（架空）', en: 'Noto Home Care Services (fictional)' },
    role: 'care-provider',
    jurisdiction: ['172022', '172049'],
    portOffset: 5,
    datasets: [{ kind: 'synthetic-persons', list: 'care-clients' }],
  },
  {
    key: 'retailer',
    id: 'jp-170003-noto-mart',
    name: { ja: 'のとマート（架空のスーパーマーケット）', en: 'Noto Mart (fictional supermarket chain)' },
    role: 'retailer',
    // Where its stores are: Kanazawa, Nanao, Anamizu.
    jurisdiction: ['172014', '172022', '174611'],
    portOffset: 6,
    datasets: [{ kind: 'logistics-holdings', holder: 'retail-stores' }],
  },
  {
    key: 'logistics',
    id: 'jp-172022-noto-chuo-transport',
    name: { ja: 'のと中央運輸（架空の物流事業者）', en: 'Noto Chuo Transport (fictional logistics firm)' },
    role: 'logistics-firm',
    // Based in Nanao, with a second depot in Kanazawa; its vehicles are decided for the area it is based in.
    jurisdiction: ['172022'],
    portOffset: 7,
    datasets: [{ kind: 'logistics-holdings', holder: 'transport-fleet' }],
  },
];

export const demoCities = {
  '172022': { ja: '七尾市', en: 'Nanao', phoneAreaCode: '0767' },
  '172049': { ja: '輪島市', en: 'Wajima', phoneAreaCode: '0768' },
} as const;
export type DemoCityCode = keyof typeof demoCities;

export function demoParticipant(keyOrId: string): DemoParticipant | undefined {
  return demoParticipants.find((p) => p.key === keyOrId || p.id === keyOrId);
}

export function demoParticipantByKey(key: DemoParticipantKey): DemoParticipant {
  const p = demoParticipants.find((x) => x.key === key);
  if (!p) throw new Error(`no demo participant ${key}`);
  return p;
}
