// Messages for problems found by the common data model's validation.
import type { MessageCatalog } from '../catalog.ts';

export const modelMessages = {
  VALIDATION_FAILED: {
    ja: '{{path}} の値が不正です: {{detail}}',
    en: 'Invalid value at {{path}}: {{detail}}',
  },
  AREA_CODE_FORMAT: {
    ja: '地域コード「{{value}}」の形式が不正です（全国地方公共団体コード6桁、JP、またはASEANのPコード）',
    en: 'Area code "{{value}}" is malformed (expected a 6-digit Japanese local government code, JP, or an ASEAN P-code)',
  },
  AREA_CODE_CHECK_DIGIT: {
    ja: '全国地方公共団体コード「{{value}}」の検査数字が誤っています（正しくは {{expected}}）',
    en: 'Local government code "{{value}}" has a wrong check digit (expected {{expected}})',
  },
  AREA_CODE_PREFECTURE: {
    ja: '全国地方公共団体コード「{{value}}」の都道府県番号は01〜47でなければなりません',
    en: 'Local government code "{{value}}" must start with a prefecture number from 01 to 47',
  },
  AREA_CODE_COUNTRY: {
    ja: 'Pコード「{{value}}」の国コード {{country}} はASEAN加盟国ではありません',
    en: 'P-code "{{value}}" has country {{country}}, which is not an ASEAN member',
  },
  AREA_CODE_PCODE_LEVEL: {
    ja: 'Pコード「{{value}}」は {{country}} のPコードの形ではありません（国コードの後は数字 {{expected}} 桁。いまは {{digits}} 桁）',
    en: 'P-code "{{value}}" is not a {{country}} P-code (the country prefix is followed by {{expected}} digits; it has {{digits}})',
  },
} as const satisfies MessageCatalog;
