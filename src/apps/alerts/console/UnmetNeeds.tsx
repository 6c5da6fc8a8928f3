// The situation report's unmet needs: what the node's latest supply plan leaves unmet per municipality and item, each
// figure with the shelters (at their nodes) it sums and the plan it comes from — or why there are none to show.
import { useTranslation } from 'react-i18next';
import { stockCategories, stockUnits } from '../../../model/codes.ts';
import { codeLabel, formatDateTime, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import type { ReportUnmetNeeds } from '../types.ts';

const amount = (n: number, lang: string) => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 });

export function UnmetNeeds({ section }: { section: ReportUnmetNeeds | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const heading = <h3 id="report-unmet-needs">{t('alerts.unmetNeeds')}</h3>;
  // Reports drafted before the section existed carry none; they say nothing rather than something untrue.
  if (section === undefined) return null;
  if (section.state !== 'plan') {
    const text = section.state === 'failed' ? section.message : t(`alerts.unmetNeedsState.${section.state}`);
    return (
      <section aria-labelledby="report-unmet-needs">
        {heading}
        <p>{text}</p>
      </section>
    );
  }
  const rows = section.municipalities.flatMap((m) => m.items.map((item) => ({ code: m.code, item })));
  const given = section.sources.filter((s) => s.count > 0);
  const emptyNodes = new Set(section.sources.filter((s) => s.count === 0).map((s) => s.node).filter((n) => !given.some((g) => g.node === n))).size;
  return (
    <section aria-labelledby="report-unmet-needs">
      {heading}
      <p>
        {t('alerts.unmetNeedsPlan', {
          plan: section.planId,
          state: t(`alerts.planState.${section.planState}`),
          at: formatDateTime(section.decidedAt ?? section.proposedAt, lang),
        })}{' '}
        <a href={section.href}>{t('alerts.unmetNeedsOpenPlan')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t('alerts.unmetNeedsNone')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('alerts.code')}</th>
              <th scope="col">{t('alerts.unmetItem')}</th>
              <th scope="col">{t('alerts.unmetQuantity')}</th>
              <th scope="col">{t('alerts.unmetFrom')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ code, item }) => (
              <tr key={`${code}/${item.category}/${item.unit}`}>
                <td>{code}</td>
                <td>{codeLabel(stockCategories, item.category, lang)}</td>
                <td>
                  {t('alerts.unmetOfNeeded', { unmet: amount(item.unmet, lang), needed: amount(item.needed, lang), unit: codeLabel(stockUnits, item.unit, lang) })}
                </td>
                <td>
                  {item.needs
                    .map((n) => t('alerts.unmetNeedSource', { node: nodeName(n.node), place: `${n.destination.type}:${n.destination.id}`, unmet: amount(n.unmet, lang) }))
                    .join(lang === 'ja' ? '、' : '; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {/* Nodes that answered with nothing are counted, not listed one by one. */}
      {given.length > 0 && (
        <p>
          {t('alerts.unmetSources', { sources: given.map((s) => t('alerts.byNode', { node: `${nodeName(s.node)} (${s.dataset})`, count: s.count })).join(lang === 'ja' ? '、' : '; ') })}
          {emptyNodes > 0 && ` ${t('alerts.unmetSourcesEmpty', { count: emptyNodes })}`}
        </p>
      )}
    </section>
  );
}
