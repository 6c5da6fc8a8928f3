// Messages of the shelter importers (GSI designated shelters, Nanao open-shelter snapshots): what was refused and why,
// in words that tell a person which value to fix.
import type { MessageCatalog } from '../catalog.ts';

export const shelterImportMessages = {
  SHELTER_JSON_SYNTAX: {
    ja: 'JSONの構文が不正です（{{line}}行{{column}}列目、先頭から{{position}}文字目の「{{found}}」）',
    en: 'The JSON is malformed at line {{line}}, column {{column}} (character {{position}}, "{{found}}")',
  },
  SHELTER_JSON_UNEXPECTED_END: {
    ja: 'JSONが途中で終わっています（{{line}}行{{column}}列目、先頭から{{position}}文字目）。ファイルが途中までしか保存されていない可能性があります',
    en: 'The JSON ends too early (line {{line}}, column {{column}}, character {{position}}); the file may be truncated',
  },
  SHELTER_NOT_FEATURE_COLLECTION: {
    ja: 'GeoJSONのFeatureCollectionではありません（type: {{type}}）',
    en: 'This is not a GeoJSON FeatureCollection (type: {{type}})',
  },
  SHELTER_FEATURE_INVALID: {
    ja: '{{row}}番目の地物がGeoJSONのFeature（type と properties を持つオブジェクト）ではありません',
    en: 'Feature {{row}} is not a GeoJSON Feature (an object with type and properties)',
  },
  SHELTER_GEOMETRY_NOT_POINT: {
    ja: '{{row}}番目の地物のジオメトリが {{type}} です。避難場所・避難所は Point（点）でなければならないため、ファイル全体を取り込みません',
    en: 'Feature {{row}} has a {{type}} geometry; shelters must be Points, so the whole file is refused',
  },
  SHELTER_UNKNOWN_COLUMNS: {
    ja: '想定外の列（プロパティ）があります: {{columns}}。データ形式が変わった可能性があり、情報を黙って捨てないよう取り込みを中止しました',
    en: 'Unexpected columns (properties): {{columns}}. The layout may have changed; the import stops rather than silently drop data',
  },
  SHELTER_MISSING_COLUMNS: {
    ja: '必須の列（プロパティ）がありません: {{columns}}',
    en: 'Required columns (properties) are missing: {{columns}}',
  },
  SHELTER_COORDINATES_MISSING: {
    ja: '座標がありません（{{fields}}）。位置が分からない避難所は取り込めません',
    en: 'The coordinates are missing ({{fields}}); a shelter without a position cannot be imported',
  },
  SHELTER_COORDINATE_NOT_NUMERIC: {
    ja: '{{field}}の値「{{value}}」は数値ではありません',
    en: '{{field}} "{{value}}" is not a number',
  },
  SHELTER_COORDINATES_OUT_OF_RANGE: {
    ja: '座標が範囲外です（経度 {{lon}}、緯度 {{lat}}）。経度は-180〜180、緯度は-90〜90の範囲で指定してください',
    en: 'The coordinates are out of range (longitude {{lon}}, latitude {{lat}}); longitude must be -180 to 180 and latitude -90 to 90',
  },
  SHELTER_COORDINATES_OUTSIDE_JAPAN: {
    ja: '座標（経度 {{lon}}、緯度 {{lat}}）が日本の範囲（経度122〜154、緯度20〜46）の外にあります',
    en: 'The coordinates (longitude {{lon}}, latitude {{lat}}) lie outside Japan (longitude 122 to 154, latitude 20 to 46)',
  },
  SHELTER_COORDINATES_SWAPPED: {
    ja: '座標（経度 {{lon}}、緯度 {{lat}}）が日本の範囲外です。緯度と経度が入れ替わっていないか確認してください',
    en: 'The coordinates (longitude {{lon}}, latitude {{lat}}) lie outside Japan; latitude and longitude look swapped',
  },
  SHELTER_DUPLICATE_ID: {
    ja: '「{{id}}」は{{firstRow}}行目と重複しています。後の行は取り込みません',
    en: '"{{id}}" duplicates row {{firstRow}}; the later row is not imported',
  },
  SHELTER_NAME_MISSING: {
    ja: '{{field}}（避難所の名称）が空です',
    en: '{{field}} (the shelter name) is empty',
  },
  SHELTER_FLAG_INVALID: {
    ja: '{{field}}の値「{{value}}」を解釈できません（1 または空欄）',
    en: '{{field}} "{{value}}" is not understood (expected 1 or empty)',
  },
  SHELTER_INVALID_VALUE: {
    ja: '{{field}}の値が不正です（{{path}}: {{detail}}）',
    en: 'Invalid value in {{field}} ({{path}}: {{detail}})',
  },
  GSI_LAYOUT_UNKNOWN: {
    ja: '列構成から、指定避難所（受入対象者 等）と指定緊急避難場所（洪水・津波 等の災害種別）のどちらのデータか判別できません（列: {{columns}}）',
    en: 'Cannot tell from the columns whether this is designated-shelter data (受入対象者 …) or emergency-evacuation-site data (hazard columns 洪水, 津波 …) (columns: {{columns}})',
  },
  GSI_COMMON_ID_MISSING: {
    ja: '共通IDが空です',
    en: '共通ID (the nationwide shelter ID) is empty',
  },
  GSI_COMMON_ID_MALFORMED: {
    ja: '共通ID「{{value}}」の形式が不正です（英大文字1字と数字13桁、例: E1720200002111）',
    en: '共通ID "{{value}}" is malformed (one capital letter and 13 digits, e.g. E1720200002111)',
  },
  GSI_COMMON_ID_AREA_INVALID: {
    ja: '共通ID「{{value}}」に含まれる市町村コード {{code}} の都道府県番号は01〜47でなければなりません',
    en: 'The local government code {{code}} inside 共通ID "{{value}}" must start with a prefecture number from 01 to 47',
  },
  GSI_AREA_CODE_MISMATCH: {
    ja: '共通ID「{{id}}」の市町村コード {{idCode}} が {{field}} の {{fileCode}} と一致しません',
    en: 'The local government code {{idCode}} of 共通ID "{{id}}" does not agree with {{field}} {{fileCode}}',
  },
  NANAO_REFERENCE_LIST: {
    ja: 'このファイルは避難所の参照リストで、避難者数と時点がありません。開設避難所のスナップショット（open_shelter_….csv）を指定してください',
    en: 'This file is the shelter reference list, without evacuee counts or a time; give the open-shelter snapshots (open_shelter_….csv)',
  },
  NANAO_COUNT_COLUMN_AMBIGUOUS: {
    ja: '避難者数の列が複数あります: {{columns}}。1つにしてください',
    en: 'There is more than one evacuee-count column: {{columns}}; keep one',
  },
  NANAO_TIME_MISSING: {
    ja: '時点が分かりません。「時点」列、「人数_令和6年1月9日午後6時時点」のような列名、またはファイル名（例: open_shelter_Nanao-shi_2024-01-11-1800.csv）で時点を示してください',
    en: 'No time is given: add a 時点 column, a count column named like 人数_令和6年1月9日午後6時時点, or a file name such as open_shelter_Nanao-shi_2024-01-11-1800.csv',
  },
  NANAO_TIME_INVALID: {
    ja: '{{field}}の「{{value}}」を日時として解釈できません。「令和6年1月11日午後6時」「令和6年6月14日正午」「2024年7月25日13時30分」のように年月日と時刻を書いてください',
    en: '{{field}} "{{value}}" is not a date and time we can read; write the date and the time, e.g. 令和6年1月11日午後6時, 令和6年6月14日正午 or 2024年7月25日13時30分',
  },
  NANAO_UNKNOWN_COLUMNS: {
    ja: '七尾市の避難所開設情報として想定外の列があります: {{columns}}。情報を黙って捨てないよう取り込みを中止しました。列の意味を確かめ、不要な列なら削除してから取り込み直すか、この列の扱いを取り込み機能に追加するよう依頼してください',
    en: 'Columns a Nanao open-shelter snapshot is not known to have: {{columns}}. The import stops rather than silently drop data: check what the column holds, and either delete it and import again, or ask for the importer to learn how to treat it',
  },
  NANAO_GEOMETRY_INVALID: {
    ja: 'geometry の「{{value}}」を点（例: POINT (-17507.7 114708.2)）として読めません。緯度・経度の列に値を入れるか、geometry を直してください',
    en: 'geometry "{{value}}" is not a point we can read (e.g. POINT (-17507.7 114708.2)); fill in 緯度/経度 or correct the geometry',
  },
  NANAO_GEOMETRY_OUTSIDE_JAPAN: {
    ja: 'geometry の「{{value}}」を {{system}} として変換すると日本の外になります。座標系が違う可能性があります。緯度・経度の列に値を入れてください',
    en: 'geometry "{{value}}", read as {{system}}, lies outside Japan: the file may use another coordinate system. Fill in 緯度/経度 instead',
  },
  NANAO_GEOMETRY_CONVERTED: {
    ja: '緯度・経度のない {{count}} 件は、geometry（{{system}}）を世界測地系の経度・緯度に変換して位置にしました',
    en: '{{count}} rows without 緯度/経度 were located from their geometry ({{system}}), converted to WGS84 longitude/latitude',
  },
  NANAO_GEOMETRY_IGNORED: {
    ja: '{{count}} 件は緯度・経度の列があるため、geometry は使わず無視しました',
    en: '{{count}} rows have 緯度/経度, so their geometry was ignored',
  },
  NANAO_CRS_UNSUPPORTED: {
    ja: 'GeoJSON の座標参照系「{{crs}}」には対応していません。経度・緯度（EPSG:4326 / CRS84）か平面直角座標系（JGD2011, EPSG:6669〜6687）で書き出してください',
    en: 'The GeoJSON coordinate reference system "{{crs}}" is not supported; export it in longitude/latitude (EPSG:4326 / CRS84) or the plane-rectangular system (JGD2011, EPSG:6669–6687)',
  },
  NANAO_TIME_FROM_FILE_NAME: {
    ja: 'ファイル内に時点がないため、ファイル名から時点を {{time}} と判断しました',
    en: 'The file gives no time; the time {{time}} was taken from the file name',
  },
  NANAO_COUNT_INVALID: {
    ja: '{{field}}の値「{{value}}」は0以上の整数ではありません',
    en: '{{field}} "{{value}}" is not a whole number of zero or more',
  },
  NANAO_COUNT_MISSING: {
    ja: '{{field}}（避難者数）が空です',
    en: '{{field}} (the number of evacuees) is empty',
  },
  NANAO_ID_MISSING: {
    ja: 'IDが空です',
    en: 'The ID is empty',
  },
  NANAO_ID_MALFORMED: {
    ja: 'ID「{{value}}」の形式が不正です（七尾市の避難所ID CC＋数字、または臨時避難所ID NEW＋数字）',
    en: 'ID "{{value}}" is malformed (a Nanao shelter ID CC + digits, or an ad-hoc shelter ID NEW + digits)',
  },
  NANAO_MUNICIPALITY_UNKNOWN: {
    ja: '所在地「{{prefecture}}{{municipality}}」の全国地方公共団体コードが分かりません。所在地_全国地方公共団体コード 列で指定してください',
    en: 'No local government code is known for "{{prefecture}}{{municipality}}"; give it in a 所在地_全国地方公共団体コード column',
  },
  NANAO_AREA_CODE_MISMATCH: {
    ja: '所在地_全国地方公共団体コード {{code}} が所在地「{{prefecture}}{{municipality}}」（{{expected}}）と一致しません',
    en: 'Local government code {{code}} does not agree with the address "{{prefecture}}{{municipality}}" ({{expected}})',
  },
} as const satisfies MessageCatalog;
