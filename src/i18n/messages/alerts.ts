// Messages of the alert importers (CAP 1.2, EDXL-DE, JMA 防災情報XML) and of the hostile-XML screening in front of
// them: what was refused and why, with the schema's own reason in words.
import type { MessageCatalog } from '../catalog.ts';

export const alertMessages = {
  XML_TOO_LARGE: {
    ja: '文書が大きすぎます（{{bytes}}バイト、上限{{limit}}バイト）。読み込まずに拒否しました',
    en: 'The document is too large ({{bytes}} bytes, limit {{limit}}); it was refused unread',
  },
  XML_ENCODING_UNSUPPORTED: {
    ja: 'XML宣言の文字コード「{{encoding}}」には対応していません（UTF-8、UTF-16、ISO-8859-1、Shift_JIS、EUC-JPに対応）',
    en: 'The character set "{{encoding}}" named in the XML declaration is not supported (UTF-8, UTF-16, ISO-8859-1, Shift_JIS, EUC-JP are)',
  },
  XML_ENCODING_INVALID: {
    ja: 'XML宣言の文字コード（{{encoding}}）として読めないバイト列があります',
    en: 'The bytes are not valid in the character set the XML declaration names ({{encoding}})',
  },
  XML_DTD_REFUSED: {
    ja: '文書型宣言（DOCTYPE / DTD）を含むXMLは受け付けません。外部ファイルの読み込みや実体展開に使われるためです',
    en: 'XML with a document type declaration (DOCTYPE / DTD) is refused: it can read outside files or expand entities',
  },
  XML_ENTITY_REFUSED: {
    ja: '実体宣言（ENTITY）を含むXMLは受け付けません',
    en: 'XML with an entity declaration (ENTITY) is refused',
  },
  XML_XINCLUDE_REFUSED: {
    ja: 'XInclude を含むXMLは受け付けません。他のファイルや URL を取り込むためです',
    en: 'XML using XInclude is refused: it pulls in other files or URLs',
  },
  XML_MALFORMED: {
    ja: 'XMLとして正しくありません（{{line}}行{{column}}列目: {{detail}}）',
    en: 'The XML is not well-formed (line {{line}}, column {{column}}: {{detail}})',
  },
  XSD_UNEXPECTED_ELEMENT: {
    ja: '{{line}}行目（{{path}}）: 要素 {{element}} はこの位置に置けません。ここに必要なのは {{expected}} です',
    en: 'Line {{line}} ({{path}}): element {{element}} is not allowed here; expected {{expected}}',
  },
  XSD_MISSING_ELEMENT: {
    ja: '{{line}}行目（{{path}}）: 要素 {{element}} に必須の子要素がありません（{{expected}}）',
    en: 'Line {{line}} ({{path}}): element {{element}} lacks a required child element ({{expected}})',
  },
  XSD_VALUE_NOT_ALLOWED: {
    ja: '{{line}}行目（{{path}}）: {{element}} の値「{{value}}」は使えません。使える値: {{allowed}}',
    en: 'Line {{line}} ({{path}}): {{element}} "{{value}}" is not allowed; allowed values: {{allowed}}',
  },
  XSD_INVALID_VALUE: {
    ja: '{{line}}行目（{{path}}）: {{element}} の値「{{value}}」は {{type}} として正しくありません',
    en: 'Line {{line}} ({{path}}): {{element}} "{{value}}" is not a valid {{type}}',
  },
  XSD_ATTRIBUTE_MISSING: {
    ja: '{{line}}行目（{{path}}）: 要素 {{element}} に必須の属性 {{attribute}} がありません',
    en: 'Line {{line}} ({{path}}): element {{element}} lacks its required attribute {{attribute}}',
  },
  XSD_ATTRIBUTE_NOT_ALLOWED: {
    ja: '{{line}}行目（{{path}}）: 要素 {{element}} に属性 {{attribute}} は使えません',
    en: 'Line {{line}} ({{path}}): element {{element}} may not have the attribute {{attribute}}',
  },
  XSD_WRONG_ROOT: {
    ja: '{{line}}行目: ルート要素 {{element}} はこのスキーマの文書ではありません',
    en: 'Line {{line}}: root element {{element}} is not a document of this schema',
  },
  XSD_OTHER: {
    ja: '{{line}}行目（{{path}}）: スキーマに合いません（{{detail}}）',
    en: 'Line {{line}} ({{path}}): does not match the schema ({{detail}})',
  },
  XSD_MORE_PROBLEMS: {
    ja: 'ほかにも {{count}} 件、スキーマに合わない箇所があります',
    en: '{{count}} more places do not match the schema',
  },
  CAP_NOT_CAP: {
    ja: 'CAP の alert でも EDXL-DE の EDXLDistribution でもありません（ルート要素: {{root}}）',
    en: 'This is neither a CAP alert nor an EDXL-DE EDXLDistribution (root element: {{root}})',
  },
  CAP_VERSION_UNSUPPORTED: {
    ja: 'CAP の版（名前空間 {{namespace}}）には対応していません。CAP 1.2 と 1.1 に対応しています',
    en: 'This CAP version (namespace {{namespace}}) is not supported; CAP 1.2 and 1.1 are',
  },
  CAP_MESSAGE_TYPE_NOT_ALERT: {
    ja: 'msgType が {{msgType}} のメッセージは警報ではないため取り込みません（Alert、Update、Cancel を取り込みます）',
    en: 'A message with msgType {{msgType}} is not an alert and is not imported (Alert, Update and Cancel are)',
  },
  CAP_EDXL_NO_ALERT: {
    ja: 'EDXL-DE の内容に CAP の alert がありません',
    en: 'The EDXL-DE envelope carries no CAP alert',
  },
  CAP_REFERENCE_MALFORMED: {
    ja: 'references の「{{value}}」は「送信者,識別子,送信日時」の形ではありません',
    en: 'The reference "{{value}}" is not of the form sender,identifier,sent',
  },
  CAP_TIME_INVALID: {
    ja: '{{field}} の日時「{{value}}」を読めません',
    en: 'The time {{field}} "{{value}}" cannot be read',
  },
  ALERT_SIGNATURE_NOTICE: {
    ja: '署名: {{state}}{{detail}}',
    en: 'Signature: {{state}}{{detail}}',
  },
  ALERT_AREAS_UNMAPPED: {
    ja: '市町村コードに対応付けられない地域があります（{{areas}}）。元のコードと名称のまま保存します',
    en: 'Some areas map to no municipality code ({{areas}}); they are kept with their original code and name',
  },
  JMA_NOT_JMA: {
    ja: '気象庁防災情報XMLの Report ではありません（ルート要素: {{root}}）',
    en: 'This is not a JMA disaster-information XML Report (root element: {{root}})',
  },
  JMA_NAMESPACE_UNEXPECTED: {
    ja: '要素 {{element}} の名前空間「{{namespace}}」は気象庁防災情報XMLのものではありません（{{expected}}）',
    en: 'Element {{element}} is in the namespace "{{namespace}}", not one of JMA disaster-information XML ({{expected}})',
  },
  JMA_KIND_UNSUPPORTED: {
    ja: '{{kind}} {{title}} は対応していません',
    en: '{{kind}} {{title}} is not supported',
  },
  JMA_FIELD_MISSING: {
    ja: '{{field}} がありません',
    en: '{{field}} is missing',
  },
  JMA_FIELD_INVALID: {
    ja: '{{field}} の値「{{value}}」は正しくありません（{{expected}}）',
    en: '{{field}} "{{value}}" is not valid ({{expected}})',
  },
} as const satisfies MessageCatalog;
