// Messages of the person importer: problems in a column-mapping file, in the CSV's columns, and in single rows.
// Every row message names the column and says what would have been accepted, so the reader can fix the source.
import type { MessageCatalog } from '../catalog.ts';

export const personImportMessages = {
  // ---- re-import ----
  PERSON_SAFETY_KEPT_NEWER: {
    ja: '{{row}}行目（{{id}}）: 安否はファイルの「{{fileJa}}」ではなく、後から報告された「{{keptJa}}」（{{by}}、{{at}}）のままにしました。ファイルの安否列には日時がないか、報告より古いためです。食い違いを現地に確認してください',
    en: 'Row {{row}} ({{id}}): the safety status stays "{{keptEn}}" as reported later by {{by}} at {{at}}, not the file\'s "{{fileEn}}": the file\'s status is undated or older than that report. Check the discrepancy with the field',
  },
  // ---- mapping file ----
  PERSON_MAPPING_UNKNOWN_KEY: {
    ja: 'マッピングファイルの {{path}} に未知のキー「{{key}}」があります',
    en: 'The mapping file has an unknown key "{{key}}" at {{path}}',
  },
  PERSON_MAPPING_UNKNOWN_KEY_SUGGEST: {
    ja: 'マッピングファイルの {{path}} に未知のキー「{{key}}」があります（「{{suggestion}}」の誤りではありませんか）',
    en: 'The mapping file has an unknown key "{{key}}" at {{path}} (did you mean "{{suggestion}}"?)',
  },
  PERSON_MAPPING_REQUIRED_KEY: {
    ja: 'マッピングファイルに必須のキー {{path}} がありません',
    en: 'The mapping file lacks the required key {{path}}',
  },
  PERSON_MAPPING_VALUE_NOT_ALLOWED: {
    ja: 'マッピングファイルの {{path}} の値「{{value}}」は使えません。使える値: {{allowed}}',
    en: 'The mapping file\'s {{path}} has value "{{value}}", which is not allowed. Allowed: {{allowed}}',
  },
  PERSON_MAPPING_INVALID_VALUE: {
    ja: 'マッピングファイルの {{path}} の値が不正です: {{detail}}',
    en: 'The mapping file\'s {{path}} is invalid: {{detail}}',
  },
  PERSON_MAPPING_AREA_CODE_REQUIRED: {
    ja: 'マッピングファイルに areaCode（ファイル全体の地方公共団体コード）または areaCodeColumn（コードの列）のどちらかを書いてください',
    en: 'The mapping file needs either areaCode (one local government code for the whole file) or areaCodeColumn (the column holding it)',
  },
  PERSON_MAPPING_EXCLUSIVE: {
    ja: 'マッピングファイルの {{first}} と {{second}} は同時に指定できません。どちらか一方にしてください',
    en: 'The mapping file cannot give both {{first}} and {{second}}; keep one of them',
  },
  PERSON_MAPPING_ONE_OF_REQUIRED: {
    ja: 'マッピングファイルに {{first}} または {{second}} のどちらかを書いてください',
    en: 'The mapping file needs either {{first}} or {{second}}',
  },
  PERSON_MAPPING_NAME_REQUIRED: {
    ja: '氏名の列がありません。columns.fullName、または columns.familyName と columns.givenName を指定してください',
    en: 'No name column is mapped. Give columns.fullName, or columns.familyName and columns.givenName',
  },
  PERSON_MAPPING_REQUIRES: {
    ja: 'マッピングファイルの {{field}} を使うには {{requires}} も指定してください',
    en: 'The mapping file\'s {{field}} also needs {{requires}}',
  },
  PERSON_MAPPING_ID_PREFIX_INVALID: {
    ja: 'idPrefix「{{value}}」はIDに使えません。英数字で始め、英数字と _ . : @ / - だけを使ってください',
    en: 'idPrefix "{{value}}" cannot start an id. Begin with a letter or digit and use only letters, digits and _ . : @ / -',
  },
  PERSON_MAPPING_REGEX_INVALID: {
    ja: 'マッピングファイルの {{field}} は正規表現として不正です: {{detail}}',
    en: 'The mapping file\'s {{field}} is not a valid regular expression: {{detail}}',
  },
  PERSON_MAPPING_REGEX_MATCHES_EMPTY: {
    ja: 'マッピングファイルの {{field}} の正規表現が空文字列に一致するため、区切りに使えません',
    en: 'The mapping file\'s {{field}} matches the empty string, so it cannot be used as a separator',
  },
  PERSON_MAPPING_VALUE_MAP_CONFLICT: {
    ja: 'マッピングファイルの {{field}} で値「{{value}}」が異なる意味に割り当てられています（全角・半角と大文字・小文字は区別しません）',
    en: 'The mapping file\'s {{field}} gives value "{{value}}" two different meanings (full-/half-width and letter case are not distinguished)',
  },
  PERSON_MAPPING_VALUE_MAP_EMPTY_KEY: {
    ja: 'マッピングファイルの {{field}} に空の値が含まれています',
    en: 'The mapping file\'s {{field}} contains an empty value',
  },
  PERSON_MAPPING_COLUMN_MAPPED_AND_IGNORED: {
    ja: '列「{{column}}」が取り込む列（{{field}}）と ignoreColumns の両方に書かれています',
    en: 'Column "{{column}}" is both mapped ({{field}}) and listed in ignoreColumns',
  },
  PERSON_MAPPING_COLUMNS_MISSING: {
    ja: 'マッピングファイルに書かれた列がCSVにありません: {{columns}}',
    en: 'Columns named in the mapping file are not in the CSV: {{columns}}',
  },

  // ---- CSV columns ----
  PERSON_CSV_UNKNOWN_COLUMNS: {
    ja: 'マッピングファイルにない列がCSVにあるため、ファイル全体を取り込みませんでした: {{columns}}。取り込む列は columns に、取り込まない列は ignoreColumns に書いてください',
    en: 'The CSV has columns the mapping file does not mention, so the whole file was not imported: {{columns}}. Map them under columns, or list them in ignoreColumns',
  },
  PERSON_CSV_IGNORED_COLUMNS_ABSENT: {
    ja: 'ignoreColumns に書かれた列がCSVにありません（列名の誤りではありませんか）: {{columns}}',
    en: 'Columns listed in ignoreColumns are not in the CSV (check their spelling): {{columns}}',
  },

  // ---- rows ----
  PERSON_REQUIRED_EMPTY: {
    ja: '列「{{column}}」が空です。この列は必須です',
    en: 'Column "{{column}}" is empty, but it is required',
  },
  PERSON_VALUE_NEEDS_OTHER: {
    ja: '列「{{column}}」に値がありますが、列「{{other}}」が空です',
    en: 'Column "{{column}}" has a value but column "{{other}}" is empty',
  },
  PERSON_ID_INVALID: {
    ja: '列「{{column}}」の値「{{value}}」からIDを作れません。英数字と _ . : @ / - だけにしてください（200文字まで）',
    en: 'Column "{{column}}" value "{{value}}" cannot form an id. Use only letters, digits and _ . : @ / - (up to 200 characters)',
  },
  PERSON_DUPLICATE_ID: {
    ja: '列「{{column}}」のID「{{id}}」はこのファイルの{{firstRow}}行目と重複しています',
    en: 'Column "{{column}}" id "{{id}}" duplicates row {{firstRow}} of this file',
  },
  PERSON_DATE_INVALID: {
    ja: '列「{{column}}」の「{{value}}」は日付として読めません。使える形式: {{formats}}',
    en: 'Column "{{column}}" value "{{value}}" is not a date. Accepted formats: {{formats}}',
  },
  PERSON_DATE_IMPOSSIBLE: {
    ja: '列「{{column}}」の「{{value}}」は存在しない日付です',
    en: 'Column "{{column}}" value "{{value}}" is a date that does not exist',
  },
  PERSON_DATE_ERA_RANGE: {
    ja: '列「{{column}}」の「{{value}}」は{{era}}の期間（{{first}}〜{{last}}）にありません',
    en: 'Column "{{column}}" value "{{value}}" is outside the {{era}} era ({{first}} to {{last}})',
  },
  PERSON_DATETIME_INVALID: {
    ja: '列「{{column}}」の「{{value}}」は日時として読めません。使える形式: {{formats}}',
    en: 'Column "{{column}}" value "{{value}}" is not a date and time. Accepted formats: {{formats}}',
  },
  PERSON_BIRTH_DATE_FUTURE: {
    ja: '列「{{column}}」の生年月日 {{value}} が今日（{{today}}）より後です',
    en: 'Column "{{column}}" birth date {{value}} is after today ({{today}})',
  },
  PERSON_SEX_UNKNOWN: {
    ja: '列「{{column}}」の性別「{{value}}」が分かりません。使える値: {{accepted}}（マッピングファイルの values.sex で追加できます）',
    en: 'Column "{{column}}" sex "{{value}}" is not recognised. Accepted: {{accepted}} (add more under values.sex in the mapping file)',
  },
  PERSON_BOOLEAN_INVALID: {
    ja: '列「{{column}}」の「{{value}}」は有無として読めません。「有」とみなす値: {{trueValues}}、「無」とみなす値: {{falseValues}}（trueValues / falseValues で変更できます）',
    en: 'Column "{{column}}" value "{{value}}" is not yes or no. Yes: {{trueValues}}; no: {{falseValues}} (change them with trueValues / falseValues)',
  },
  PERSON_CARE_NEED_UNKNOWN: {
    ja: '列「{{column}}」の「{{value}}」は配慮事項として分かりません。使える値: {{accepted}}（careNeeds.values で追加できます）',
    en: 'Column "{{column}}" value "{{value}}" is not a known care need. Accepted: {{accepted}} (add more under careNeeds.values)',
  },
  PERSON_CARE_LEVEL_UNKNOWN: {
    ja: '列「{{column}}」の要介護度「{{value}}」が分かりません。要支援1〜2、要介護1〜5、または空欄・非該当・自立にしてください（values.careLevel で追加できます）',
    en: 'Column "{{column}}" care level "{{value}}" is not recognised. Use 要支援1-2, 要介護1-5, or leave it empty / 非該当 / 自立 (add more under values.careLevel)',
  },
  PERSON_LANGUAGE_UNKNOWN: {
    ja: '列「{{column}}」の言語「{{value}}」が分かりません。言語コード（ja、en、vi など）か言語名（日本語、英語など）にしてください（values.language で追加できます）',
    en: 'Column "{{column}}" language "{{value}}" is not recognised. Use a language code (ja, en, vi…) or a language name (日本語, English…) (add more under values.language)',
  },
  PERSON_WEEKDAYS_INVALID: {
    ja: '列「{{column}}」の「{{value}}」は曜日として読めません。「月水金」「火・木・土」「Mon,Wed,Fri」のように書いてください',
    en: 'Column "{{column}}" value "{{value}}" is not a list of weekdays. Write e.g. 月水金, 火・木・土 or Mon,Wed,Fri',
  },
  PERSON_SAFETY_STATUS_UNKNOWN: {
    ja: '列「{{column}}」の安否「{{value}}」が分かりません。使える値: {{accepted}}（values.safetyStatus で追加できます）',
    en: 'Column "{{column}}" safety status "{{value}}" is not recognised. Accepted: {{accepted}} (add more under values.safetyStatus)',
  },
  PERSON_NUMBER_INVALID: {
    ja: '列「{{column}}」の「{{value}}」は数値として読めません',
    en: 'Column "{{column}}" value "{{value}}" is not a number',
  },
  PERSON_COORDINATES_OUT_OF_RANGE: {
    ja: '列「{{column}}」の{{axis}} {{value}} は範囲外です（緯度は -90〜90、経度は -180〜180。緯度と経度が入れ替わっていないか確認してください）',
    en: 'Column "{{column}}" {{axis}} {{value}} is out of range (latitude -90 to 90, longitude -180 to 180; check that latitude and longitude are not swapped)',
  },
  PERSON_POSTAL_CODE_INVALID: {
    ja: '列「{{column}}」の郵便番号「{{value}}」は7桁（例 926-0811）ではありません',
    en: 'Column "{{column}}" postal code "{{value}}" is not 7 digits (e.g. 926-0811)',
  },
  PERSON_PHONE_INVALID: {
    ja: '列「{{column}}」の電話番号「{{value}}」が不正です。数字と + ( ) - 空白で5〜20文字にしてください',
    en: 'Column "{{column}}" phone number "{{value}}" is invalid. Use 5 to 20 digits, +, (, ), - or spaces',
  },
  PERSON_PAYLOAD_INVALID: {
    ja: '列「{{column}}」の値が取り込み形式に合いません（{{path}}）: {{detail}}',
    en: 'Column "{{column}}" does not fit the person record ({{path}}): {{detail}}',
  },
} as const satisfies MessageCatalog;
