// The usage policies of the ASEAN demo's nodes. The AHA Centre shares the DELSA warehouses' stock, lead times and
// ships and aircraft with itself (its logistics application plans from them and draws on the stock with dispatch
// orders) and lets the national disaster management organisations of the member states see them, at all times: a
// regional stockpile is managed phase-free. Every party of a shipment — the Centre, the OCD, DSWD Field Office VIII —
// accepts status reports from the others, and sends its own orders and updates to them, for supply logistics only while
// an emergency is declared for the shipment's destination; under such a declaration the Centre also takes the
// Philippine agencies' EDXL-RM requests (which their nodes release to it) and lets each sender read the answer to its own.
import { DEMAND_FIELDS } from '../../apps/logistics/rm-delivery.ts';
import { SHIPMENT_MESSAGE_FIELDS } from '../../apps/logistics/outgoing-releases.ts';
import { COMMIT_FIELDS } from '../../apps/logistics/rm-public-routes.ts';
import type { Purpose } from '../../model/index.ts';
import type { NodePolicy } from '../../node/node-policies.ts';
import { parsePolicy } from '../../policy/policy-schema.ts';
import type { AseanParticipant } from './scenario.ts';

const STOCK_FIELDS = ['heldAt', 'areaCode', 'location', 'item', 'quantity', 'unit', 'reserved', 'shippable', 'unitLoad', 'lots', 'expiresOn', 'allergens', 'note'];
const VEHICLE_FIELDS = [
  'operator', 'name', 'mode', 'vehicleClass', 'count', 'capacity', 'depot', 'location', 'loadsAt', 'landingPoints', 'radiusKm', 'speedKmh', 'tripsPerDay', 'turnaroundHours',
  'availableFrom', 'availableUntil', 'note',
];
const FACILITY_FIELDS = ['kind', 'name', 'operator', 'areaCode', 'address', 'location', 'status'];
const LEAD_TIME_FIELDS = ['from', 'to', 'mode', 'hours', 'validFrom', 'validUntil', 'basis', 'source', 'note'];
const ALL_PHASES = ['normal', 'alert', 'emergency', 'recovery'];
const PLANNING: Purpose[] = ['supply-logistics', 'training'];

type Action = 'read' | 'write' | 'write-status';

interface Permit {
  id: string;
  en: string;
  ja: string;
  purposes: Purpose[];
  roles: string[];
  actions: Action[];
  phases: string[];
  fields: string[];
  retention: string;
}

function policyOf(p: AseanParticipant, id: string, dataset: string, description: { en: string; ja: string }, permits: Permit[]): NodePolicy {
  const parsed = parsePolicy({
    id: `${p.key}-${id}`, version: 1, owner: p.id, dataset, description, fieldClasses: {},
    permits: permits.map((x) => ({
      id: x.id, description: { ja: x.ja, en: x.en }, purposes: x.purposes, roles: x.roles, actions: x.actions,
      // Across borders there is no prefecture to share: who may ask is decided by role, list and declaration.
      requesterJurisdiction: 'any', phases: x.phases, fields: x.fields, retention: x.retention, onwardSharing: false, consentRequiredOutsideEmergency: false,
    })),
  });
  if (!parsed.ok) throw new Error(`the ASEAN demo policy ${id} of ${p.id} does not parse: ${JSON.stringify(parsed.problems)}`);
  return { policy: parsed.value, source: 'demo-asean' };
}

function delsaPolicies(p: AseanParticipant): NodePolicy[] {
  const coordinator: Permit = {
    id: 'aha-centre-planning', en: 'The AHA Centre plans from DELSA stock and draws on it with dispatch orders, at all times',
    ja: 'AHAセンター自身が DELSA の在庫から計画し、出庫指示で引き当てる（常時）',
    purposes: PLANNING, roles: ['regional-coordinator'], actions: ['read', 'write'], phases: ALL_PHASES, fields: STOCK_FIELDS,
    // Stock changes with every release; a week-old copy misleads.
    retention: 'P7D',
  };
  const agencies: Permit = {
    id: 'member-state-agencies', en: "Member states' disaster management organisations see DELSA stock, for supply logistics and training, at all times",
    ja: '加盟国の防災機関は DELSA の在庫を見られる（物資支援・訓練、常時）',
    purposes: PLANNING, roles: ['national-disaster-agency'], actions: ['read'], phases: ALL_PHASES, fields: STOCK_FIELDS, retention: 'PT24H',
  };
  // The Philippine agencies send their EDXL-RM RequestResource to the Centre's node while an emergency is declared.
  const requesters: Permit = {
    id: 'member-state-requests', en: "Member states' disaster agencies and welfare offices send requests for DELSA relief items, under a declared emergency",
    ja: '加盟国の防災機関・福祉事務所は、緊急事態の宣言中、DELSA の物資を要請できる',
    purposes: ['supply-logistics'], roles: ['national-disaster-agency', 'welfare-office'], actions: ['write'], phases: ['emergency'], fields: DEMAND_FIELDS, retention: 'P30D',
  };
  return [
    policyOf(p, 'delsa-requests', 'demands', { en: `${p.name.en}: requests for DELSA relief items`, ja: 'AHAセンター: DELSA の物資の要請' }, [requesters]),
    policyOf(p, 'delsa-stock', 'stock', { en: `${p.name.en}: stock of the DELSA warehouses`, ja: 'AHAセンター: DELSA 倉庫の在庫' }, [coordinator, agencies]),
    // Lead times are the Centre's planning figures (here the demo's assumptions): itself and the member states'
    // disaster agencies may read them, as they read the stock they qualify; nobody else.
    policyOf(p, 'delsa-lead-times', 'lead-times', { en: `${p.name.en}: lead times from the DELSA warehouses`, ja: 'AHAセンター: DELSA 倉庫からのリードタイム' }, [
      { ...coordinator, actions: ['read'], fields: LEAD_TIME_FIELDS, retention: 'P30D' },
      { ...agencies, fields: LEAD_TIME_FIELDS },
    ]),
    // The ships and aircraft the Centre may charter (the demo's assumptions) are planning figures like the lead times.
    policyOf(p, 'delsa-craft', 'vehicles', { en: `${p.name.en}: ships and aircraft for DELSA releases`, ja: 'AHAセンター: DELSA の放出に使える船舶・航空機' }, [
      { ...coordinator, actions: ['read'], fields: VEHICLE_FIELDS, retention: 'P30D' },
      { ...agencies, fields: VEHICLE_FIELDS },
    ]),
    policyOf(p, 'delsa-warehouses', 'facilities', { en: `${p.name.en}: where the DELSA warehouses are`, ja: 'AHAセンター: DELSA 倉庫の所在地' }, [
      { ...coordinator, actions: ['read'], fields: FACILITY_FIELDS },
      { ...agencies, fields: FACILITY_FIELDS },
    ]),
  ];
}

