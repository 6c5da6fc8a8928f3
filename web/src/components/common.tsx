// Small shared pieces: an error box that reads out its message, a modal dialog on the native <dialog> (focus is
// trapped and Escape closes it), the age of a cached answer in words, and the labelled fields and buttons of the
// filter forms.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';

export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert">
      {errorText(error)}
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
      {children}
    </dialog>
  );
}

export function useAge(): (seconds: number | undefined) => string {
  const { t } = useTranslation();
  return (seconds) => {
    if (seconds === undefined) return t('common.live');
    const age =
      seconds < 60
        ? t('common.seconds', { n: Math.round(seconds) })
        : seconds < 3600
          ? t('common.minutes', { n: Math.round(seconds / 60) })
          : t('common.hours', { n: Math.round(seconds / 3600) });
    return t('common.cachedAge', { age });
  };
}

/** One choice of a SelectField. */
export interface Choice {
  value: string;
  label: string;
}

/**
 * A labelled <select> as the filter forms use it; `anyLabel` adds a first, empty choice that means "no filter".
 * Every page's fields share this markup, so labels stay tied to their controls for screen readers.
 */
export function SelectField({ id, label, value, onChange, choices, anyLabel }: { id: string; label: string; value: string | undefined; onChange: (value: string) => void; choices: readonly Choice[]; anyLabel?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled <input> as the filter forms use it. */
export function TextField({ id, label, value, onChange, type, inputMode }: { id: string; label: string; value: string | undefined; onChange: (value: string) => void; type?: 'search' | 'datetime-local'; inputMode?: 'numeric' }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...(type ? { type } : {})} {...(inputMode ? { inputMode } : {})} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A filter form's buttons: apply (submits the form), reset, and any page-specific ones after them. */
export function FilterActions({ onReset, children }: { onReset: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit">{t('common.apply')}</button>
      <button type="button" className="secondary" onClick={onReset}>
        {t('common.reset')}
      </button>
      {children}
    </div>
  );
}

/** One request a page runs on a person's click: whether it is under way, and its error (shown with ErrorBox). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async <T,>(fn: () => Promise<T>, done: (value: T) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      done(await fn());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
