// The shape of a message catalog: each stable problem code has a Japanese and an English template.
export type Lang = 'ja' | 'en';
export const langs: readonly Lang[] = ['ja', 'en'];

export interface MessageTemplates {
  readonly ja: string;
  readonly en: string;
}

export type MessageCatalog = Readonly<Record<string, MessageTemplates>>;
