// Messages of aggregate-only answers (statistics): permits that release counts per group, the node's answer with
// small groups withheld, and the requester's merge of several providers' tables.
import type { MessageCatalog } from '../catalog.ts';

export const statisticsMessages = {
  // Policy documents
  POLICY_SCHEMA_STATISTICS_NOT_AGGREGATE: {
    ja: '{{path}}: 統計目的の許可は集計（"answer": { "kind": "aggregate", … }）だけを提供できます。データセット {{dataset}} の項目「{{field}}」（区分 {{fieldClass}}）を一人ずつの記録として渡すと、記録IDで他の回答と突き合わせられ、統計に必要な範囲を超えます',
    en: '{{path}}: a permit for statistics may release aggregates only ("answer": { "kind": "aggregate", … }): per-person records of field "{{field}}" ({{fieldClass}}) of dataset {{dataset}} carry stable record ids that can be joined with other answers, and are more than statistics need',
  },
  POLICY_SCHEMA_AGGREGATE_GROUP_FIELD: {
    ja: '{{path}}: 集計の区分に使えるのは、決まった値（コード）を持つ項目だけです。データセット {{dataset}} の項目「{{field}}」は自由な値（氏名・IDなど）を持ちうるため、区分の値が個人を表してしまいます',
    en: '{{path}}: an aggregate may only group by fields holding codes from a closed list; field "{{field}}" of dataset {{dataset}} can hold free values (names, ids), which would name the people counted',
  },
  POLICY_SCHEMA_AGGREGATE_SUM_FIELD: {
    ja: '{{path}}: 合計できるのは数値の項目だけです（データセット {{dataset}} の項目「{{field}}」は数値ではありません）',
    en: '{{path}}: only numeric fields can be totalled; field "{{field}}" of dataset {{dataset}} is not a number',
  },
  POLICY_SCHEMA_AGGREGATE_FIELD_NOT_GRANTED: {
    ja: '{{path}}: 集計に使う項目「{{field}}」が、この許可の fields にありません',
    en: '{{path}}: field "{{field}}" used by the aggregate is not among the fields this permit grants',
  },
  POLICY_SCHEMA_AGGREGATE_MINIMUM: {
    ja: '{{path}}: 最小件数（minimumCellSize）は {{min}}〜{{max}} の整数です（「{{value}}」）。2以下では、伏せた件数が1だと分かってしまいます',
    en: '{{path}}: the minimum cell size (minimumCellSize) is a whole number from {{min}} to {{max}}, not "{{value}}"; at 2 or less a withheld count is known to be 1',
  },
  POLICY_SCHEMA_AGGREGATE_ACTION: {
    ja: '{{path}}: 集計だけを提供する許可で認められる操作は閲覧（read）だけです（「{{value}}」は認められません）',
    en: '{{path}}: an aggregate-only permit may only allow reading (read), not "{{value}}"',
  },

  // Decisions
  POLICY_AGGREGATE_ONLY: {
    ja: '許可 {{permit}} は {{fields}} ごとの集計だけを提供します（{{minimum}}件未満は非公開）。個々の記録は提供しません。集計（answer=aggregate）を求めてください',
    en: 'Permit {{permit}} releases only aggregates per {{fields}} (under {{minimum}} withheld), never individual records; ask for an aggregate (answer=aggregate)',
  },
  POLICY_AGGREGATE_NOT_OFFERED: {
    ja: '許可 {{permit}} は集計での回答を定めていません',
    en: 'Permit {{permit}} does not offer an aggregate answer',
  },
  POLICY_AGGREGATE_ANSWER: {
    ja: '{{fields}} ごとの件数だけを提供し、{{minimum}}件未満の区分は伏せます（個々の記録・IDは提供しません）',
    en: 'Only counts per {{fields}} are released; groups under {{minimum}} are withheld (no record or id leaves)',
  },

  // The node's answer
  NODE_AGGREGATE_ANSWERED: {
    ja: '{{groupBy}} ごとの集計で回答しました（区分 {{cells}}、うち非公開 {{withheld}}、最小件数 {{minimum}}）',
    en: 'Answered with an aggregate per {{groupBy}} ({{cells}} groups, {{withheld}} withheld, minimum {{minimum}})',
  },
  NODE_AGGREGATE_FILTER: {
    ja: '集計は常に全件を数えます。地域コード（area）で示す区分を選べるだけで、bbox・within・after は使えません（範囲を少しずつ変えた集計の差から個人が分かってしまうため）',
    en: 'An aggregate always counts every record; area codes (area) only choose which groups are shown, and bbox, within and after are refused, since the difference between aggregates over slightly different ranges could single out a person',
  },
  NODE_AGGREGATE_AREA_IGNORED: {
    ja: 'この集計は地域ごとではないため、地域（{{areas}}）での絞り込みはせず、全体の表を返します',
    en: 'This aggregate is not grouped by area, so the areas asked for ({{areas}}) do not narrow it: the whole table is answered',
  },
  NODE_AGGREGATE_TOO_MANY_RECORDS: {
    ja: '集計の対象が多すぎます（{{limit}}件まで）。集計は常に全件を数えるため、地域コードで絞り込んでも変わりません',
    en: 'Too many records to aggregate (at most {{limit}}); an aggregate always counts every record, so narrowing by area codes does not help',
  },

  // The requester's merge
  STATISTICS_MERGE_TABLE_WITHHELD: {
    ja: '{{node}} は表全体を非公開にしました（件数が少なすぎるため）。合計に含めていません',
    en: '{{node}} withheld its whole table (too few records); it is not included in the totals',
  },
  STATISTICS_MERGE_OTHER_GROUPING: {
    ja: '{{node}} の集計は区分（{{groupBy}}）が異なるため、合計に含めていません',
    en: "{{node}}'s aggregate is grouped differently ({{groupBy}}), so it is not included in the totals",
  },
} as const satisfies MessageCatalog;
