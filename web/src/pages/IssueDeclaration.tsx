// Issuing a disaster declaration from the console: a form over the areas this node may name (from its listing in the
// trust list), a confirmation step that shows the declaration exactly as the node checked it (a dry run), then the
// issue itself and what every peer answered. A node that may not declare is told why instead of shown a form.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hazards, phases, type Hazard, type Phase } from '../../../src/model/codes.ts';
import { codesOf } from '../../../src/model/labels.ts';
import { operatorApi, type DeclarationOrder, type DeclaringAuthority, type IssuedDeclaration } from '../api.ts';
import { Dialog, ErrorBox, SelectField } from '../components/common.tsx';
import { codeLabel, formatDateTime, useLang } from '../i18n/index.ts';

const VALIDITY_HOURS = [24, 72, 168, 336] as const;

/** A declaration prepared elsewhere (an alert: `#/declarations?propose=1&hazard=…&phase=…&areas=…&alert=…`), to check and issue. */
export interface DeclarationProposal {
  hazard: Hazard;
  phase: Phase;
  areas: string[];
  /** What it was prepared from, in words (the alert's headline). */
  from?: string;
  /** A declaration request received that the declaration answers (its requester is told). */
  answering?: { requester: string; id: string };
}

/** The proposal a link carries; nothing when the link names no hazard or phase the vocabulary knows. */
export function proposalFrom(params: URLSearchParams): DeclarationProposal | undefined {
  if (params.get('propose') !== '1') return undefined;
  const hazard = params.get('hazard') ?? '';
  const phase = params.get('phase') ?? '';
  if (!Object.hasOwn(hazards, hazard) || !Object.hasOwn(phases, phase)) return undefined;
  const areas = (params.get('areas') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  const requester = params.get('requester') ?? '';
  const request = params.get('request') ?? '';
  const answering = requester && request ? { requester, id: request } : undefined;
  const from = params.get('alert') ?? (answering ? request : undefined);
  return { hazard: hazard as Hazard, phase: phase as Phase, areas, ...(from ? { from } : {}), ...(answering ? { answering } : {}) };
}

export function IssueDeclaration({ onIssued, proposal }: { onIssued: () => void; proposal?: DeclarationProposal }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [authority, setAuthority] = useState<DeclaringAuthority>();
  const [error, setError] = useState<unknown>();
  // A proposal opens the form filled in; the operator still checks, narrows and issues it.
  const [open, setOpen] = useState(proposal !== undefined);
  const [hazard, setHazard] = useState<Hazard>(proposal?.hazard ?? 'earthquake');
  const [phase, setPhase] = useState<Phase>(proposal?.phase ?? 'emergency');
  const [areas, setAreas] = useState<string[]>([]);
  const [validHours, setValidHours] = useState('72');
  const [titleJa, setTitleJa] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [preview, setPreview] = useState<IssuedDeclaration>();
  const [result, setResult] = useState<IssuedDeclaration>();
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const resultBox = useRef<HTMLDivElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  // Focus follows the step: the form's heading when it opens, the outcome once issued, the button when cancelled.
  useEffect(() => {
    if (open) formHeading.current?.focus();
  }, [open]);
  useEffect(() => {
    if (result) resultBox.current?.focus();
  }, [result]);

  useEffect(() => {
    operatorApi.declaringAuthority().then((a) => {
      setAuthority(a);
      // Of the areas proposed, those this node may declare for (its own jurisdiction and what lies within it).
      if (proposal && a.kind === 'may-declare') {
        const mine = a.areas.map((x) => x.code).filter((code) => proposal.areas.includes(code));
        setAreas((current) => (current.length > 0 ? current : mine));
      }
    }, setError);
  }, [lang, proposal]);

  // A title in both languages from what was chosen, until the operator writes one.
  const named = authority?.kind === 'may-declare' ? authority.areas.filter((a) => areas.includes(a.code)) : [];
  const suggested = {
    ja: `${named.map((a) => a.name.ja).join('・')} ${codeLabel(hazards, hazard, 'ja')}`.trim(),
    en: `${codeLabel(hazards, hazard, 'en')} in ${named.map((a) => a.name.en).join(', ')}`,
  };
  const order = (): DeclarationOrder => ({
    hazard,
    phase,
    areas,
    validHours: Number(validHours),
    title: { ja: titleJa.trim() || suggested.ja, en: titleEn.trim() || suggested.en },
    ...(proposal?.answering ? { answering: proposal.answering } : {}),
  });

  if (!authority) return <ErrorBox error={error} />;
  if (authority.kind === 'may-not-declare') {
    return (
      <p className="notice" data-testid="declare-not-allowed">
        {authority.detail}
      </p>
    );
  }

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      setPreview(await operatorApi.issueDeclaration({ ...order(), dryRun: true }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const issue = async () => {
    setBusy(true);
    try {
      const issued = await operatorApi.issueDeclaration(order());
      setPreview(undefined);
      setOpen(false);
      setResult(issued);
      onIssued();
    } catch (err) {
      setPreview(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="issue-declaration" aria-label={t('declare.title')}>
      {!open && (
        <button ref={opener} type="button" onClick={() => (setOpen(true), setResult(undefined))} data-testid="declare-open">
          {t('declare.open')}
        </button>
      )}
      {result && (
        <div ref={resultBox} tabIndex={-1} role="status" className="card outcome outcome-allowed" data-testid="declare-result">
          <p>{t('declare.issued', { id: result.declaration.id })}</p>
          <ul>
            {result.deliveries.map((d) => (
              <li key={d.participantId}>
                {d.name[lang]}: {t(`declare.outcome.${d.outcome}`)}
                {d.detail ? ` (${d.detail})` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {open && (
        <form onSubmit={check} className="card" data-testid="declare-form">
          <h2 id="issue-title" ref={formHeading} tabIndex={-1}>
            {t('declare.title')}
          </h2>
          {proposal && (
            <p className="notice" data-testid="declare-proposed">
              {proposal.answering
                ? t('declare.answering', { id: proposal.answering.id, proposed: proposal.areas.length, chosen: areas.length })
                : t('declare.proposedFrom', { from: proposal.from ?? '-', proposed: proposal.areas.length, chosen: areas.length })}
            </p>
          )}
          {/* The choices come from the vocabularies, so a chosen value is one of their codes. */}
          <SelectField id="declare-hazard" label={t('declarations.hazard')} value={hazard} onChange={(v) => setHazard(v as Hazard)} choices={codesOf(hazards).map((c) => ({ value: c, label: codeLabel(hazards, c, lang) }))} />
          <SelectField id="declare-phase" label={t('declarations.phase')} value={phase} onChange={(v) => setPhase(v as Phase)} choices={codesOf(phases).filter((c) => c !== 'closed').map((c) => ({ value: c, label: codeLabel(phases, c, lang) }))} />
          <fieldset className="field">
            <legend>{t('declarations.areas')}</legend>
            {authority.areas.map((a) => (
              <label key={a.code} className="check">
                <input
                  type="checkbox"
                  checked={areas.includes(a.code)}
                  onChange={(e) => setAreas(e.target.checked ? [...areas, a.code] : areas.filter((x) => x !== a.code))}
                />
                {a.name[lang]} ({a.code})
              </label>
            ))}
          </fieldset>
          <SelectField id="declare-valid" label={t('declare.validFor')} value={validHours} onChange={setValidHours} choices={VALIDITY_HOURS.map((h) => ({ value: String(h), label: t('declare.hours', { n: h }) }))} />
          <div className="field">
            <label htmlFor="declare-title-ja">{t('declare.titleJa')}</label>
            <input id="declare-title-ja" value={titleJa} placeholder={suggested.ja} onChange={(e) => setTitleJa(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="declare-title-en">{t('declare.titleEn')}</label>
            <input id="declare-title-en" value={titleEn} placeholder={suggested.en} onChange={(e) => setTitleEn(e.target.value)} />
          </div>
          <ErrorBox error={error} />
          <div className="actions">
            <button type="submit" disabled={busy || areas.length === 0}>
              {t('declare.check')}
            </button>
            <button type="button" className="secondary" onClick={() => (setOpen(false), setError(undefined), setTimeout(() => opener.current?.focus(), 0))}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
      {preview && (
        <Dialog title={t('declare.confirmTitle')} onClose={() => setPreview(undefined)}>
          <dl className="confirm" data-testid="declare-confirm">
            <dt>{t('declarations.hazard')}</dt>
            <dd>{codeLabel(hazards, preview.declaration.hazard, lang)}</dd>
            <dt>{t('declarations.phase')}</dt>
            <dd>{codeLabel(phases, preview.declaration.phase, lang)}</dd>
            <dt>{t('declarations.areas')}</dt>
            <dd>{preview.declaration.areas.map((a, i) => (preview.declaration.areaNames?.[i] ? `${preview.declaration.areaNames[i]} (${a})` : a)).join(', ')}</dd>
            <dt>{t('declare.titleShort')}</dt>
            <dd>
              {preview.declaration.title?.ja} / {preview.declaration.title?.en}
            </dd>
            <dt>{t('declarations.validFrom')}</dt>
            <dd>{formatDateTime(preview.declaration.validFrom, lang)}</dd>
            <dt>{t('declarations.validUntil')}</dt>
            <dd>{formatDateTime(preview.declaration.validUntil, lang)}</dd>
          </dl>
          <p>{t('declare.confirmText')}</p>
          <div className="actions">
            <button type="button" onClick={issue} disabled={busy} data-testid="declare-issue" autoFocus>
              {t('declare.issue')}
            </button>
            <button type="button" className="secondary" onClick={() => setPreview(undefined)}>
              {t('declare.back')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
