// Messages of the audit entries an import writes in the owner's log (src/adapters/import-audit.ts).
import type { MessageCatalog } from '../catalog.ts';

export const importAuditMessages = {
  IMPORT_AUDIT_ACCEPTED: {
    ja: 'ローカルの操作者（{{account}}）が {{kind}} を取り込みます（{{files}}）: {{rows}} 行、保存するレコード {{records}} 件、不採用 {{refusedRows}} 行',
    en: 'The local operator ({{account}}) imports {{kind}} ({{files}}): {{rows}} rows, {{records}} records to write, {{refusedRows}} rows refused',
  },
  IMPORT_AUDIT_APPLIED: {
    ja: 'ローカルの操作者（{{account}}）が {{kind}} を取り込みました（{{files}}）: 新規 {{created}} 件、更新 {{updated}} 件、変更なし {{unchanged}} 件、不採用 {{refusedRows}} 行',
    en: 'The local operator ({{account}}) imported {{kind}} ({{files}}): {{created}} new, {{updated}} updated, {{unchanged}} unchanged, {{refusedRows}} rows refused',
  },
  IMPORT_AUDIT_REFUSED: {
    ja: 'ローカルの操作者（{{account}}）による {{kind}} の取り込み（{{files}}）は、問題が {{problems}} 件あり（{{rows}} 行中 {{refusedRows}} 行が不採用）、何も保存しませんでした',
    en: 'The import of {{kind}} by the local operator ({{account}}) ({{files}}) saved nothing: {{problems}} problems ({{refusedRows}} of {{rows}} rows refused)',
  },
  IMPORT_AUDIT_FAILED: {
    ja: 'ローカルの操作者（{{account}}）による {{kind}} の取り込み（{{files}}）は保存に失敗し、何も保存していません: {{detail}}',
    en: 'The import of {{kind}} by the local operator ({{account}}) ({{files}}) failed while saving and saved nothing: {{detail}}',
  },
  IMPORT_AUDIT_UNAVAILABLE: {
    ja: '監査ログに取り込みを記録できないため、何も保存していません: {{detail}}',
    en: 'Nothing was saved because the import could not be recorded in the audit log: {{detail}}',
  },
} as const satisfies MessageCatalog;
