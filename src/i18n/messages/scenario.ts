// Messages of the scenario generator (`tsunagu scenario generate`).
import type { MessageCatalog } from '../catalog.ts';

export const scenarioMessages = {
  SCENARIO_UNKNOWN_SCALE: {
    ja: '規模「{{scale}}」は不明です。指定できるのは: {{scales}}',
    en: 'Unknown scale "{{scale}}". Available scales: {{scales}}',
  },
  SCENARIO_BAD_SEED: {
    ja: 'シード「{{seed}}」が正しくありません（0 から 4294967295 までの整数）',
    en: 'The seed "{{seed}}" is not valid (an integer from 0 to 4294967295)',
  },
  SCENARIO_BAD_PERSONS: {
    ja: '人数「{{persons}}」が正しくありません（1 から {{max}} までの整数）',
    en: 'The number of persons "{{persons}}" is not valid (an integer from 1 to {{max}})',
  },
  SCENARIO_OUT_NOT_EMPTY: {
    ja: '出力先 {{dir}} は空ではありません。以前に生成したシナリオ（途中で止まったものを含む）を置き換えるには --force を付けてください',
    en: 'The output folder {{dir}} is not empty. Add --force to replace a scenario generated earlier (even one cut short)',
  },
  SCENARIO_OUT_NOT_SCENARIO: {
    ja: '出力先 {{dir}} には生成済みシナリオ以外のファイルがあるため、--force でも消去しません。空のフォルダを指定してください',
    en: 'The output folder {{dir}} holds files that are not a generated scenario, so even --force will not delete them. Give an empty folder',
  },
  SCENARIO_OUT_NOT_DIRECTORY: {
    ja: '出力先 {{dir}} はフォルダではありません',
    en: 'The output path {{dir}} is not a folder',
  },
  SCENARIO_DATA_MISSING: {
    ja: '市区町村データが見つかりません（{{dir}}）: {{detail}}',
    en: 'The municipality data was not found ({{dir}}): {{detail}}',
  },
  SCENARIO_WRITE_FAILED: {
    ja: 'シナリオを書き込めませんでした（{{dir}}）: {{detail}}',
    en: 'Could not write the scenario ({{dir}}): {{detail}}',
  },
  SCENARIO_PLAN: {
    ja: '規模 {{scale}}・シード {{seed}}: 市区町村 {{municipalities}}、ノード {{nodes}}、要配慮者 約 {{persons}} 件を生成します',
    en: 'Scale {{scale}}, seed {{seed}}: generating about {{persons}} persons for {{nodes}} nodes in {{municipalities}} municipalities',
  },
  SCENARIO_SUMMARY: {
    ja: '生成しました（{{dir}}）: ノード {{nodes}}、要配慮者 {{persons}} 件、施設 {{facilities}} 件、物資拠点 {{depots}} 件、在庫 {{stock}} 行、重複（同一人物）{{overlaps}} 組 — {{seconds}} 秒、毎秒 {{rate}} 行',
    en: 'Generated into {{dir}}: {{nodes}} nodes, {{persons}} persons, {{facilities}} facilities, {{depots}} depots, {{stock}} stock lines, {{overlaps}} overlapping persons — {{seconds}} s, {{rate}} rows/s',
  },
  SCENARIO_SYNTHETIC_NOTICE: {
    ja: 'すべて合成データ（架空の人物・施設・在庫）です。品質レベルは synthetic',
    en: 'Everything is synthetic (fictitious persons, facilities and stock), quality level synthetic',
  },
  SCENARIO_LOAD_NOT_SCENARIO: {
    ja: '{{dir}} は生成済みシナリオではありません（manifest.json がありません）',
    en: '{{dir}} is not a generated scenario (it has no manifest.json)',
  },
  SCENARIO_LOAD_UNKNOWN_NODE: {
    ja: 'ノード「{{node}}」はこのシナリオにありません（{{dir}}）。--node で指定するか、TSUNAGU_NODE_ID を設定してください',
    en: 'There is no node "{{node}}" in this scenario ({{dir}}). Name one with --node or set TSUNAGU_NODE_ID',
  },
  SCENARIO_LOAD_INVALID: {
    ja: '{{file}} の {{line}} 行目は取り込めません: {{detail}}。その行以降は保存していません（それより前の行は保存済み）',
    en: 'Line {{line}} of {{file}} cannot be loaded: {{detail}}. Nothing from that line on was saved (the lines before it were)',
  },
  SCENARIO_LOAD_SUMMARY: {
    ja: '{{node}}: {{rows}} 件を保存 — 新規 {{created}} 件、更新 {{updated}} 件、変更なし {{unchanged}} 件 — {{seconds}} 秒、毎秒 {{rate}} 件',
    en: '{{node}}: saved {{rows}} records — {{created}} new, {{updated}} updated, {{unchanged}} unchanged — {{seconds}} s, {{rate}} records/s',
  },
  SCENARIO_PROGRESS_LABEL: {
    ja: '生成',
    en: 'Generating',
  },
  SCENARIO_LOAD_PROGRESS_LABEL: {
    ja: '保存',
    en: 'Saving',
  },
} as const satisfies MessageCatalog;
