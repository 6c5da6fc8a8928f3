// Name tables for synthetic persons: common family names (with the 旧字体 some registers keep, so lists can
// disagree), and given names typical of each generation. Large enough that a town's list does not read as a
// handful of people repeated; still obviously generic, and every record is marked synthetic.
import type { Sex } from '../model/codes.ts';

export interface FamilyName {
  kanji: string;
  /** The 旧字体 spelling some registers keep. */
  old?: string;
  kana: string;
}

export interface GivenName {
  kanji: string;
  kana: string;
  sex: Sex;
}

const f = (kanji: string, kana: string, old?: string): FamilyName => (old ? { kanji, kana, old } : { kanji, kana });

export const familyNames: readonly FamilyName[] = [
  f('高橋', 'タカハシ', '髙橋'), f('渡辺', 'ワタナベ', '渡邊'), f('斎藤', 'サイトウ', '齋藤'), f('浜田', 'ハマダ', '濱田'),
  f('沢田', 'サワダ', '澤田'), f('山崎', 'ヤマザキ', '山﨑'), f('広瀬', 'ヒロセ', '廣瀬'), f('桜井', 'サクライ', '櫻井'),
  f('田辺', 'タナベ', '田邊'), f('高田', 'タカダ', '髙田'), f('宮崎', 'ミヤザキ', '宮﨑'), f('岩崎', 'イワサキ', '岩﨑'),
  f('高木', 'タカギ', '髙木'), f('斉藤', 'サイトウ', '齊藤'), f('吉田', 'ヨシダ', '𠮷田'), f('長谷川', 'ハセガワ'),
  f('佐藤', 'サトウ'), f('鈴木', 'スズキ'), f('田中', 'タナカ'), f('伊藤', 'イトウ'), f('小林', 'コバヤシ'),
  f('加藤', 'カトウ'), f('山本', 'ヤマモト'), f('中村', 'ナカムラ'), f('山口', 'ヤマグチ'), f('松本', 'マツモト'),
  f('井上', 'イノウエ'), f('木村', 'キムラ'), f('林', 'ハヤシ'), f('清水', 'シミズ'), f('山下', 'ヤマシタ'),
  f('森', 'モリ'), f('阿部', 'アベ'), f('石川', 'イシカワ'), f('前田', 'マエダ'), f('藤田', 'フジタ'),
  f('小川', 'オガワ'), f('後藤', 'ゴトウ'), f('岡田', 'オカダ'), f('村上', 'ムラカミ'), f('近藤', 'コンドウ'),
  f('石井', 'イシイ'), f('遠藤', 'エンドウ'), f('青木', 'アオキ'), f('藤井', 'フジイ'), f('西村', 'ニシムラ'),
  f('福田', 'フクダ'), f('太田', 'オオタ'), f('三浦', 'ミウラ'), f('藤原', 'フジワラ'), f('岡本', 'オカモト'),
  f('松田', 'マツダ'), f('中川', 'ナカガワ'), f('中野', 'ナカノ'), f('原田', 'ハラダ'), f('小野', 'オノ'),
  f('竹内', 'タケウチ'), f('金子', 'カネコ'), f('和田', 'ワダ'), f('中山', 'ナカヤマ'), f('石田', 'イシダ'),
  f('上田', 'ウエダ'), f('森田', 'モリタ'), f('柴田', 'シバタ'), f('酒井', 'サカイ'), f('工藤', 'クドウ'),
  f('横山', 'ヨコヤマ'), f('宮本', 'ミヤモト'), f('内田', 'ウチダ'), f('安藤', 'アンドウ'), f('島田', 'シマダ'),
  f('谷口', 'タニグチ'), f('大野', 'オオノ'), f('丸山', 'マルヤマ'), f('今井', 'イマイ'), f('河野', 'コウノ'),
  f('村田', 'ムラタ'), f('武田', 'タケダ'), f('上野', 'ウエノ'), f('杉山', 'スギヤマ'), f('増田', 'マスダ'),
  f('小山', 'コヤマ'), f('平野', 'ヒラノ'), f('菅原', 'スガワラ'), f('久保', 'クボ'), f('松井', 'マツイ'),
  f('千葉', 'チバ'), f('野口', 'ノグチ'), f('松尾', 'マツオ'), f('菊地', 'キクチ'), f('木下', 'キノシタ'),
  f('野村', 'ノムラ'), f('新井', 'アライ'), f('山田', 'ヤマダ'), f('中島', 'ナカジマ'), f('北村', 'キタムラ'),
  f('坂本', 'サカモト'), f('池田', 'イケダ'), f('西田', 'ニシダ'), f('谷内', 'ヤチ'), f('道下', 'ミチシタ'),
  f('大森', 'オオモリ'),
];

const g = (kanji: string, kana: string, sex: Sex): GivenName => ({ kanji, kana, sex });

