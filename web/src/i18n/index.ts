// The console's languages: Japanese by default, English on request (the switch, or `lang=en` in the link a node
// prints); the choice is kept in localStorage. Code lists
// (needs, statuses, purposes…) are labelled from the model's own bilingual code lists, not copied here.
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { CodeList } from '../../../src/model/labels.ts';
import { en } from './en.ts';
import { ja } from './ja.ts';

export type Lang = 'ja' | 'en';
const STORAGE_KEY = 'tsunagu.console.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

/** `pages`: the installed applications' texts (web/src/apps.ts), added to the console's own. */
export function initI18n(pages: readonly { messages: { ja: object; en: object } }[] = []): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng: storedLang(),
    fallbackLng: 'ja',
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false,
    showSupportNotice: false,
  } as Parameters<typeof i18next.init>[0]);
  for (const p of pages) {
    i18next.addResourceBundle('ja', 'translation', p.messages.ja, true, false);
    i18next.addResourceBundle('en', 'translation', p.messages.en, true, false);
  }
  document.documentElement.lang = storedLang();
  return i18next;
}

/**
 * Take `lang=en|ja` from the address's fragment (e.g. the link a node prints, `#token=…&lang=en`), keep it as the
 * choice and remove it from the address: a node deployed where English is the working language opens its console in
 * English the first time, and the person's own switch still wins afterwards. Call before the token is taken.
 */
export function adoptLangFromLocation(): void {
  const hash = window.location.hash;
  const match = /[#&?]lang=(ja|en)(?=&|$)/.exec(hash);
  if (!match) return;
  keepLang(match[1] as Lang); // i18next starts afterwards, in the kept language
  const rest = hash.replace(/[#&?]lang=(?:ja|en)(?=&|$)/, '').replace(/^&/, '#');
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest}`);
}

function keepLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the switch still applies to this page
  }
}

export function setLang(lang: Lang): void {
  keepLang(lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18next.language === 'en' ? 'en' : 'ja';
}

/** The current language, re-rendering on a switch. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

/** The label of a code in a model code list, or the code itself when the list does not know it. */
export function codeLabel<C extends string>(list: CodeList<C>, code: string | undefined, lang: Lang): string {
  if (code === undefined) return '';
  const entry = (list as Record<string, { ja: string; en: string } | undefined>)[code];
  return entry ? entry[lang] : code;
}

/** How a list of labels is joined in running text. */
export function joinLabels(labels: readonly string[], lang: Lang): string {
  return labels.join(lang === 'ja' ? '、' : ', ');
}

// The node's time zone (its session says which: TSUNAGU_TIME_ZONE), so an operator in Manila reads Manila time.
let displayTimeZone = 'Asia/Tokyo';

/** Show times in this IANA zone from now on (set from the node's session; an unknown zone keeps the current one). */
export function setDisplayTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    displayTimeZone = zone;
  } catch {
    // the node validated it at start; a browser without the zone keeps showing the previous one
  }
}

export function getDisplayTimeZone(): string {
  return displayTimeZone;
}

/** Date and time in the node's time zone, as the operators on the ground read it (JST in Japan, e.g. GMT+8 in Manila). */
export function formatDateTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const japan = displayTimeZone === 'Asia/Tokyo';
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: displayTimeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d) + (japan ? (lang === 'en' ? ' JST' : '') : ` (${zoneName(d, lang)})`);
}

function zoneName(d: Date, lang: Lang): string {
  const part = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: displayTimeZone, timeZoneName: 'short' })
    .formatToParts(d)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? displayTimeZone;
}
