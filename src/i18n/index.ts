// Messages in Japanese and English through i18next. Every user-visible problem has a stable code (the key) and
// parameters; the text is chosen at the edge (CLI, HTTP, console) for the reader's language.
import i18next, { type i18n } from 'i18next';
import type { Lang, MessageCatalog } from './catalog.ts';
import { allMessages } from './messages/index.ts';

export type { Lang, MessageCatalog } from './catalog.ts';
export { langs } from './catalog.ts';

export type MessageCode = keyof typeof allMessages;
export type MessageParams = Readonly<Record<string, string | number | undefined>>;

function toResources(catalog: MessageCatalog) {
  const ja: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const [code, t] of Object.entries(catalog)) {
    ja[code] = t.ja;
    en[code] = t.en;
  }
  return { ja: { translation: ja }, en: { translation: en } };
}

const instance: i18n = i18next.createInstance();
void instance.init({
  resources: toResources(allMessages),
  lng: 'ja',
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
} as Parameters<i18n['init']>[0]);

export function message(code: MessageCode, params: MessageParams = {}, lang: Lang = 'ja'): string {
  return instance.t(code, { ...params, lng: lang });
}

/** Catalogs added after the core's: each application's own codes (src/node/application), by code. */
const registered = new Map<string, MessageCatalog[string]>();

/**
 * Add an application's catalog to the messages every edge (HTTP, CLI, console API) renders. Registering the same
 * catalog again is harmless; a code that the core or another catalog already defines differently is refused, so two
 * applications can never silently give one code two meanings.
 */
export function registerMessages(catalog: MessageCatalog): void {
  for (const [code, t] of Object.entries(catalog)) {
    const core = Object.hasOwn(allMessages, code) ? (allMessages as MessageCatalog)[code] : undefined;
    const known = core ?? registered.get(code);
    if (known !== undefined && (known.ja !== t.ja || known.en !== t.en)) {
      throw new Error(`message code ${code} is already defined with another text`);
    }
  }
  const resources = toResources(catalog);
  for (const lng of ['ja', 'en'] as const) instance.addResources(lng, 'translation', resources[lng].translation);
  for (const [code, t] of Object.entries(catalog)) registered.set(code, t);
}

/**
 * Words for the code values a parameter carries (a state name such as `no-plan`), used in a text as
 * `{{param, format}}`: the stored parameter stays language-free and is put into words when the text is rendered. A
 * value the table does not list is shown through `other` ("{{value}}" is the value), or as it is.
 */
export interface ValueWords {
  readonly words: Readonly<Record<string, MessageCatalog[string]>>;
  readonly other?: MessageCatalog[string];
}

const valueWords = new Map<string, ValueWords>();

/** Register a format's words (again with the same words is harmless; other words for a known format are refused). */
export function registerValueWords(format: string, table: ValueWords): void {
  const known = valueWords.get(format);
  if (known !== undefined) {
    if (JSON.stringify(known) !== JSON.stringify(table)) throw new Error(`value format ${format} is already defined with other words`);
    return;
  }
  // i18next's built-in formatter (v21.3 and later) interpolates `{{param, format}}`; without it the words could not be used.
  const formatter = instance.services.formatter;
  if (formatter === undefined) throw new Error('i18next has no formatter: value words cannot be registered');
  valueWords.set(format, table);
  formatter.add(format, (value: unknown, lng: string | undefined) => {
    const lang: Lang = lng === 'en' ? 'en' : 'ja';
    const v = String(value ?? '');
    const word = Object.hasOwn(table.words, v) ? table.words[v] : undefined;
    if (word !== undefined) return word[lang];
    return table.other === undefined ? v : table.other[lang].split('{{value}}').join(v);
  });
}

/** Every registered application catalog's codes and texts (for checks that every catalog is complete). */
export function registeredMessages(): ReadonlyMap<string, MessageCatalog[string]> {
  return registered;
}

/** A message of a registered catalog by its code (an application's own, typed by the application). */
export function registeredMessage(code: string, params: MessageParams = {}, lang: Lang = 'ja'): string {
  return instance.t(code, { ...params, lng: lang });
}

/** Whether a code has a text: the core's or a registered catalog's (audit reasons may carry either). */
export function hasMessage(code: string): boolean {
  return Object.hasOwn(allMessages, code) || registered.has(code);
}

/**
 * Language from the environment: English when LC_ALL / LC_MESSAGES / LANG names an English (or any
 * non-Japanese) locale, Japanese when it names Japanese or is unset, C or POSIX.
 */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const explicit = env.TSUNAGU_LANG;
  if (explicit === 'ja' || explicit === 'en') return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (locale === '' || locale === 'C' || locale.startsWith('C.') || locale === 'POSIX' || locale.startsWith('ja')) return 'ja';
  return 'en';
}

export function parseLang(s: string | undefined): Lang | undefined {
  if (s === undefined) return undefined;
  const l = s.toLowerCase();
  return l === 'ja' || l === 'en' ? l : undefined;
}
