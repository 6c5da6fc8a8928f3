// Problems the storage layer reports, as values with stable codes (rendered by i18n at the edge).
import { message, type MessageParams } from '../i18n/index.ts';
import type { storeMessages } from '../i18n/messages/store.ts';

export type StoreProblemCode = keyof typeof storeMessages;

export interface StoreProblem {
  code: StoreProblemCode;
  params: MessageParams;
}

/**
 * Thrown only where a caller cannot go on (no database, a broken migration, a malformed query);
 * carries the same code and parameters as a StoreProblem so the edge can render it in either language.
 */
export class StoreError extends Error {
  readonly code: StoreProblemCode;
  readonly params: MessageParams;

  constructor(problem: StoreProblem, options?: { cause?: unknown }) {
    super(message(problem.code, problem.params, 'en'), options);
    this.name = 'StoreError';
    this.code = problem.code;
    this.params = problem.params;
  }
}
