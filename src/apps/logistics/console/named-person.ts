// The operator's name, which every decision on the logistics page carries: asked for when it is missing.
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
