// Small shared pieces: an error box that reads out its message, a modal dialog on the native <dialog> (focus is
// trapped and Escape closes it), and the age of a cached answer in words.
import { useEffect, useRef, type ReactNode } from 'react';
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
