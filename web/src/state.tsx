// What every page of the console shares: this node's session, the operator's name, and the current lives-to-save
// run (kept for the tab so the map can show the run the list page started).
import { createContext, useContext } from 'react';
import type { Session } from './api.ts';
import type { RunSummary } from '../../src/apps/lifeline/types.ts';

export interface ConsoleState {
  session: Session;
  operatorName: string;
  setOperatorName(name: string): void;
  run: RunSummary | undefined;
  setRun(run: RunSummary | undefined): void;
  /** A participant's display name in the current language, or its id. */
  nodeName(participantId: string): string;
}

export const ConsoleContext = createContext<ConsoleState | undefined>(undefined);

export function useConsole(): ConsoleState {
  const state = useContext(ConsoleContext);
  if (!state) throw new Error('ConsoleContext missing');
  return state;
}

const NAME_KEY = 'tsunagu.console.operatorName';
const RUN_KEY = 'tsunagu.console.run';

export function storedOperatorName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function storeOperatorName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // private mode: kept in memory only
  }
}

export function storedRun(): RunSummary | undefined {
  try {
    const text = sessionStorage.getItem(RUN_KEY);
    return text ? (JSON.parse(text) as RunSummary) : undefined;
  } catch {
    return undefined;
  }
}

export function storeRun(run: RunSummary | undefined): void {
  try {
    if (run) sessionStorage.setItem(RUN_KEY, JSON.stringify(run));
    else sessionStorage.removeItem(RUN_KEY);
  } catch {
    // kept in memory only
  }
}
