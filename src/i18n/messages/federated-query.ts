// Messages of federated queries: what became of the copies of a live answer when the consumer's database failed.
import type { MessageCatalog } from '../catalog.ts';

export const federatedQueryMessages = {
  COPY_STORE_FAILED: {
    ja: '{{provider}} から受け取ったレコードを複製として保存できませんでした（{{detail}}）。結果は返しますが、後でキャッシュとしては使えません',
    en: 'Could not keep the records received from {{provider}} as copies ({{detail}}). They are returned, but will not be available as a cached answer',
  },
} as const satisfies MessageCatalog;
