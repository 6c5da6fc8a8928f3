// The situation report's unmet needs: what the node's latest supply plan leaves unmet per municipality and item, each
// figure with the shelters (at their nodes) it sums and the plan it comes from; with no standing plan, the open needs
// against the stock known, labelled as such; or why there are none to show.
import { useTranslation } from 'react-i18next';
import { stockCategories, stockUnits } from '../../../model/codes.ts';
import { codeLabel, formatDateTime, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import type { ReportUnmetNeeds } from '../types.ts';

type AgainstStock = Extract<ReportUnmetNeeds, { state: 'needs-against-stock' }>;

const amount = (n: number, lang: string) => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 });

/** A municipality as the report names it: its name where the report has one, with its code. */
export type PlaceName = (code: string) => string;

export function UnmetNeeds({ section, placeName }: { section: ReportUnmetNeeds | undefined; placeName: PlaceName }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const heading = <h3 id="report-unmet-needs">{t('alerts.unmetNeeds')}</h3>;
  // Reports drafted before the section existed carry none; they say nothing rather than something untrue.
  if (section === undefined) return null;
  if (section.state === 'needs-against-stock') return <NeedsAgainstStock section={section} placeName={placeName} />;
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
        <ItemsByMunicipality
          rows={section.municipalities}
          placeName={placeName}
          headings={[t('alerts.unmetQuantity'), t('alerts.unmetFrom')]}
          figure={(item) => t('alerts.unmetOfNeeded', { unmet: amount(item.unmet, lang), needed: amount(item.needed, lang), unit: codeLabel(stockUnits, item.unit, lang) })}
          needs={(item) => item.needs.map((n) => ({ node: n.node, place: `${n.destination.type}:${n.destination.id}`, quantity: n.unmet }))}
        />
      )}
      {/* Nodes that answered with nothing are counted, not listed one by one. */}
      {given.length > 0 && (
        <p>
          {t('alerts.unmetSources', { sources: given.map((s) => t('alerts.byNode', { node: `${nodeName(s.node)} (${t(`alerts.dataset.${s.dataset}`, { defaultValue: s.dataset })})`, count: s.count })).join(lang === 'ja' ? '、' : '; ') })}
          {emptyNodes > 0 && ` ${t('alerts.unmetSourcesEmpty', { count: emptyNodes })}`}
        </p>
      )}
    </section>
  );
}