/** Where DSWD takes deliveries is what a plan sends to: the planners see it, so plans and orders name each point. */
function receivingPointPolicies(p: AseanParticipant): NodePolicy[] {
  return [
    policyOf(p, 'receiving-points', 'facilities', { en: `${p.name.en}: where relief deliveries are received`, ja: '救援物資の受け入れ拠点の所在地' }, [
      {
        id: 'planners', en: 'The regional coordinator and national disaster management organisations see the receiving points, for supply logistics and training, at all times',
        ja: '地域調整機関と各国防災機関は受け入れ拠点を見られる（物資支援・訓練、常時）',
        purposes: PLANNING, roles: ['regional-coordinator', 'national-disaster-agency'], actions: ['read'], phases: ALL_PHASES, fields: FACILITY_FIELDS, retention: 'P7D',
      },
    ]),
  ];
}

function shipmentsPolicy(p: AseanParticipant): NodePolicy {
  // At the Centre, the agency that sent a request reads the answer to it (the CommitResource of the shipments planned for it).
  const answers: Permit[] = p.holds !== 'delsa-warehouses' ? [] : [{
    id: 'requesters-read-answers', en: 'The sender of a request reads the answer to it (CommitResource), for supply logistics, under a declared emergency',
    ja: '要請を送った機関はその答え（CommitResource）を読める（物資支援、応急対応期）',
    purposes: ['supply-logistics'], roles: ['national-disaster-agency', 'welfare-office'], actions: ['read'], phases: ['emergency'], fields: COMMIT_FIELDS, retention: 'P7D',
  }];
  return policyOf(p, 'shipments', 'shipments', { en: `${p.name.en}: status of shipments from the other parties`, ja: '輸送の状態の報告を他の当事者から受け取る' }, [
    ...answers,
    {
      // This node's own dispatch orders and status updates, decided by it before they go (docs/policies.md).
      id: 'supply-chain-parties-messages', en: 'Dispatch orders and status updates sent to the parties of a shipment, for supply logistics, under a declared emergency',
      ja: '物資支援のため、輸送の当事者に出庫指示と状態の通知を送る（応急対応期）',
      purposes: ['supply-logistics'], roles: ['regional-coordinator', 'national-disaster-agency', 'welfare-office'], actions: ['read'],
      phases: ['emergency'], fields: [...SHIPMENT_MESSAGE_FIELDS], retention: 'P7D',
    },
    {
      id: 'supply-chain-parties', en: 'Status reports from the parties of a shipment, for supply logistics, under a declared emergency',
      ja: '物資支援のため、輸送の当事者からの状態の報告を受け付ける（応急対応期）',
      purposes: ['supply-logistics'], roles: ['regional-coordinator', 'national-disaster-agency', 'welfare-office'], actions: ['write-status'],
      phases: ['emergency'], fields: ['status'], retention: 'P7D',
    },
  ]);
}

/**
 * The requests a member state's agency sends the regional coordinator (EDXL-RM RequestResource): its node decides each
 * before it goes, as the Centre reading them — under a declared emergency, as the Centre takes them in.
 */
function requestsSentPolicy(p: AseanParticipant): NodePolicy {
  return policyOf(p, 'requests-sent', 'demands', { en: `${p.name.en}: requests for relief items sent to the AHA Centre`, ja: 'AHAセンターに送る物資の要請' }, [
    {
      id: 'regional-coordinator', en: 'Requests for DELSA relief items go to the regional coordinator, for supply logistics, under a declared emergency',
      ja: '物資支援のため、DELSA の物資の要請を地域調整機関に送る（応急対応期）',
      purposes: ['supply-logistics'], roles: ['regional-coordinator'], actions: ['read'], phases: ['emergency'], fields: DEMAND_FIELDS, retention: 'P30D',
    },
  ]);
}

/** The policies of an ASEAN demo participant, by what it holds; every one takes part in shipments, every other than the Centre requests. */
export function aseanPolicies(p: AseanParticipant): NodePolicy[] {
  return [
    ...(p.holds === 'delsa-warehouses' ? delsaPolicies(p) : [requestsSentPolicy(p)]),
    ...(p.holds === 'receiving-points' ? receivingPointPolicies(p) : []),
    shipmentsPolicy(p),
  ];
}
