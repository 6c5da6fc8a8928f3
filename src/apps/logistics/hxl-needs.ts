// Needs as HXL-tagged CSV (Humanitarian Exchange Language): a header row for people, a hashtag row for tools, one row
// per demand line — so a cluster or partner can read Tsunagu's needs with HXL tools (HDX, the HXL Proxy).
import { demandPriorities, stockCategories, stockUnits, type Demand } from '../../model/index.ts';

type Lang = 'ja' | 'en';

/** Columns: people's header in Japanese and English, the HXL hashtag, and the value of a demand line. */
const columns: readonly { ja: string; en: string; tag: string; value: (d: Demand, lang: Lang) => string }[] = [
  { ja: '届け先ID', en: 'Destination ID', tag: '#loc+code', value: (d) => d.destination.id },
  { ja: '届け先の種別', en: 'Destination type', tag: '#loc+type', value: (d) => d.destination.type },
  { ja: '地域コード', en: 'Area code', tag: '#adm2+code', value: (d) => d.areaCode },
  { ja: '緯度', en: 'Latitude', tag: '#geo+lat', value: (d) => (d.location ? String(d.location.coordinates[1]) : '') },
  { ja: '経度', en: 'Longitude', tag: '#geo+lon', value: (d) => (d.location ? String(d.location.coordinates[0]) : '') },
  { ja: '品目コード', en: 'Item code', tag: '#item+code', value: (d) => d.item.category },
  { ja: '品目', en: 'Item', tag: '#item+name', value: (d, l) => d.item.name?.[l] ?? stockCategories[d.item.category][l] },
  { ja: '単位', en: 'Unit', tag: '#item+unit', value: (d, l) => stockUnits[d.unit][l] },
  { ja: '必要数量', en: 'Quantity needed', tag: '#value+needed+num', value: (d) => String(d.quantity) },
  { ja: '必要な期限', en: 'Needed by', tag: '#date+needed', value: (d) => d.neededBy },
  { ja: '優先度', en: 'Priority', tag: '#severity+code', value: (d) => d.priority },
  { ja: '優先度（表示）', en: 'Priority (label)', tag: '#severity+name', value: (d, l) => demandPriorities[d.priority][l] },
  { ja: '除去するアレルゲン', en: 'Allergens to avoid', tag: '#item+free_from', value: (d) => (d.freeFrom ?? []).join(' ') },
  { ja: '需要の種類', en: 'Origin', tag: '#meta+origin', value: (d) => d.origin },
  { ja: '算定の根拠', en: 'Basis', tag: '#meta+basis', value: (d) => d.basis ?? '' },
];

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The hashtags of the export, in column order. */
export const needsHxlTags: readonly string[] = columns.map((c) => c.tag);

/** Demand lines as HXL-tagged CSV (CRLF line ends, UTF-8), headers in the reader's language. */
export function needsAsHxl(demands: readonly Demand[], lang: Lang): string {
  const rows = [columns.map((c) => c[lang]), needsHxlTags, ...demands.map((d) => columns.map((c) => c.value(d, lang)))];
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
