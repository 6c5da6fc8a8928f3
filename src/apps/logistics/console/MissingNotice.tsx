// The logistics page's notice about data the plan did not get: one line per dataset whose gap changes the plan, the
// consequence in words, then who withheld it and why (the node's code as a tooltip only); before any declaration one
// sentence says why, the lines folded beneath it.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { byReason, FOLD_AFTER, type MissingNotice, type NoticeLine, type Withholding } from './missing-notice.ts';

/** Participants that gave nothing for one reason, and the reason in words: the node's code when the catalog knows it, else how it failed. */
function Withheld({ reason, code, nodes }: { reason: string; code?: string; nodes: readonly string[] }) {
  const { t } = useTranslation();
  const { nodeName } = useConsole();
  const lang = useLang();
  const fallback = t('logistics.missingReasons.refused');
  const because = code !== undefined && reason === 'refused'
    ? t(`logistics.withheldBecause.${code}`, { defaultValue: fallback })
    : t(`logistics.missingReasons.${reason}`, { defaultValue: fallback });
  return (
    <span title={code}>
      {joinLabels(nodes.map(nodeName), lang)}
      {lang === 'ja' ? `（${because}）` : ` (${because})`}
    </span>
  );
}

function WithheldList({ withheld }: { withheld: readonly Withholding[] }) {
  const lang = useLang();
  return (
    <>
      {byReason(withheld).map((g, i) => (
        <Fragment key={`${g.reason}|${g.code ?? ''}`}>
          {i > 0 && (lang === 'ja' ? '、' : '; ')}
          <Withheld reason={g.reason} {...(g.code !== undefined ? { code: g.code } : {})} nodes={g.nodes} />
        </Fragment>
      ))}
    </>
  );
}

function Line({ line }: { line: NoticeLine }) {
  const { t } = useTranslation();
  const sentence = t(`logistics.gaps.${line.dataset}.${line.gap}`);
  if (line.withheld.length === 0) return <li>{sentence}</li>;
  if (line.withheld.length <= FOLD_AFTER) {
    return (
      <li>
        {sentence} {t('logistics.notGivenBy')} <WithheldList withheld={line.withheld} />
      </li>
    );
  }
  return (
    <li>
      {sentence}
      <details>
        <summary>{t('logistics.notGivenByCount', { count: line.withheld.length })}</summary>
        <WithheldList withheld={line.withheld} />
      </details>
    </li>
  );
}

function Lines({ notice }: { notice: MissingNotice }) {
  return (
    <ul className="missing-groups" data-testid="logistics-gaps">
      {notice.lines.map((l) => (
        <Line key={l.dataset} line={l} />
      ))}
    </ul>
  );
}

export function MissingNoticeView({ notice }: { notice: MissingNotice }) {
  const { t } = useTranslation();
  if (notice.lines.length === 0) return null;
  if (!notice.beforeDeclaration) {
    return (
      <>
        <h3>{t('logistics.gapsTitle')}</h3>
        <Lines notice={notice} />
      </>
    );
  }
  return (
    <div data-testid="logistics-before-declaration">
      <p className="notice">
        {t('logistics.beforeDeclaration', { count: notice.participants })} <a href="#/declarations">{t('logistics.toDeclarations')}</a>
      </p>
      <details>
        <summary>{t('logistics.whoWithheld', { count: notice.participants })}</summary>
        <Lines notice={notice} />
      </details>
    </div>
  );
}
