// An application's own message catalog, typed by its codes: registered with the node's messages when the
// application's module loads, so every edge of any process that loads it (HTTP, CLI, console API) renders its codes.
import { registerMessages, registeredMessage, registerValueWords, type Lang, type MessageCatalog, type MessageParams, type ValueWords } from '../../i18n/index.ts';
import { registeredProblemOf, type Problem } from '../problem.ts';

export interface ApplicationMessages<C extends MessageCatalog> {
  readonly catalog: C;
  /** The text of one of the application's codes. */
  text(code: keyof C & string, params?: MessageParams, lang?: Lang): string;
  /** An RFC 9457 problem with one of the application's codes, in the reader's language and the other. */
  problem(status: number, code: keyof C & string, params: MessageParams, lang: Lang, extra?: Partial<Problem>): Problem;
}

/**
 * Register the application's catalog, and the words for code values its texts put into words with
 * `{{param, format}}` (e.g. a state name in an audit reason), so stored parameters stay language-free.
 */
export function defineMessages<const C extends MessageCatalog>(catalog: C, formats: Readonly<Record<string, ValueWords>> = {}): ApplicationMessages<C> {
  for (const [format, table] of Object.entries(formats)) registerValueWords(format, table);
  registerMessages(catalog);
  return {
    catalog,
    text: (code, params = {}, lang = 'ja') => registeredMessage(code, params, lang),
    problem: (status, code, params, lang, extra = {}) => registeredProblemOf(status, code, params, lang, extra),
  };
}
