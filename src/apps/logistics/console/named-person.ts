// The operator's name, which every decision on the logistics page carries, and quantities as people read them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../../../web/src/state.tsx';

/** The operator's name for a decision; undefined (with a message to show) when it is empty. */
export function useNamedPerson() {
  const { operatorName } = useConsole();
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string>();
  const named = (): string | undefined => {
    if (operatorName.trim() === '') {
      setProblem(t('logistics.needName'));
      return undefined;
    }
    setProblem(undefined);
    return operatorName.trim();
  };
  return { named, problem };
}

/** A quantity as people read it: grouped digits, at most three decimals (kilograms of formula), never float noise. */
export function quantityText(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 3 }).format(n);
}
