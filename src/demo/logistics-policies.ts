// The usage policies of the demo's logistics holders. The supermarket chain releases each store's stock for supply
// logistics to the prefecture and the municipalities of Ishikawa while an emergency is declared for the store's area,
// and nothing otherwise: totals per area outside an emergency need aggregate-only answers, which the policy engine
// does not give yet. The logistics firm releases its spare vehicles on the same terms. The prefecture shares its
// public depot's stock with its municipalities and the national agency at all times (stockpiles are managed every
// day, phase-free), and its road picture with every participant.
import { SHIPMENT_MESSAGE_FIELDS } from '../apps/logistics/outgoing-releases.ts';
import { codesOf, participantRoles, purposes, type Purpose } from '../model/index.ts';
import type { NodePolicy } from '../node/node-policies.ts';
import { parsePolicy } from '../policy/policy-schema.ts';
import type { DemoParticipant } from './scenario.ts';

const STOCK_FIELDS = ['heldAt', 'areaCode', 'location', 'item', 'quantity', 'unit', 'reserved', 'shippable', 'lots', 'expiresOn', 'allergens', 'unitLoad', 'note'];
const FACILITY_FIELDS = ['kind', 'name', 'operator', 'areaCode', 'address', 'location', 'status'];
const VEHICLE_FIELDS = [
  'operator', 'name', 'mode', 'vehicleClass', 'count', 'capacity', 'depot', 'location', 'loadsAt', 'landingPoints', 'radiusKm', 'speedKmh', 'tripsPerDay', 'turnaroundHours',
  'availableFrom', 'availableUntil', 'note',
];
const ROAD_FIELDS = ['name', 'from', 'to', 'geometry', 'roadClass', 'lengthKm', 'speedKmh', 'oneWay', 'status', 'allowedVehicleClasses', 'statusObservedAt', 'statusSource', 'note'];

const SUPPLY: Purpose[] = ['supply-logistics'];
const ALL_PHASES = ['normal', 'alert', 'emergency', 'recovery'];

interface PermitDoc {
  id: string;
  description: { ja: string; en: string };
  purposes: string[];
  roles: string[];
  actions: ('read' | 'write' | 'write-status')[];
  requesterJurisdiction: 'any' | 'covers-record-area' | 'same-prefecture';
  phases: string[];
  fields: string[];
  retention: string;
  onwardSharing: boolean;
  consentRequiredOutsideEmergency: false;
}

function policyOf(doc: { id: string; owner: string; dataset: string; description: { ja: string; en: string }; permits: PermitDoc[] }): NodePolicy {
  const parsed = parsePolicy({ ...doc, version: 1, fieldClasses: {} });
  if (!parsed.ok) throw new Error(`the demo policy ${doc.id} of ${doc.owner} does not parse: ${JSON.stringify(parsed.problems)}`);
  return { policy: parsed.value, source: 'demo' };
}

/** For supply logistics in a declared emergency, to the prefecture and municipalities of the record's prefecture. */
function emergencySupplyPermit(id: string, fields: string[], what: { ja: string; en: string }, actions: PermitDoc['actions'] = ['read']): PermitDoc {
  return {
    id,
    description: {
      ja: `災害宣言（応急対応期）の地域について、物資支援のため県と県内の市町村に${what.ja}を提供`,
      en: `${what.en} for supply logistics, to the prefecture and its municipalities, for areas under a declared emergency`,
    },
    purposes: SUPPLY,
    roles: ['prefecture', 'municipality'],
    actions,
    requesterJurisdiction: 'same-prefecture',
    phases: ['emergency'],
    fields,
    // Stock and vehicles change by the hour; a plan made from a day-old copy is already wrong.
    retention: 'PT24H',
    onwardSharing: false,
    consentRequiredOutsideEmergency: false,
  };
}

function retailerPolicies(p: DemoParticipant): NodePolicy[] {
  const what = { ja: '店舗ごとの在庫', en: 'Stock per store' };
  return [
    policyOf({
      id: `${p.key}-stock`,
      owner: p.id,
      dataset: 'stock',
      description: {
        ja: `${p.name.ja} 店舗在庫の利用ポリシー: 災害宣言中の地域の店舗在庫だけを物資支援のために提供（平時は提供しない）`,
        en: `${p.name.en}: store stock, released only for supply logistics in areas under a declared emergency (not in normal times)`,
      },
      // `write` lets the logistics application's dispatch orders draw on a store's stock (the store's operator still
      // commits or declines each one): docs/logistics.md.
      permits: [emergencySupplyPermit('emergency-supply-logistics', STOCK_FIELDS, what, ['read', 'write'])],
    }),
    policyOf({
      id: `${p.key}-stores`,
      owner: p.id,
      dataset: 'facilities',
      description: { ja: `${p.name.ja} 店舗の所在地と営業状況`, en: `${p.name.en}: where its stores are and whether they operate` },
      permits: [emergencySupplyPermit('emergency-supply-logistics', FACILITY_FIELDS, { ja: '店舗の所在地と営業状況', en: 'Store locations and operating status' })],
    }),
  ];
}

