// Render import problems and notices for a person, in their language.
import { message, type Lang } from '../i18n/index.ts';
import type { FileNotice, RowProblem } from '../adapters/types.ts';

export function renderRowProblem(p: RowProblem, lang: Lang): string {
  const text = message(p.code, p.params, lang);
  if (p.row === undefined) return message('IMPORT_FILE_PROBLEM', { file: p.file, message: text }, lang);
  const field = p.field ? (lang === 'ja' ? `（${p.field}）` : ` (${p.field})`) : '';
  return message('IMPORT_ROW_PROBLEM', { file: p.file, row: p.row, field, message: text }, lang);
}

export function renderNotice(n: FileNotice, lang: Lang): string {
  return message('IMPORT_FILE_PROBLEM', { file: n.file, message: message(n.code, n.params, lang) }, lang);
}