/** Names common among people born before about 1960 (most of the people on these lists). */
export const olderGivenNames: readonly GivenName[] = [
  g('太郎', 'タロウ', 'male'), g('一郎', 'イチロウ', 'male'), g('次郎', 'ジロウ', 'male'), g('三郎', 'サブロウ', 'male'),
  g('清', 'キヨシ', 'male'), g('茂', 'シゲル', 'male'), g('博', 'ヒロシ', 'male'), g('勇', 'イサム', 'male'),
  g('実', 'ミノル', 'male'), g('進', 'ススム', 'male'), g('正', 'タダシ', 'male'), g('保', 'タモツ', 'male'),
  g('勝', 'マサル', 'male'), g('昭', 'アキラ', 'male'), g('武', 'タケシ', 'male'), g('隆', 'タカシ', 'male'),
  g('和夫', 'カズオ', 'male'), g('正雄', 'マサオ', 'male'), g('幸雄', 'ユキオ', 'male'), g('義男', 'ヨシオ', 'male'),
  g('秀夫', 'ヒデオ', 'male'), g('昭二', 'ショウジ', 'male'), g('五郎', 'ゴロウ', 'male'), g('弘', 'ヒロシ', 'male'),
  // 記入例 (form-filling example) names: any Japanese reader sees at once that these people are made up.
  g('権兵衛', 'ゴンベエ', 'male'), g('金太郎', 'キンタロウ', 'male'), g('亀吉', 'カメキチ', 'male'),
  g('花子', 'ハナコ', 'female'), g('梅子', 'ウメコ', 'female'), g('松子', 'マツコ', 'female'), g('和子', 'カズコ', 'female'),
  g('幸子', 'サチコ', 'female'), g('節子', 'セツコ', 'female'), g('洋子', 'ヨウコ', 'female'), g('京子', 'キョウコ', 'female'),
  g('久子', 'ヒサコ', 'female'), g('弘子', 'ヒロコ', 'female'), g('恵子', 'ケイコ', 'female'), g('美代子', 'ミヨコ', 'female'),
  g('昭子', 'アキコ', 'female'), g('千代子', 'チヨコ', 'female'), g('トメ', 'トメ', 'female'), g('ハナ', 'ハナ', 'female'),
  g('静子', 'シズコ', 'female'), g('文子', 'フミコ', 'female'), g('光子', 'ミツコ', 'female'), g('信子', 'ノブコ', 'female'),
  g('悦子', 'エツコ', 'female'), g('照子', 'テルコ', 'female'), g('君子', 'キミコ', 'female'), g('春子', 'ハルコ', 'female'),
  g('竹子', 'タケコ', 'female'), g('桃子', 'モモコ', 'female'), g('菊子', 'キクコ', 'female'), g('鶴子', 'ツルコ', 'female'),
];

/** Names common among people born after about 1960. */
export const youngerGivenNames: readonly GivenName[] = [
  g('誠', 'マコト', 'male'), g('健太', 'ケンタ', 'male'), g('大輔', 'ダイスケ', 'male'), g('直樹', 'ナオキ', 'male'),
  g('翔太', 'ショウタ', 'male'), g('大翔', 'ヒロト', 'male'), g('蓮', 'レン', 'male'), g('拓也', 'タクヤ', 'male'),
  g('浩二', 'コウジ', 'male'), g('健一', 'ケンイチ', 'male'),
  g('直美', 'ナオミ', 'female'), g('裕子', 'ユウコ', 'female'), g('陽菜', 'ヒナ', 'female'), g('結衣', 'ユイ', 'female'),
  g('美咲', 'ミサキ', 'female'), g('愛', 'アイ', 'female'), g('由美子', 'ユミコ', 'female'), g('真由美', 'マユミ', 'female'),
  g('さくら', 'サクラ', 'female'), g('明美', 'アケミ', 'female'),
];

export const olderMale = olderGivenNames.filter((n) => n.sex === 'male');
export const olderFemale = olderGivenNames.filter((n) => n.sex === 'female');
export const youngerMale = youngerGivenNames.filter((n) => n.sex === 'male');
export const youngerFemale = youngerGivenNames.filter((n) => n.sex === 'female');

const allGivenNames = [...olderGivenNames, ...youngerGivenNames];

function select<T extends { kanji: string }>(table: readonly T[], kanji: readonly string[], what: string): T[] {
  return kanji.map((k) => {
    const found = table.find((n) => n.kanji === k);
    if (!found) throw new Error(`${what} ${k} is not in the shared name tables`);
    return found;
  });
}

/** Family names of the table, in the order given: a generator's draws depend on the order of its cast. */
export function selectFamilyNames(kanji: readonly string[]): FamilyName[] {
  return select(familyNames, kanji, 'family name');
}

/** Given names of the tables, in the order given. */
export function selectGivenNames(kanji: readonly string[]): GivenName[] {
  return select(allGivenNames, kanji, 'given name');
}
