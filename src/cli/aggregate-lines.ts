// An aggregate as lines of text for the terminal: one line per group with its count (and totals), withheld groups
// marked as such, then how many were withheld and below which size. Pure.
import type { Lang } from '../i18n/index.ts';
import type { AggregateCell, GroupValue } from '../policy/aggregate-table.ts';

export interface PrintableAggregate {
  groupBy: readonly string[];
  sum: readonly string[];
  minimumCellSize: number;
  cells: readonly AggregateCell[];
  withheldCells: number;
  tableWithheld?: boolean;
}

const valueText = (v: GroupValue, lang: Lang) => (v === null ? (lang === 'ja' ? '（なし）' : '(none)') : String(v));

export function aggregateLines(t: PrintableAggregate, lang: Lang): string[] {
  const ja = lang === 'ja';
  if (t.tableWithheld) {
    return [ja ? `表全体が非公開です（${t.minimumCellSize}件未満を伏せると表が成り立たないため）` : `The whole table is withheld (too few records to publish with groups under ${t.minimumCellSize} withheld)`];
  }
  const lines = [`${t.groupBy.join(' / ')}\t${ja ? '件数' : 'count'}${t.sum.map((s) => `\t${ja ? '合計' : 'total'} ${s}`).join('')}`];
  for (const c of t.cells) {
    const key = c.values.map((v) => valueText(v, lang)).join(' / ');
    if (c.status === 'withheld') lines.push(`${key}\t${ja ? '非公開' : 'withheld'}`);
    else lines.push(`${key}\t${c.count}${t.sum.map((s) => `\t${c.sums?.[s] ?? 0}`).join('')}`);
  }
  lines.push(
    ja
      ? `非公開の区分: ${t.withheldCells}（${t.minimumCellSize}件未満と、差し引きで分からないよう合わせて伏せた区分）`
      : `Withheld groups: ${t.withheldCells} (under ${t.minimumCellSize}, and those withheld with them so that they cannot be worked out by subtraction)`,
  );
  return lines;
}
