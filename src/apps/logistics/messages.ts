// Sentences that explain a logistics plan (why each delivery comes from where, what runs out first, what would
// relieve it, how close to optimal the plan is) and the logistics application's errors. {{…}} are parameters.
// Registered with the node's messages when this module loads (src/node/application).
import { defineMessages, type MessageCatalog } from '../../node/application/index.ts';

export const logisticsCatalog = {
  LOGISTICS_FLOW_NEAREST: {
    ja: '{{quantity}} {{unit}}の{{item}}を、届け先から最も早く着く拠点 {{depot}} から送ります（{{minutes}}分）',
    en: '{{quantity}} {{unit}} of {{item}} come from {{depot}}, the depot holding it that is fastest to reach ({{minutes}} min)',
  },
  LOGISTICS_FLOW_NEARER_EXHAUSTED: {
    ja: 'より近い拠点 {{depot}}（{{minutes}}分）の{{item}}は使い切られています（他の届け先に割り当て済み）',
    en: 'The nearer depot {{depot}} ({{minutes}} min) has no {{item}} left: all of it is allocated',
  },
  LOGISTICS_FLOW_NEARER_ALLERGEN: {
    ja: 'より近い拠点 {{depot}}（{{minutes}}分）の{{item}}には、この需要が避けるアレルゲン（{{allergens}}）が含まれるか、含まれるかどうか不明です',
    en: 'The {{item}} at the nearer depot {{depot}} ({{minutes}} min) contains, or may contain, an allergen this need avoids ({{allergens}})',
  },
  LOGISTICS_FLOW_NEARER_TRANSPORT_FULL: {
    ja: 'より近い拠点 {{depot}}（{{minutes}}分）の車両の積載量はすべて使われています',
    en: "The vehicles at the nearer depot {{depot}} ({{minutes}} min) are fully loaded",
  },
  LOGISTICS_FLOW_NEARER_KEPT: {
    ja: 'より近い拠点 {{depot}}（{{minutes}}分）の{{item}}は、そこからしか届かない、または優先度の高い届け先のために残しています',
    en: 'The {{item}} at the nearer depot {{depot}} ({{minutes}} min) is kept for destinations that only it can reach or that have higher priority',
  },
  LOGISTICS_DESTINATION_ISOLATED: {
    ja: '{{destination}} へは通行できる道路がありません（孤立）。空路または海路での輸送が必要です',
    en: 'No open road reaches {{destination}} (isolated): it needs delivery by air or sea',
  },
  LOGISTICS_SHORTAGE: {
    ja: '{{item}}: 需要 {{demanded}} に対して出荷可能な在庫は {{available}}（充足率 {{coverage}}%）。満たせない需要 {{unmet}}',
    en: '{{item}}: {{available}} can ship against a demand of {{demanded}} ({{coverage}} % covered); {{unmet}} unmet',
  },
  LOGISTICS_SHORTAGE_FIRST: {
    ja: '最初に不足するのは{{item}}です（充足率 {{coverage}}%）',
    en: '{{item}} runs out first ({{coverage}} % covered)',
  },
  LOGISTICS_RELIEF_STOCK: {
    ja: '拠点 {{depot}} の{{item}}が1単位増えるごとに、優先度で重み付けした不足が {{value}} 減ります',
    en: 'Each additional unit of {{item}} at {{depot}} would reduce the priority-weighted shortfall by {{value}}',
  },
  LOGISTICS_RELIEF_TRANSPORT: {
    ja: '拠点 {{depot}} の輸送能力が1 kg増えるごとに、優先度で重み付けした不足が {{value}} 減ります',
    en: 'Each additional kilogram of transport capacity at {{depot}} would reduce the priority-weighted shortfall by {{value}}',
  },
  LOGISTICS_OPTIMALITY_EXACT: {
    ja: 'この計画の不足（優先度で重み付け）は、到達できるすべての拠点を使う場合の最適値に等しいことが双対によって確かめられています',
    en: 'The LP duals prove this plan’s priority-weighted shortfall equals the optimum over every reachable depot',
  },
  LOGISTICS_OPTIMALITY_GAP: {
    ja: 'この計画は各届け先の近い拠点 {{k}} か所だけを使っています。到達できるすべての拠点を使う最適な計画の不足（優先度で重み付け）は {{bound}} 以上で、この計画との差は最大 {{gap}}（この計画の不足の {{percent}}%）です',
    en: 'This plan uses only the {{k}} nearest depots of each destination. The optimum over every reachable depot has a priority-weighted shortfall of at least {{bound}}; this plan is at most {{gap}} above it ({{percent}} % of this plan’s shortfall)',
  },
  LOGISTICS_SOLVER_FAILED: {
    ja: '最適化ソルバー（HiGHS）が第{{phase}}段階で最適解を得られませんでした（状態コード {{status}}）。計画は作られていません',
    en: 'The optimiser (HiGHS) found no optimum in phase {{phase}} (status code {{status}}); no plan was made',
  },
} as const satisfies MessageCatalog;

export const logisticsMessages = defineMessages(logisticsCatalog);
