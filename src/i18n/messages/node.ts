// Messages of the node's HTTP API.
import type { MessageCatalog } from '../catalog.ts';

export const nodeMessages = {
  HTTP_VALIDATION_FAILED: {
    ja: 'リクエストが不正です: {{detail}}',
    en: 'The request is invalid: {{detail}}',
  },
  HTTP_NOT_FOUND: {
    ja: '{{what}} が見つかりません',
    en: '{{what}} was not found',
  },
  HTTP_INTERNAL: {
    ja: 'ノード内部でエラーが発生しました（要求ID {{requestId}}）。管理者に連絡してください',
    en: 'The node failed internally (request {{requestId}}). Contact its operator',
  },
  HTTP_BAD_BBOX: {
    ja: 'bbox は「西経度,南緯度,東経度,北緯度」の4つの数値で指定してください（例: 136.9,37.0,137.1,37.1）',
    en: 'bbox must be four numbers "west,south,east,north" (e.g. 136.9,37.0,137.1,37.1)',
  },
  HTTP_BAD_AREA: {
    ja: '地域コード「{{value}}」が不正です: {{detail}}',
    en: 'Area code "{{value}}" is invalid: {{detail}}',
  },
} as const satisfies MessageCatalog;
