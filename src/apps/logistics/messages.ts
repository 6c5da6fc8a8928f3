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
  LOGISTICS_FLOW_NEARER_FLEET_FULL: {
    ja: '{{depot}} からより早く届ける {{fleet}}（{{minutes}}分）は、計画の時間内に運べる分をすべて使っています',
    en: 'The faster way from {{depot}} ({{minutes}} min), {{fleet}}, carries all it can in the planning window',
  },
  LOGISTICS_FLOW_NEARER_KEPT: {
    ja: 'より近い拠点 {{depot}}（{{minutes}}分）の{{item}}は、そこからしか届かない、または優先度の高い届け先のために残しています',
    en: 'The {{item}} at the nearer depot {{depot}} ({{minutes}} min) is kept for destinations that only it can reach or that have higher priority',
  },
  LOGISTICS_TIME_LEAD_TIME: {
    ja: '所要時間は {{source}} が示したリードタイムです: {{mode}}で {{hours}} 時間',
    en: 'Lead time stated by {{source}}: {{hours}} h by {{mode}}',
  },
  LOGISTICS_TIME_LEAD_TIME_ASSUMED: {
    ja: '所要時間は {{source}} が仮定したリードタイムです: {{mode}}で {{hours}} 時間（運用実績の値ではありません）',
    en: 'Lead time assumed by {{source}}: {{hours}} h by {{mode}} (an assumption, not a figure from operations)',
  },
  LOGISTICS_TIME_STRAIGHT_LINE: {
    ja: '所要時間は直線距離 {{km}} km を時速 {{kmh}} km で走るとした見積もりです（{{hours}} 時間）',
    en: 'Straight-line estimate at {{kmh}} km/h: {{km}} km, {{hours}} h',
  },
  LOGISTICS_TIME_CRAFT: {
    ja: '船舶・航空機の区間の所要時間は {{km}} km を時速 {{kmh}} km で進み、積込み・荷揚げを含めた見積もりです（{{hours}} 時間。港・飛行場までの陸路は含みません）',
    en: 'The sea or air leg is estimated at {{kmh}} km/h over {{km}} km, loading and unloading included: {{hours}} h (any drive to the port or airfield comes on top)',
  },
  LOGISTICS_FLOW_BY_SEA: {
    ja: '{{quantity}} {{unit}}の{{item}}は海路で届けます: {{from}} から {{landing}} へ（{{fleet}}、{{vehicleClass}}、{{trips}}便分）',
    en: '{{quantity}} {{unit}} of {{item}} go by sea from {{from}} to {{landing}} ({{fleet}}, {{vehicleClass}}, {{trips}} trips)',
  },
  LOGISTICS_FLOW_BY_AIR: {
    ja: '{{quantity}} {{unit}}の{{item}}は空路（{{vehicleClass}}）で届けます: {{from}} から {{landing}} へ（{{fleet}}、{{trips}}便分）',
    en: '{{quantity}} {{unit}} of {{item}} go by air ({{vehicleClass}}) from {{from}} to {{landing}} ({{fleet}}, {{trips}} flights)',
  },
  LOGISTICS_FLOW_BY_ROAD_THEN_SEA: {
    ja: '{{quantity}} {{unit}}の{{item}}は陸路で {{depot}} から {{from}} へ（{{roadMinutes}}）、そこから海路で {{landing}} へ届けます（{{fleet}}、{{vehicleClass}}、{{trips}}便分）',
    en: '{{quantity}} {{unit}} of {{item}} go by road from {{depot}} to {{from}} ({{roadMinutes}}), then by sea to {{landing}} ({{fleet}}, {{vehicleClass}}, {{trips}} trips)',
  },
  LOGISTICS_FLOW_BY_ROAD_THEN_AIR: {
    ja: '{{quantity}} {{unit}}の{{item}}は陸路で {{depot}} から {{from}} へ（{{roadMinutes}}）、そこから空路（{{vehicleClass}}）で {{landing}} へ届けます（{{fleet}}、{{trips}}便分）',
    en: '{{quantity}} {{unit}} of {{item}} go by road from {{depot}} to {{from}} ({{roadMinutes}}), then by air ({{vehicleClass}}) to {{landing}} ({{fleet}}, {{trips}} flights)',
  },
  LOGISTICS_SEA_AIR_USED: {
    ja: '道路で届かない届け先と、船舶・航空機で送るリードタイムが示された届け先へ、船舶・航空機の {{arcs}} 通りの便を計画に入れました（ほかの道路で届く届け先には使いません）。港・飛行場から離れた拠点の在庫は、まず道路で港・飛行場へ運びます（指定された拠点と、道路で6時間30分以内の近い拠点8か所まで。通行止めの道路は通りません）。運航時間は1日に船舶24時間・航空機10時間、1往復＝港・飛行場→荷揚げ地点→港・飛行場、積み降ろしは船舶120分・航空機60分としています',
    en: 'Ships and aircraft gave {{arcs}} depot–destination options to destinations no road vehicle reaches and to those a lead time of their mode is stated for (never otherwise where a road vehicle can). Stock away from the port or airfield goes there by road first (from the depot the craft names and the 8 nearest depots within 6 h 30 min by road, never over a closed road). In service 24 hours a day for ships and 10 for aircraft; one round trip = port or airfield → landing point → back, with 120 minutes of handling for a ship and 60 for an aircraft',
  },
  LOGISTICS_LEAD_TIMES_USED: {
    ja: '道路網に経路がない拠点と届け先の {{arcs}} 組には、倉庫・物流事業者が示したリードタイムを使いました（経路がある組には使いません）',
    en: 'Stated lead times were used for {{arcs}} depot–destination pairs with no road-network path (never where a path exists)',
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
  LOGISTICS_OPTIMALITY_WHOLE_UNITS: {
    ja: '個数で数える物資は丸ごとの単位で運ぶため、線形計画の（端数を許す）最適解より不足（優先度で重み付け）が {{cost}} 多くなっています。最適な計画の不足は {{bound}} 以上で、この計画との差は最大 {{gap}}（この計画の不足の {{percent}}%）です',
    en: 'Goods counted in units travel in whole units, which leaves a priority-weighted shortfall {{cost}} above the linear programme’s fractional optimum. The optimum has a shortfall of at least {{bound}}; this plan is at most {{gap}} above it ({{percent}} % of this plan’s shortfall)',
  },
  LOGISTICS_OPTIMALITY_GAP: {
    ja: 'この計画は各届け先の近い拠点 {{k}} か所だけを使っています。到達できるすべての拠点を使う最適な計画の不足（優先度で重み付け）は {{bound}} 以上で、この計画との差は最大 {{gap}}（この計画の不足の {{percent}}%）です',
    en: 'This plan uses only the {{k}} nearest depots of each destination. The optimum over every reachable depot has a priority-weighted shortfall of at least {{bound}}; this plan is at most {{gap}} above it ({{percent}} % of this plan’s shortfall)',
  },
  LOGISTICS_SOLVER_FAILED: {
    ja: '最適化ソルバー（HiGHS）が第{{phase}}段階で最適解を得られませんでした（状態コード {{status}}）。計画は作られていません',
    en: 'The optimiser (HiGHS) found no optimum in phase {{phase}} (status code {{status}}); no plan was made',
  },
  LOGISTICS_ROUTING_STRAIGHT_LINE: {
    ja: '道路区間のデータがどのノードからも得られなかったため、所要時間は直線距離を時速{{kmh}} kmで走るものとして見積もりました（通行止めは考慮されていません）',
    en: 'No node gave road segments, so travel times assume the straight-line distance at {{kmh}} km/h (closures are not considered)',
  },
  LOGISTICS_STOCK_UNPLACED: {
    ja: '在庫 {{stock}}（{{node}}）は位置が分からないため、経路を求められず計画に使っていません',
    en: 'Stock {{stock}} ({{node}}) has no position, so no route can be found and the plan does not use it',
  },
  LOGISTICS_CAPACITY_LIMITED: {
    ja: '輸送能力が計画を制約しました。車両が足りないため、在庫があっても届けられない需要があります',
    en: 'Transport capacity limited the plan: some needs go unmet although stock exists, because the vehicles are fully used',
  },
  LOGISTICS_CAPACITY_BINDS_TRIP: {
    ja: '{{fleet}}（{{vehicleClass}}、{{count}}隻・機）は計画の時間内に運航できる便をすべて使っています（約 {{trips}} 往復、{{measure}}が上限）。主に {{depot}} からの輸送に使われています。あと1便あれば、優先度で重み付けした不足が {{value}} 減ります',
    en: '{{fleet}} ({{vehicleClass}}, {{count}} craft) makes every trip it can in the planning window (about {{trips}} round trips; {{measure}} is the limit), mostly carrying from {{depot}}. One more trip would reduce the priority-weighted shortfall by {{value}}',
  },
  LOGISTICS_CAPACITY_BINDS: {
    ja: '{{fleet}}（{{vehicleClass}}、{{count}}台）は計画の時間内に使い切られています（{{measure}}が上限）。主に {{depot}} からの輸送に使われています。同じ車両があと1台あれば、優先度で重み付けした不足が {{value}} 減ります',
    en: '{{fleet}} ({{vehicleClass}}, {{count}} vehicles) is fully used in the planning window ({{measure}} is the limit), mostly carrying from {{depot}}. One more such vehicle would reduce the priority-weighted shortfall by {{value}}',
  },
  LOGISTICS_TRANSPORT_MODELLED: {
    ja: '輸送能力: 物流事業者の車両 {{fleets}} 件の積載量（重量・容積）と、{{from}} から {{hours}} 時間の運行時間（1日13時間の拘束時間、1往復＝拠点→積込み→届け先→拠点、積み降ろし60分）の範囲で計画しました',
    en: 'Transport capacity: the plan stays within the payload (weight and volume) of {{fleets}} vehicle records of the logistics firms and their driving time in the {{hours}} hours from {{from}} (13 duty hours a day; one trip = base → depot → destination → base, with 60 minutes of loading and unloading)',
  },
  LOGISTICS_MODE_NOT_MODELLED: {
    ja: '{{mode}}の輸送能力は計画に入っていません（計画の時間内に使える、位置の分かるその方法の車両・船舶・航空機がなく、その輸送は示されたリードタイムか見積もりの時間だけで計画しました）',
    en: 'Transport capacity by {{mode}} is not in this plan: no vehicle, ship or aircraft of that mode with a known position is available in the planning window, so those deliveries were planned by their stated or estimated times only',
  },
  LOGISTICS_TRANSPORT_NOT_MODELLED: {
    ja: '輸送能力は計画に入っていません（計画の時間内に使える、位置の分かる車両のデータがありません。得られた車両レコード {{fleets}} 件）',
    en: 'Transport capacity is not in this plan: no vehicle with a known position is available in the planning window ({{fleets}} vehicle records gathered)',
  },
  LOGISTICS_FLEET_UNPLACED: {
    ja: '車両 {{fleet}} は位置（拠点）が分からないため、計画に使っていません',
    en: 'Vehicles {{fleet}} have no position (base), so the plan does not use them',
  },
  LOGISTICS_NO_FLEET_REACHES: {
    ja: '{{destination}} へは道路はありますが、その経路を走れ、拠点から往復できる車両がありません',
    en: 'A road reaches {{destination}}, but no vehicle can drive that route and return to its base',
  },
  LOGISTICS_LOAD_UNKNOWN: {
    ja: '{{item}}（{{unit}}）は1単位の重さ・容積が分からないため、車両の積載量に数えていません',
    en: 'The weight and volume of one unit of {{item}} ({{unit}}) are unknown, so it is not counted against vehicle capacity',
  },
  LOGISTICS_NOTHING_TO_PLAN: {
    ja: '計画する需要がありません（避難者数のある開設中の避難所も、入力された要請もありません）',
    en: 'There is no need to plan for (no open shelter with an evacuee count, no request entered)',
  },
  LOGISTICS_PLAN_UNKNOWN: { ja: '計画 {{planId}} はありません', en: 'There is no plan {{planId}}' },
  LOGISTICS_PLAN_LINE_UNKNOWN: { ja: '計画 {{planId}} に行 {{line}} はありません', en: 'Plan {{planId}} has no line {{line}}' },
  LOGISTICS_PLAN_NOT_PROPOSED: {
    ja: '計画 {{planId}} はすでに{{state}}です。提案中の計画だけを編集・承認・却下できます',
    en: 'Plan {{planId}} is already {{state}}; only a proposed plan can be edited, approved or declined',
  },
  LOGISTICS_STOCK_CHANGED: {
    ja: '計画が前提にした在庫が変わりました: {{supplier}} の {{stock}} は版 {{was}} でしたが、いまは {{now}} です。計画を作り直してください',
    en: 'The stock the plan relied on has changed: {{stock}} at {{supplier}} was version {{was}} and is now {{now}}; propose the plan again',
  },
  LOGISTICS_STOCK_UNANSWERED: {
    ja: '計画が前提にした在庫を確かめられません: {{supplier}} が答えませんでした（{{detail}}）。承認していません',
    en: 'The stock the plan relied on cannot be checked: {{supplier}} did not answer ({{detail}}); nothing was approved',
  },
  LOGISTICS_LINE_OVER_STOCK: {
    ja: '行 {{line}}: 在庫 {{stock}} からの合計 {{total}} が出荷可能な数量 {{available}} を超えます',
    en: 'Line {{line}}: {{total}} in all from stock {{stock}} is more than the {{available}} it can ship',
  },
  LOGISTICS_LINE_OVER_DEMAND: {
    ja: '行 {{line}}: 需要 {{demand}} への合計 {{total}} が必要な数量 {{asked}} を超えます',
    en: 'Line {{line}}: {{total}} in all to need {{demand}} is more than the {{asked}} it asks for',
  },
  LOGISTICS_LINE_ALLERGEN: {
    ja: '行 {{line}}: 在庫 {{stock}} には、この需要が避けるアレルゲン（{{allergens}}）が含まれるか、含まれるかどうか不明です',
    en: 'Line {{line}}: stock {{stock}} contains, or may contain, an allergen this need avoids ({{allergens}})',
  },
  LOGISTICS_LINE_ITEM_MISMATCH: {
    ja: '行 {{line}}: 在庫 {{stock}} の品目・単位がこの需要と合いません',
    en: 'Line {{line}}: the item or unit of stock {{stock}} does not match the need',
  },
  LOGISTICS_PEER_UNKNOWN: {
    ja: '参加者 {{participant}} のノードがトラストリストにないため、指示を送れません',
    en: 'Participant {{participant}} has no node in the trust list, so nothing can be sent to it',
  },
  LOGISTICS_RM_NOT_REQUEST: {
    ja: 'メッセージ {{messageId}} は {{type}} です。要請として取り込めるのは RequestResource だけです',
    en: 'Message {{messageId}} is a {{type}}; only a RequestResource can be taken in as requests',
  },
  LOGISTICS_RM_ELEMENT_REPEATED: {
    ja: 'メッセージ {{messageId}} の {{element}} が、前の行と同じ ResourceInfoElementID です。行ごとに別の ID にしてください',
    en: '{{element}} of message {{messageId}} repeats the ResourceInfoElementID of an earlier line; give each line its own id',
  },
  LOGISTICS_RM_MESSAGE_ID_REUSED: {
    ja: 'MessageID {{messageId}} は {{sender}} から別の内容ですでに受け取っています。内容を変えるときは新しい MessageID と MessageRecall（Update）で送ってください',
    en: 'MessageID {{messageId}} was already received from {{sender}} with other content; to change it, send a new MessageID with a MessageRecall (Update)',
  },
  LOGISTICS_RM_RECALL_UNKNOWN: {
    ja: 'メッセージ {{messageId}} の MessageRecall が指す {{recalled}} はこのノードにありません。何も変えていません',
    en: 'The MessageRecall of {{messageId}} names {{recalled}}, which this node never received; nothing was changed',
  },
  LOGISTICS_RM_RECALL_NOT_SENDER: {
    ja: 'メッセージ {{recalled}} を取り消し・更新できるのは送った {{sender}} だけです（メッセージ {{messageId}}）',
    en: 'Only {{sender}}, who sent {{recalled}}, may update or cancel it (message {{messageId}})',
  },
  LOGISTICS_RM_RECALL_WITHDRAWN: {
    ja: 'メッセージ {{recalled}} は {{by}} ですでに更新または取り消されています（メッセージ {{messageId}}）。最新のメッセージを指してください',
    en: 'Message {{recalled}} was already updated or cancelled by {{by}} (message {{messageId}}); recall the newest one',
  },
  LOGISTICS_RM_RECALL_ORDERED: {
    ja: 'メッセージ {{recalled}} の要請（{{requests}}）には承認済みの計画で出庫指示が出ています。取り消し・更新はできません（メッセージ {{messageId}}）。先に担当者が指示を辞退してください',
    en: 'Approved plans have already ordered goods for requests of {{recalled}} ({{requests}}), so message {{messageId}} cannot update or cancel it; the orders must be declined first',
  },
  LOGISTICS_RM_DOCUMENT_REFUSED: {
    ja: 'EDXL-RM の文書を取り込みませんでした（何も保存していません）: {{reasons}}',
    en: 'The EDXL-RM document was not taken in (nothing was stored): {{reasons}}',
  },
  LOGISTICS_RM_TAKEN: {
    ja: '{{sender}} の EDXL-RM メッセージ {{messages}}: 要請 {{lines}} 行を取り込み、{{withdrawn}} 行を取り下げ、{{unchanged}} 件は受け取り済みで変更なし（{{by}}）',
    en: 'EDXL-RM messages {{messages}} from {{sender}}: {{lines}} request lines taken in, {{withdrawn}} withdrawn, {{unchanged}} already received and unchanged ({{by}})',
  },
  LOGISTICS_RM_REFUSED: {
    ja: '{{sender}} の EDXL-RM 文書（メッセージ {{messages}}）を拒否しました: {{codes}}',
    en: 'EDXL-RM document from {{sender}} (messages {{messages}}) refused: {{codes}}',
  },
  LOGISTICS_RM_SENT: {
    ja: 'EDXL-RM RequestResource {{messageId}}（{{lines}} 行）を {{to}} へ送る配信に入れました（{{by}}）',
    en: 'EDXL-RM RequestResource {{messageId}} ({{lines}} lines) queued for {{to}} ({{by}})',
  },
  LOGISTICS_RM_SIGNATURE_REQUIRED: {
    ja: '要請への答えを読めるのは、署名した要求で名乗った参加者だけです',
    en: 'Only a participant proven by a signed request can read the answer to its request',
  },
  LOGISTICS_RM_MESSAGE_UNKNOWN: {
    ja: 'このノードはあなたから EDXL-RM メッセージ {{messageId}} を受け取っていません',
    en: 'This node has received no EDXL-RM message {{messageId}} from you',
  },
  LOGISTICS_RM_NO_ANSWER_YET: {
    ja: 'メッセージ {{messageId}} の要請には、まだ引受も辞退もありません',
    en: 'No request line of message {{messageId}} has been committed or declined yet',
  },
  LOGISTICS_RM_ANSWER_RELEASED: {
    ja: 'メッセージ {{messageId}} への答え（CommitResource、{{lines}} 行）を {{requester}} に渡しました',
    en: 'The answer to message {{messageId}} (CommitResource, {{lines}} lines) was released to {{requester}}',
  },
  LOGISTICS_RM_ANSWER_READ: {
    ja: '{{from}} からメッセージ {{messageId}} への答え（CommitResource）を読みました',
    en: 'The answer to message {{messageId}} (CommitResource) was read from {{from}}',
  },
  LOGISTICS_RM_ANSWER_UNAVAILABLE: {
    ja: '{{from}} からメッセージ {{messageId}} への答えを得られませんでした（{{status}}: {{detail}}）',
    en: 'No answer to message {{messageId}} could be had from {{from}} ({{status}}: {{detail}})',
  },
  LOGISTICS_RM_NOT_ANSWER: {
    ja: 'メッセージ {{messageId}}（{{type}}）は要請への答えではありません。要請（RequestResource）と答え（CommitResource・ReportResourceDeploymentStatus）は別の文書で送ってください',
    en: 'Message {{messageId}} ({{type}}) is not an answer to a request: send requests (RequestResource) and answers (CommitResource, ReportResourceDeploymentStatus) in separate documents',
  },
  LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN: {
    ja: 'メッセージ {{messageId}} が答える要請 {{request}} を、このノードは送っていません（OriginatingMessageID・PrecedingMessageID）',
    en: 'Message {{messageId}} answers request {{request}}, which this node never sent (OriginatingMessageID, PrecedingMessageID)',
  },
  LOGISTICS_RM_ANSWER_NOT_ADDRESSEE: {
    ja: '要請 {{request}} は {{addressee}} に送ったものです。{{sender}} の答え {{messageId}} は受け取れません',
    en: 'Request {{request}} went to {{addressee}}; the answer {{messageId}} from {{sender}} cannot be taken',
  },
  LOGISTICS_RM_ANSWER_LINE_REFUSED: {
    ja: 'メッセージ {{messageId}} の行 {{element}} は、要請 {{request}} のどの行にも当てはまりません（要素 ID か単位が違います）',
    en: 'Line {{element}} of message {{messageId}} matches no line of request {{request}} (another element id or unit)',
  },
  LOGISTICS_RM_ANSWER_TAKEN: {
    ja: '{{sender}} からの答え {{messages}}（要請 {{requests}}）: {{lines}} 行を保存、{{unchanged}} 件は受け取り済みで変更なし（{{by}}）',
    en: 'Answers {{messages}} from {{sender}} (to requests {{requests}}): {{lines}} lines stored, {{unchanged}} already received and unchanged ({{by}})',
  },
  LOGISTICS_RM_ANSWER_QUEUED: {
    ja: '出庫指示 {{orderId}} の「{{state}}」を、要請 {{request}} への {{type}} として {{to}} へ送る配信に入れました',
    en: 'Dispatch order {{orderId}} {{state}}: {{type}} for request {{request}} queued for {{to}}',
  },
  LOGISTICS_RM_ANSWER_NOT_QUEUED: {
    ja: '出庫指示 {{orderId}} の「{{state}}」を、要請 {{request}} の送り手 {{to}} に送れませんでした（{{reason}}）。答えは署名付きの GET で読めます',
    en: 'Dispatch order {{orderId}} {{state}} could not be queued for {{to}}, the sender of request {{request}} ({{reason}}); the answer can still be read by a signed GET',
  },
  LOGISTICS_RM_ANSWER_RELAYED: {
    ja: '出庫指示 {{orderId}} の「{{state}}」（{{from}} のノードからの更新）を、要請の送り手への答えとして中継する判断をしました',
    en: 'Dispatch order {{orderId}} {{state}} (an update from {{from}}\'s node): relaying it as an answer to the requests\' senders was decided',
  },
  LOGISTICS_RM_ANSWER_REFUSED: {
    ja: '出庫指示 {{orderId}} の「{{state}}」の答え（要請 {{request}}）は {{to}} に送っていません: このノードのポリシーが拒否しました（{{reasons}}）',
    en: 'Dispatch order {{orderId}} {{state}}: the answer to request {{request}} was not sent to {{to}}: refused by this node\'s policy ({{reasons}})',
  },
  LOGISTICS_RM_SENT_RECORDED: {
    ja: 'データスペースの外の {{recipient}} に送った RequestResource {{messageId}}（{{lines}} 行）を記録しました（{{by}}）',
    en: 'RequestResource {{messageId}} ({{lines}} lines) sent outside the data space to {{recipient}} recorded ({{by}})',
  },
  LOGISTICS_RM_SENT_UNKNOWN: {
    ja: 'このノードは MessageID {{messageId}} の要請を送っていません（送った記録もありません）',
    en: 'This node sent no request with MessageID {{messageId}} (nor recorded one as sent)',
  },
  LOGISTICS_RM_SENDER_OPERATOR_FILE: {
    ja: 'このノードのオペレーター（ファイルの取り込み）',
    en: 'this node’s operator (an imported file)',
  },
  LOGISTICS_RM_ANSWERS_LISTED: {
    ja: '送った要請 {{messageId}} への答え {{answers}} 件を表示しました',
    en: '{{answers}} answers to request {{messageId}} sent were shown',
  },
  LOGISTICS_RM_SENT_REUSED: {
    ja: 'MessageID {{messageId}} は別の内容か別の宛先（{{recipient}}）ですでに送っています。新しい MessageID を使ってください',
    en: 'MessageID {{messageId}} was already sent with other content or to another party ({{recipient}}): use a new MessageID',
  },
  LOGISTICS_PLAN_NOTHING_TO_REPORT: {
    ja: '計画 {{planId}} には、{{type}} に書ける輸送がまだありません',
    en: 'Plan {{planId}} has no shipment yet that a {{type}} can carry',
  },
  LOGISTICS_EXPORT_REFUSED: {
    ja: '書き出せませんでした: {{reasons}}',
    en: 'Nothing could be written: {{reasons}}',
  },
  LOGISTICS_EXPORTED: {
    ja: '{{what}} を {{format}} で書き出しました（{{lines}} 行）',
    en: '{{what}} written as {{format}} ({{lines}} lines)',
  },
  LOGISTICS_ORDER_UNKNOWN: { ja: '出庫指示 {{orderId}} はこのノードにありません', en: 'This node has no dispatch order {{orderId}}' },
  LOGISTICS_STOCK_UNKNOWN: { ja: '在庫 {{stock}} はこのノードにありません', en: 'This node holds no stock {{stock}}' },
  LOGISTICS_ORDER_ITEM_MISMATCH: {
    ja: '出庫指示 {{orderId}} の品目・単位（{{ordered}}）が在庫 {{stock}}（{{held}}）と合いません',
    en: 'Dispatch order {{orderId}} asks for {{ordered}}, but stock {{stock}} holds {{held}}',
  },
  LOGISTICS_STOCK_INSUFFICIENT: {
    ja: '在庫 {{stock}} で引き受けられるのは {{available}} までです（指示 {{orderId}} は {{quantity}}）。引き受けていません',
    en: 'Stock {{stock}} can take on at most {{available}} (order {{orderId}} asks {{quantity}}); nothing was committed',
  },
  LOGISTICS_LEDGER_UNKNOWN: {
    ja: '在庫 {{stock}} の台帳がありません（指示 {{orderId}}）',
    en: 'There is no ledger for stock {{stock}} (order {{orderId}})',
  },
  LOGISTICS_TRANSITION_REFUSED: {
    ja: '出庫指示 {{orderId}} をその状態にはできません（{{path}}: {{detail}}）',
    en: 'Dispatch order {{orderId}} cannot move there ({{path}}: {{detail}})',
  },
  LOGISTICS_UPDATE_NOT_ALLOWED: {
    ja: '出庫指示 {{orderId}} の「{{state}}」を報告できるのは {{party}} だけです（送信者 {{sender}}）',
    en: 'Only {{party}} may report {{state}} for dispatch order {{orderId}} (sent by {{sender}})',
  },
  LOGISTICS_UPDATE_MISMATCH: {
    ja: '出庫指示 {{orderId}} の更新が、指示された内容（供給者・届け先・品目行）と違います',
    en: 'The update of dispatch order {{orderId}} changes what was ordered (supplier, destination or lines)',
  },
  LOGISTICS_ORDER_NOT_OURS: {
    ja: '出庫指示 {{orderId}} はこのノード（{{node}}）に関係しません',
    en: 'Dispatch order {{orderId}} does not concern this node ({{node}})',
  },
  LOGISTICS_RECEIPT_INVALID: {
    ja: '受領の記録が出荷と合いません（{{path}}: {{detail}}）',
    en: 'The receipt does not account for what was shipped ({{path}}: {{detail}})',
  },
  LOGISTICS_ORDER_RECEIVED: {
    ja: '出庫指示 {{orderId}}（{{quantity}} {{unit}}の{{item}}、在庫 {{stock}}）を {{requester}} から受け取りました。担当者の判断を待ちます',
    en: 'Dispatch order {{orderId}} ({{quantity}} {{unit}} of {{item}}, stock {{stock}}) received from {{requester}}; it waits for an operator',
  },
  LOGISTICS_ORDER_DUPLICATE: {
    ja: '出庫指示 {{orderId}} はすでに受け取っています。何も変えていません',
    en: 'Dispatch order {{orderId}} was already received; nothing changed',
  },
  LOGISTICS_SHIPMENT_UPDATED: {
    ja: '出庫指示 {{orderId}} が「{{state}}」になりました（{{sender}} の報告、{{by}}）',
    en: 'Dispatch order {{orderId}} is now {{state}} (reported by {{sender}}, {{by}})',
  },
  LOGISTICS_SHIPMENT_UNCHANGED: {
    ja: '出庫指示 {{orderId}} はすでに「{{state}}」です。何も変えていません',
    en: 'Dispatch order {{orderId}} is already {{state}}; nothing changed',
  },
  LOGISTICS_REQUEST_ENTERED: {
    ja: '要請 {{requestId}} を入力しました（{{quantity}} {{unit}}の{{item}}、届け先 {{destination}}、{{by}}）',
    en: 'Request {{requestId}} entered ({{quantity}} {{unit}} of {{item}} to {{destination}}, by {{by}})',
  },
  LOGISTICS_PLAN_PROPOSED: {
    ja: '計画 {{planId}} を提案しました（{{lines}}行、需要 {{needs}}件、在庫 {{stocks}}件、回答しなかったノード {{missing}}）',
    en: 'Plan {{planId}} proposed ({{lines}} lines, {{needs}} needs, {{stocks}} stock lines, nodes that did not answer: {{missing}})',
  },
  LOGISTICS_PLAN_EDITED: {
    ja: '計画 {{planId}} の行 {{line}} を {{before}} から {{after}} に変えました（{{by}}）',
    en: 'Plan {{planId}} line {{line}} changed from {{before}} to {{after}} (by {{by}})',
  },
  LOGISTICS_PLAN_APPROVED: {
    ja: '計画 {{planId}} を承認し、出庫指示 {{orders}}件を送りました（{{by}}）',
    en: 'Plan {{planId}} approved and {{orders}} dispatch orders sent (by {{by}})',
  },
  LOGISTICS_PLAN_DECLINED: {
    ja: '計画 {{planId}} を却下しました（{{by}}: {{reason}}）',
    en: 'Plan {{planId}} declined (by {{by}}: {{reason}})',
  },
  LOGISTICS_GATHERED: {
    ja: 'コンソールに{{what}}を表示しました（{{records}}件、回答したノード {{answered}}、回答しなかったノード {{missing}}）',
    en: 'The console was shown {{what}} ({{records}} records; nodes that answered: {{answered}}; did not: {{missing}})',
  },
  LOGISTICS_SHIPMENT_CHANGED: {
    ja: '出庫指示 {{orderId}} を「{{state}}」にしました（{{by}}）',
    en: 'Dispatch order {{orderId}} set to {{state}} (by {{by}})',
  },
  LOGISTICS_ORDER_RELEASE_REFUSED: {
    ja: '計画 {{planId}} は承認していません: 次の供給者への出庫指示を送ることを、このノードのポリシーが許しません — {{refusedJa}}。その供給者の行を 0 にして（計画の編集）、またはポリシーを見直してから、もう一度承認してください',
    en: "Plan {{planId}} was not approved: this node's policy does not release the dispatch orders to {{refusedEn}}. Set that supplier's lines to 0 (edit the plan), or review the policy, and approve again",
  },
  LOGISTICS_UPDATE_RELEASE_REFUSED: {
    ja: '出庫指示 {{orderId}} は「{{state}}」にしていません: 状態の通知を送ることを、このノードのポリシーが許しません — {{refusedJa}}',
    en: "Dispatch order {{orderId}} was not set to {{state}}: this node's policy does not release the status update to {{refusedEn}}",
  },
  LOGISTICS_RM_SEND_REFUSED: {
    ja: '要請 {{messageId}} は送っていません: 送ることを、このノードのポリシーが許しません — {{refusedJa}}',
    en: "Request {{messageId}} was not sent: this node's policy does not release it to {{refusedEn}}",
  },
} as const satisfies MessageCatalog;

export const logisticsMessages = defineMessages(logisticsCatalog);
