// Messages of the import pipeline and its CLI summary.
import type { MessageCatalog } from '../catalog.ts';

export const importMessages = {
  IMPORT_DUPLICATE_ACROSS_FILES: {
    ja: 'ID「{{id}}」は {{firstFile}} の {{firstRow}} 行目と重複しています',
    en: 'ID "{{id}}" duplicates row {{firstRow}} of {{firstFile}}',
  },
  IMPORT_UNKNOWN_KIND: {
    ja: '取り込み種別「{{kind}}」は不明です。使用できる種別: {{kinds}}',
    en: 'Unknown import kind "{{kind}}". Available kinds: {{kinds}}',
  },
  IMPORT_MAPPING_REQUIRED: {
    ja: '人物データの取り込みには --mapping で列対応ファイルを指定してください（docs/import-persons.md 参照）',
    en: 'Importing persons needs a column-mapping file given with --mapping (see docs/import-persons.md)',
  },
  IMPORT_SUMMARY: {
    ja: '{{kind}}: {{rows}} 行を読み込み — 新規 {{created}} 件、更新（新しい版） {{updated}} 件、変更なし {{unchanged}} 件、不採用 {{rejected}} 行',
    en: '{{kind}}: read {{rows}} rows — {{created}} new, {{updated}} updated (new version), {{unchanged}} unchanged, {{rejected}} rows rejected',
  },
  IMPORT_NOT_APPLIED: {
    ja: '不採用の行があるため、何も保存していません。問題を直して再実行するか、正しい行だけを取り込むには --partial を付けてください',
    en: 'Nothing was saved because some rows were rejected. Fix them and run again, or add --partial to import only the valid rows',
  },
  IMPORT_DRY_RUN: {
    ja: '--dry-run のため保存していません',
    en: 'Nothing was saved (--dry-run)',
  },
  IMPORT_PARTIAL_APPLIED: {
    ja: '--partial により、不採用の行を除いて保存しました',
    en: 'Saved the valid rows only (--partial)',
  },
  IMPORT_FILE_LINE: {
    ja: '{{file}}: {{rows}} 行、採用 {{accepted}}、不採用 {{rejected}}',
    en: '{{file}}: {{rows}} rows, {{accepted}} accepted, {{rejected}} rejected',
  },
  IMPORT_ROW_PROBLEM: {
    ja: '{{file}} {{row}}行目{{field}}: {{message}}',
    en: '{{file}} row {{row}}{{field}}: {{message}}',
  },
  IMPORT_FILE_PROBLEM: {
    ja: '{{file}}: {{message}}',
    en: '{{file}}: {{message}}',
  },
  IMPORT_MORE_PROBLEMS: {
    ja: '…ほか {{count}} 件（--all-problems ですべて表示）',
    en: '… and {{count}} more (show all with --all-problems)',
  },
} as const satisfies MessageCatalog;