function logisticsFirmPolicies(p: DemoParticipant): NodePolicy[] {
  return [
    policyOf({
      id: `${p.key}-vehicles`,
      owner: p.id,
      dataset: 'vehicles',
      description: {
        ja: `${p.name.ja} 空き車両の利用ポリシー: 災害宣言中に物資支援のためだけに提供（平時は提供しない）`,
        en: `${p.name.en}: spare vehicles, released only for supply logistics under a declared emergency (not in normal times)`,
      },
      permits: [emergencySupplyPermit('emergency-supply-logistics', VEHICLE_FIELDS, { ja: '空き車両と積載量', en: 'Spare vehicles and their capacity' })],
    }),
    policyOf({
      id: `${p.key}-depots`,
      owner: p.id,
      dataset: 'facilities',
      description: { ja: `${p.name.ja} 物流拠点の所在地と稼働状況`, en: `${p.name.en}: where its depots are and whether they operate` },
      permits: [emergencySupplyPermit('emergency-supply-logistics', FACILITY_FIELDS, { ja: '物流拠点の所在地と稼働状況', en: 'Depot locations and operating status' })],
    }),
  ];
}

function prefecturalDepotPolicies(p: DemoParticipant): NodePolicy[] {
  const planning: Purpose[] = ['supply-logistics', 'training'];
  const depotPermit = (id: string, fields: string[], roles: string[], relation: PermitDoc['requesterJurisdiction'], who: { ja: string; en: string }, actions: PermitDoc['actions'] = ['read']): PermitDoc => ({
    id,
    description: { ja: `物資支援と訓練のため、${who.ja}に常時提供`, en: `For supply logistics and training, to ${who.en}, at all times` },
    purposes: planning,
    roles,
    actions,
    requesterJurisdiction: relation,
    phases: ALL_PHASES,
    fields,
    retention: 'P7D',
    onwardSharing: false,
    consentRequiredOutsideEmergency: false,
  });
  return [
    policyOf({
      id: `${p.key}-depot-stock`,
      owner: p.id,
      dataset: 'stock',
      description: { ja: `${p.name.ja} 県の備蓄倉庫の在庫`, en: `${p.name.en}: stock of the prefectural stockpile` },
      permits: [
        // The prefecture plans from its own stockpile too: its logistics application asks its own node like any other.
        depotPermit('municipalities', STOCK_FIELDS, ['prefecture', 'municipality'], 'same-prefecture', { ja: '県自身と県内の市町村', en: 'the prefecture itself and its municipalities' }, ['read', 'write']),
        depotPermit('national-agency', STOCK_FIELDS, ['national-agency'], 'any', { ja: '国の機関', en: 'national agencies' }, ['read', 'write']),
      ],
    }),
    policyOf({
      id: `${p.key}-depots`,
      owner: p.id,
      dataset: 'facilities',
      description: { ja: `${p.name.ja} 県の備蓄倉庫の所在地`, en: `${p.name.en}: where the prefectural stockpile is` },
      permits: [
        // The prefecture's own plans name its stockpile too, as they draw on its stock.
        depotPermit('municipalities', FACILITY_FIELDS, ['prefecture', 'municipality'], 'same-prefecture', { ja: '県自身と県内の市町村', en: 'the prefecture itself and its municipalities' }),
        depotPermit('national-agency', FACILITY_FIELDS, ['national-agency'], 'any', { ja: '国の機関', en: 'national agencies' }),
      ],
    }),
  ];
}