/** A table of items per municipality, each with its figure and the needs (node: place, quantity) it sums. */
function ItemsByMunicipality<I extends { category: string; unit: string }>(props: {
  caption?: string;
  rows: readonly { code: string; items: I[] }[];
  placeName: PlaceName;
  headings: [figure: string, needs: string];
  figure: (item: I) => string;
  needs: (item: I) => { node: string; place: string; quantity: number }[];
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = props.rows.flatMap((m) => m.items.map((item) => ({ code: m.code, item })));
  return (
    <table>
      {props.caption !== undefined && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('alerts.areas')}</th>
          <th scope="col">{t('alerts.unmetItem')}</th>
          <th scope="col">{props.headings[0]}</th>
          <th scope="col">{props.headings[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ code, item }) => (
          <tr key={`${code}/${item.category}/${item.unit}`}>
            <td>{props.placeName(code)}</td>
            <td>{codeLabel(stockCategories, item.category, lang)}</td>
            <td>{props.figure(item)}</td>
            <td>
              <NeedList needs={props.needs(item)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Needs beyond this many are summed per node first, each one listed under a disclosure (a city has hundreds of shelters). */
const LISTED_OUTRIGHT = 5;

/** The needs a figure sums: each one (node: place, quantity), or, when many, how many per node with each one on demand. */
function NeedList({ needs }: { needs: { node: string; place: string; quantity: number }[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const sep = lang === 'ja' ? '、' : '; ';
  const each = needs.map((n) => t('alerts.unmetNeedSource', { node: nodeName(n.node), place: n.place, unmet: amount(n.quantity, lang) })).join(sep);
  if (needs.length <= LISTED_OUTRIGHT) return <>{each}</>;
  const perNode = new Map<string, number>();
  for (const n of needs) perNode.set(n.node, (perNode.get(n.node) ?? 0) + 1);
  return (
    <details>
      <summary>{[...perNode].map(([node, count]) => t('alerts.needsPerNode', { node: nodeName(node), count })).join(sep)}</summary>
      <p className="small">{each}</p>
    </details>
  );
}

/** No plan to read: the open needs per municipality and item, then per item the stock known against every need seen. */
function NeedsAgainstStock({ section, placeName }: { section: AgainstStock; placeName: PlaceName }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const list = (xs: string[]) => xs.join(lang === 'ja' ? '、' : '; ');
  const unit = (u: string) => codeLabel(stockUnits, u, lang);
  const rows = section.municipalities.flatMap((m) => m.items.map((item) => ({ code: m.code, item })));
  // One entry per node, with what it did not give (its shelters, its care counts, its stock).
  const byNode = new Map<string, Set<string>>();
  for (const m of section.missing) byNode.set(m.node, (byNode.get(m.node) ?? new Set()).add(t(`alerts.dataset.${m.dataset}`, { defaultValue: m.dataset })));
  const absent = [...byNode].map(([node, datasets]) => `${nodeName(node)}${lang === 'ja' ? `（${[...datasets].join('・')}）` : ` (${[...datasets].join(', ')})`}`);
  return (
    <section aria-labelledby="report-unmet-needs" data-testid="unmet-needs-against-stock">
      <h3 id="report-unmet-needs">{t('alerts.unmetNeeds')}</h3>
      <p className="notice">
        <strong>{t('alerts.againstStock.label')}</strong>{' '}
        {section.why === 'latest-declined' ? t('alerts.againstStock.declined', { plan: section.declinedPlanId ?? '' }) : t('alerts.againstStock.noPlan')}{' '}
        {t('alerts.againstStock.explain', { at: formatDateTime(section.computedAt, lang) })} <a href={section.href}>{t('alerts.unmetNeedsOpenPlan')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t('alerts.againstStock.none')}</p>
      ) : (
        <>
          <ItemsByMunicipality
            caption={t('alerts.againstStock.needsCaption')}
            rows={section.municipalities}
            placeName={placeName}
            headings={[t('alerts.againstStock.needed'), t('alerts.againstStock.needsFrom')]}
            figure={(item) => `${amount(item.needed, lang)} ${unit(item.unit)}`}
            needs={(item) => item.needs.map((n) => ({ node: n.node, place: `${n.destination.type}:${n.destination.id}`, quantity: n.quantity }))}
          />
          <table>
            <caption>{t('alerts.againstStock.stockCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alerts.unmetItem')}</th>
                <th scope="col">{t('alerts.againstStock.neededInAreas')}</th>
                <th scope="col">{t('alerts.againstStock.neededEverywhere')}</th>
                <th scope="col">{t('alerts.againstStock.knownStock')}</th>
                <th scope="col">{t('alerts.againstStock.short')}</th>
              </tr>
            </thead>
            <tbody>
              {section.items.map((i) => (
                <tr key={`${i.category}/${i.unit}`}>
                  <td>{codeLabel(stockCategories, i.category, lang)}</td>
                  <td>{`${amount(i.neededInAreas, lang)} ${unit(i.unit)}`}</td>
                  <td>{`${amount(i.neededEverywhere, lang)} ${unit(i.unit)}`}</td>
                  <td>
                    {`${amount(i.knownStock, lang)} ${unit(i.unit)}`}
                    {i.holders.length > 0 && ` (${list(i.holders.map((h) => t('alerts.byNode', { node: nodeName(h.node), count: amount(h.quantity, lang) })))})`}
                  </td>
                  <td>{i.short > 0 ? <strong>{`${amount(i.short, lang)} ${unit(i.unit)}`}</strong> : t('alerts.againstStock.covered')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {absent.length > 0 && <p>{t('alerts.againstStock.missing', { nodes: list(absent) })}</p>}
    </section>
  );
}
