// JMA telegram kinds by the title in <Control><Title>: the ones Tsunagu reads, and the other published kinds it
// names when it refuses them. Kind codes (VXSE53…) are JMA's data-type codes; the telegram itself carries the title.
import type { AlertKind } from '../../model/index.ts';

export type TelegramFamily = 'intensity' | 'hypocentre' | 'eew' | 'tsunami' | 'weather' | 'landslide' | 'river-flood';

export interface SupportedTelegram {
  code: string;
  family: TelegramFamily;
  /** Kinds every telegram of this title has; families with graded kinds (tsunami, weather) add their own. */
  kinds: AlertKind[];
}

export const supportedTelegrams: Readonly<Record<string, SupportedTelegram>> = {
  震度速報: { code: 'VXSE51', family: 'intensity', kinds: ['earthquake-intensity'] },
  震源に関する情報: { code: 'VXSE52', family: 'hypocentre', kinds: ['hypocentre'] },
  '震源・震度に関する情報': { code: 'VXSE53', family: 'intensity', kinds: ['earthquake-intensity', 'hypocentre'] },
  '緊急地震速報（警報）': { code: 'VXSE43', family: 'eew', kinds: ['earthquake-early-warning'] },
  '緊急地震速報（予報）': { code: 'VXSE44', family: 'eew', kinds: ['earthquake-early-warning'] },
  '緊急地震速報（地震動予報）': { code: 'VXSE45', family: 'eew', kinds: ['earthquake-early-warning'] },
  '津波警報・注意報・予報a': { code: 'VTSE41', family: 'tsunami', kinds: [] },
  津波情報a: { code: 'VTSE51', family: 'tsunami', kinds: ['tsunami-information'] },
  '気象特別警報・警報・注意報': { code: 'VPWW53', family: 'weather', kinds: [] },
  '気象警報・注意報（Ｈ２７）': { code: 'VPWW54', family: 'weather', kinds: [] },
  '気象警報・注意報（Ｒ０６）（大雨）': { code: 'VPWW55', family: 'weather', kinds: [] },
  '気象警報・注意報（Ｒ０６）（土砂）': { code: 'VPWW56', family: 'weather', kinds: [] },
  '気象警報・注意報（Ｒ０６）（高潮）': { code: 'VPWW57', family: 'weather', kinds: [] },
  '気象警報・注意報（Ｒ０６）（暴風）': { code: 'VPWW58', family: 'weather', kinds: [] },
  '気象警報・注意報（Ｒ０６）（波浪）': { code: 'VPWW59', family: 'weather', kinds: [] },
  土砂災害警戒情報: { code: 'VXWW50', family: 'landslide', kinds: ['landslide-alert'] },
  指定河川洪水予報: { code: 'VXKO', family: 'river-flood', kinds: ['river-flood-forecast'] },
};

/** Published kinds Tsunagu does not read, so that a refusal names the kind as JMA does. */
export const knownUnsupportedTelegrams: Readonly<Record<string, string>> = {
  地上実況図: 'VZSA50',
  アジア太平洋地上実況図: 'VZSA60',
  地上２４時間予想図: 'VZSF50',
  地上４８時間予想図: 'VZSF51',
  府県天気予報: 'VPFD50',
  府県週間天気予報: 'VPFW50',
  府県気象情報: 'VPFJ50',
  地方気象情報: 'VPCJ50',
  全般気象情報: 'VPZJ50',
  記録的短時間大雨情報: 'VPOA50',
  竜巻注意情報: 'VPHW50',
  府県潮位情報: 'VMCJ50',
  噴火警報・予報: 'VFVO50',
  噴火速報: 'VFVO56',
  '降灰予報（定時）': 'VFVO53',
  火山の状況に関する解説情報: 'VFVO51',
  地震の活動状況等に関する情報: 'VXSE56',
  地震回数に関する情報: 'VXSE60',
  顕著な地震の震源要素更新のお知らせ: 'VXSE61',
  長周期地震動に関する観測情報: 'VXSE62',
  沖合の津波観測に関する情報: 'VTSE52',
  南海トラフ地震臨時情報: 'VYSE50',
  南海トラフ地震関連解説情報: 'VYSE51',
};
