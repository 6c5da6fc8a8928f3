// Messages shared by every importer: file encodings and file-level format problems.
import type { MessageCatalog } from '../catalog.ts';

export const adapterMessages = {
  FILE_NOT_READABLE: {
    ja: 'ファイルを読み込めません: {{detail}}',
    en: 'Cannot read the file: {{detail}}',
  },
  FILE_BINARY: {
    ja: 'テキストファイルではありません（バイナリデータを含みます）。CSVまたはGeoJSONを指定してください',
    en: 'This is not a text file (it contains binary data). Give a CSV or GeoJSON file',
  },
  FILE_ENCODING_UNKNOWN: {
    ja: '文字コードを判別できません。UTF-8、Shift_JIS、EUC-JPのいずれかで保存し直してください',
    en: 'Cannot tell the text encoding. Save the file as UTF-8, Shift_JIS or EUC-JP',
  },
  FILE_ENCODING_CONVERTED: {
    ja: '文字コード {{encoding}} を検出し、UTF-8に変換して読み込みました',
    en: 'Detected the {{encoding}} encoding and converted it to UTF-8',
  },
  CSV_EMPTY: {
    ja: 'CSVにヘッダー行がありません',
    en: 'The CSV file has no header row',
  },
  CSV_MALFORMED: {
    ja: 'CSVの形式が不正です（{{line}}行目付近）: {{detail}}',
    en: 'The CSV file is malformed (near line {{line}}): {{detail}}',
  },
  CSV_DUPLICATE_COLUMN: {
    ja: '列名「{{column}}」が重複しています',
    en: 'Column "{{column}}" appears more than once',
  },
  CSV_EMPTY_COLUMN_NAME: {
    ja: '{{index}}列目の列名が空です',
    en: 'Column {{index}} has no name',
  },
  JSON_MALFORMED: {
    ja: 'JSONとして読み込めません: {{detail}}',
    en: 'The file is not valid JSON: {{detail}}',
  },
} as const satisfies MessageCatalog;
