// The logistics page's notice about the nodes that gave nothing: before any declaration one sentence says why (the
// groups folded beneath it); otherwise one line per dataset and reason with its participants, folded when long.
import { useTranslation } from 'react-i18next';
import { joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { FOLD_AFTER, type MissingNotice } from './missing-notice.ts';

/** A group's sentence, its participants after it — or behind a fold when there are more than a glance takes in. */
function Group({ summary, nodes }: { summary: string; nodes: readonly string[] }) {
  const lang = useLang();
  const { nodeName } = useConsole();
  const names = joinLabels(nodes.map(nodeName), lang);
  if (nodes.length <= FOLD_AFTER) return <li>{`${summary}${lang === 'ja' ? '：' : ': '}${names}`}</li>;
  return (
    <li>
      <details>
        <summary>{summary}</summary>
        {names}
      </details>
    </li>
  );
}

function Groups({ notice }: { notice: MissingNotice }) {
  const { t } = useTranslation();
  const dataset = (d: string) => t(`logistics.datasets.${d}`, { defaultValue: d });
  return (
    <>
      {notice.notPublished.length > 0 && (
        <ul className="missing-groups" data-testid="logistics-not-published">
          {notice.notPublished.map((g) => (
            <Group key={g.dataset} summary={t('logistics.notPublished', { count: g.nodes.length, dataset: dataset(g.dataset) })} nodes={g.nodes} />
          ))}
        </ul>
      )}
      {notice.refused.length > 0 && (
        <>
          <h3>{t('logistics.missing')}</h3>
          <ul className="missing-groups" data-testid="logistics-refused">
            {notice.refused.map((g) => (
              <Group
                key={`${g.dataset}|${g.reason}|${g.code ?? ''}`}
                summary={t('logistics.refusedGroup', {
                  count: g.nodes.length, dataset: dataset(g.dataset),
                  reason: t(`logistics.missingReasons.${g.reason}`, { defaultValue: g.reason }), code: g.code ?? '—',
                })}
                nodes={g.nodes}
              />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function MissingNoticeView({ notice }: { notice: MissingNotice }) {
  const { t } = useTranslation();
  if (notice.participants === 0) return null;
  if (!notice.beforeDeclaration) return <Groups notice={notice} />;
  return (
    <div data-testid="logistics-before-declaration">
      <p className="notice">
        {t('logistics.beforeDeclaration', { count: notice.participants })} <a href="#/declarations">{t('logistics.toDeclarations')}</a>
      </p>
      <details>
        <summary>{t('logistics.whoGaveNothing', { count: notice.participants })}</summary>
        <Groups notice={notice} />
      </details>
    </div>
  );
}