function roadPolicy(p: DemoParticipant): NodePolicy {
  return policyOf({
    id: `${p.key}-road-status`,
    owner: p.id,
    dataset: 'road-segments',
    description: {
      ja: `${p.name.ja} 道路区間と通行状況（道路管理者として公表する情報）`,
      en: `${p.name.en}: road segments and their status, as the road administrator announces them`,
    },
    permits: [
      {
        id: 'participants-any-purpose',
        description: { ja: '公表している通行規制情報: どの参加者にも、統計以外のどの目的でも、常時提供', en: 'Announced road closures: to every participant, for any purpose but statistics, at all times' },
        // Every purpose but statistics: a statistics permit must answer aggregates only (docs/policies.md), and the
        // announced closures are not statistics of anyone.
        purposes: codesOf(purposes).filter((x) => x !== 'statistics'),
        roles: codesOf(participantRoles),
        actions: ['read'],
        requesterJurisdiction: 'any',
        phases: ALL_PHASES,
        fields: ROAD_FIELDS,
        // A status is superseded within hours; a day keeps a copy from outliving it.
        retention: 'PT24H',
        onwardSharing: true,
        consentRequiredOutsideEmergency: false,
      },
    ],
  });
}

/**
 * The shipments this participant takes part in, between the parties of a supply chain in Ishikawa (the prefecture, its
 * municipalities, retailers, logistics firms), for supply logistics: who may report on them to this node while an
 * emergency is declared (`write-status`: a supplier's commitment and progress, a receiver's receipt; only the status
 * counts), and to whom this node's own dispatch orders and status updates may go at all times (`read`: the recipient
 * reading what is pushed, decided by this node before it sends; docs/policies.md).
 */
function shipmentsPolicy(p: DemoParticipant): NodePolicy {
  const parties = ['prefecture', 'municipality', 'retailer', 'logistics-firm'];
  return policyOf({
    id: `${p.key}-shipments`,
    owner: p.id,
    dataset: 'shipments',
    description: {
      ja: `${p.name.ja} 物資の輸送: 物資支援の相手（県・県内の市町村・小売・物流事業者）と出庫指示と状態を送り合う（状態の受け取りは災害宣言中）`,
      en: `${p.name.en}: shipments, dispatch orders and status exchanged with the other parties (the prefecture, its municipalities, retailers, logistics firms); status taken in under a declared emergency`,
    },
    permits: [
      {
        id: 'supply-chain-parties-messages',
        description: { ja: '物資支援のため、輸送の当事者に出庫指示と状態の通知を送る（常時。受け取るかは相手のポリシーが決める）', en: "Dispatch orders and status updates sent to the parties of a shipment, for supply logistics (at all times; whether to take them in is the recipient's policy)" },
        purposes: SUPPLY,
        roles: parties,
        actions: ['read'],
        requesterJurisdiction: 'same-prefecture',
        // Sending is not limited to a declared emergency: a prefecture's depot takes orders at all times (its stock
        // policy), and a shipment's own data names no person. Each recipient still decides what it takes in.
        phases: ALL_PHASES,
        fields: [...SHIPMENT_MESSAGE_FIELDS],
        retention: 'P7D',
        onwardSharing: false,
        consentRequiredOutsideEmergency: false,
      },
      {
        id: 'supply-chain-parties',
        description: { ja: '物資支援のため、輸送の当事者からの状態の報告を受け付ける（応急対応期）', en: 'Status reports from the parties of a shipment, for supply logistics (emergency)' },
        purposes: SUPPLY,
        roles: parties,
        actions: ['write-status'],
        requesterJurisdiction: 'same-prefecture',
        phases: ['emergency'],
        fields: ['status'],
        retention: 'P7D',
        onwardSharing: false,
        consentRequiredOutsideEmergency: false,
      },
    ],
  });
}

/** The demo participants that take part in supply chains: those holding logistics data, and the municipalities receiving. */
function takesPartInShipments(p: DemoParticipant): boolean {
  return p.role === 'municipality' || p.datasets.some((d) => d.kind === 'logistics-holdings');
}

/** The logistics policies of a demo participant, by the data it holds (none for the others). */
export function demoLogisticsPolicies(p: DemoParticipant): NodePolicy[] {
  const holders = new Set(p.datasets.flatMap((d) => (d.kind === 'logistics-holdings' ? [d.holder] : [])));
  return [
    ...(holders.has('retail-stores') ? retailerPolicies(p) : []),
    ...(holders.has('transport-fleet') ? logisticsFirmPolicies(p) : []),
    ...(holders.has('prefectural-depot') ? prefecturalDepotPolicies(p) : []),
    ...(p.datasets.some((d) => d.kind === 'noto-trunk-roads') ? [roadPolicy(p)] : []),
    ...(takesPartInShipments(p) ? [shipmentsPolicy(p)] : []),
  ];
}
