// Sentences that explain the lifeline application's judgements: why a person is urgent (one per priority factor) and
// why two records were judged one person (one per kind of match evidence). {{a}} and {{b}} are the compared values.
import type { MessageCatalog } from '../catalog.ts';

export const lifelineMessages = {
  LIFELINE_FACTOR_DIALYSIS_OVERDUE: {
    ja: '予定されていた透析日が過ぎてから{{hours}}時間が経過しています',
    en: '{{hours}} hours have passed since a scheduled dialysis day ended',
  },
  LIFELINE_FACTOR_DIALYSIS_DUE_SOON: {
    ja: '次の透析予定日が24時間以内です（予定日の終わりまで残り{{hours}}時間）',
    en: 'The next dialysis day is within 24 hours ({{hours}} hours left until that day ends)',
  },
  LIFELINE_FACTOR_OXYGEN_LOW: {
    ja: '在宅酸素の残りが約{{hours}}時間分です',
    en: 'About {{hours}} hours of home oxygen supply are left',
  },
  LIFELINE_FACTOR_OXYGEN_OUT: {
    ja: '在宅酸素が約{{hours}}時間前に尽きた計算です',
    en: 'The home oxygen supply ran out about {{hours}} hours ago by calculation',
  },
  LIFELINE_FACTOR_BEDRIDDEN: {
    ja: '寝たきりで、自力での避難ができません',
    en: 'Bedridden and cannot evacuate unaided',
  },
  LIFELINE_FACTOR_MEDICALLY_DEPENDENT_CHILD: {
    ja: '医療的ケア児です',
    en: 'A medically dependent child',
  },
  LIFELINE_FACTOR_LIVES_ALONE: {
    ja: '独居です',
    en: 'Lives alone',
  },
  LIFELINE_FACTOR_IN_HAZARD_AREA: {
    ja: '所在地が危険区域の中にあります',
    en: 'The location is inside the hazard area',
  },
  LIFELINE_FACTOR_STATUS_UNKNOWN: {
    ja: '災害の発生以降、安否が確認されていません',
    en: 'No safety status has been confirmed since the disaster began',
  },
  LIFELINE_FACTOR_NEEDS_RESCUE: {
    ja: '要救助と報告されています',
    en: 'Reported as needing rescue',
  },
  LIFELINE_FACTOR_AGE_85_PLUS: {
    ja: '{{age}}歳です（85歳以上）',
    en: 'Aged {{age}} (85 or over)',
  },
  LIFELINE_EVIDENCE_NAME_EXACT: {
    ja: '氏名が同じ表記です（{{a}}）',
    en: 'The names are written identically ({{a}})',
  },
  LIFELINE_EVIDENCE_NAME_NORMALISED: {
    ja: '氏名が字体・全角半角・空白の違いを除いて一致します（{{a}} / {{b}}）',
    en: 'The names agree apart from character forms, width and spaces ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_NAME_KANA: {
    ja: '氏名の読みが一致します（{{a}} / {{b}}）',
    en: 'The readings of the names agree ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_NAME_MIXED_SCRIPT: {
    ja: '姓が一致し、名は一方がかな、もう一方が漢字で書かれています。読みで照合できた場合のみ一致の根拠になります（{{a}} / {{b}}）',
    en: 'The family names agree; one given name is written in kana, the other in kanji. It counts towards a match only when the reading confirms it ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_NAME_DIFFERENT: {
    ja: '氏名が異なります（{{a}} / {{b}}）',
    en: 'The names differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_BIRTH_DATE_EQUAL: {
    ja: '生年月日が一致します（{{a}}）',
    en: 'The birth dates agree ({{a}})',
  },
  LIFELINE_EVIDENCE_BIRTH_DATE_DIFFERENT: {
    ja: '生年月日が異なります（{{a}} / {{b}}）',
    en: 'The birth dates differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_BIRTH_DATE_MISSING: {
    ja: '一方に生年月日がなく、比較できません',
    en: 'One record has no birth date, so it could not be compared',
  },
  LIFELINE_EVIDENCE_ADDRESS_EQUAL: {
    ja: '住所が表記の違いを除いて一致します（{{a}}）',
    en: 'The addresses agree apart from how they are written ({{a}})',
  },
  LIFELINE_EVIDENCE_ADDRESS_SAME_LOCALITY: {
    ja: '町字は同じですが、番地が異なるか一方にありません（{{a}} / {{b}}）',
    en: 'Same locality, but the block and lot numbers differ or one is missing ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_ADDRESS_DIFFERENT: {
    ja: '住所の町字が異なります（{{a}} / {{b}}）',
    en: 'The addresses are in different localities ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_PHONE_EQUAL: {
    ja: '電話番号が一致します（{{a}}）',
    en: 'The phone numbers agree ({{a}})',
  },
  LIFELINE_EVIDENCE_PHONE_DIFFERENT: {
    ja: '電話番号が異なります（{{a}} / {{b}}）',
    en: 'The phone numbers differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_SEX_DIFFERENT: {
    ja: '性別が異なります（{{a}} / {{b}}）',
    en: 'The recorded sexes differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_AREA_DIFFERENT: {
    ja: '市区町村コードが異なります（{{a}} / {{b}}）',
    en: 'The municipality codes differ ({{a}} / {{b}})',
  },
} as const satisfies MessageCatalog;
