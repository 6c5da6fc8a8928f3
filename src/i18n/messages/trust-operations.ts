// Messages of joining and running the data space: join requests, the trust anchor's operations (`tsunagu trust`),
// a new organisation's `tsunagu join`, and the distribution of trust lists to nodes.
import type { MessageCatalog } from '../catalog.ts';

export const trustOperationMessages = {
  JOIN_REQUEST_WRONG_ANCHOR: {
    ja: '参加申請の anchor は {{anchor}} ですが、このアンカーは {{expected}} です',
    en: 'The join request is addressed to anchor {{anchor}}, but this anchor is {{expected}}',
  },
  JOIN_REQUEST_INVALID_PERIOD: {
    ja: '参加申請の expiresAt（{{expiresAt}}）が requestedAt（{{requestedAt}}）より後になっていません',
    en: 'The join request expiresAt ({{expiresAt}}) is not after its requestedAt ({{requestedAt}})',
  },
  JOIN_REQUEST_EXPIRED: {
    ja: '参加申請 {{request}} は {{expiresAt}} に期限が切れています。新しい申請を作ってください（tsunagu join request）',
    en: 'Join request {{request}} expired at {{expiresAt}}; make a new one (tsunagu join request)',
  },
  JOIN_REQUEST_OUTSIDE_JURISDICTION: {
    ja: '参加申請の管轄 participant.jurisdiction の {{area}} は、アンカー {{anchor}} が認定できる地域（{{covered}}）の外です',
    en: 'The join request claims area {{area}} in participant.jurisdiction, outside what anchor {{anchor}} covers ({{covered}})',
  },
  JOIN_REQUEST_PARTICIPANT_TAKEN: {
    ja: '参加者ID participant.id「{{participant}}」は既に使われています。既存の参加者の変更なら tsunagu trust update を使ってください',
    en: 'The participant id participant.id "{{participant}}" is already taken; to change a listed participant use tsunagu trust update',
  },
  JOIN_REQUEST_NOT_FOUND: {
    ja: '参加申請 {{request}} は保留中の申請にありません',
    en: 'Join request {{request}} is not among the pending requests',
  },
  JOIN_REQUEST_RECEIVED: {
    ja: '参加申請 {{request}}（{{participant}}）を受け付けました。アンカーの担当者の承認を待っています',
    en: 'Join request {{request}} ({{participant}}) received; it waits for a person at the anchor to approve it',
  },
  JOIN_REQUEST_DECLINED: {
    ja: '参加申請 {{request}} を却下しました: {{reason}}',
    en: 'Join request {{request}} declined: {{reason}}',
  },
  JOIN_REQUESTS_BACKLOG: {
    ja: '承認待ちの参加申請が {{waiting}} 件あります。アンカーの担当者が処理するまで新しい申請を受け付けません',
    en: '{{waiting}} join requests are waiting; no new one is taken until the anchor\'s operator has worked through them',
  },
  JOIN_REQUEST_FILE_UNREADABLE: {
    ja: 'ファイル {{path}} を読み込めません: {{detail}}',
    en: 'Cannot read the file {{path}}: {{detail}}',
  },
  JOIN_REQUEST_WRITTEN: {
    ja: '参加申請を {{file}} に書きました（参加者 {{participant}}、鍵 {{kid}}、有効期限 {{expiresAt}}）。このファイルをアンカーに渡すか、tsunagu join send で送ってください',
    en: 'Join request written to {{file}} (participant {{participant}}, key {{kid}}, valid until {{expiresAt}}). Hand the file to the anchor or send it with tsunagu join send',
  },
  JOIN_INSTALLED: {
    ja: '資格証明とトラストリストを {{dir}} に置きました。次の環境変数で tsunagu serve を起動してください:',
    en: 'Credential and trust list installed in {{dir}}. Start the node with tsunagu serve and these variables:',
  },
  ANCHOR_LISTING_INVALID_PERIOD: {
    ja: '有効期間が不正です: {{validUntil}} が {{validFrom}} より後ではありません',
    en: 'Invalid period: {{validUntil}} is not after {{validFrom}}',
  },
  ANCHOR_PARTICIPANT_REVOKED_FINAL: {
    ja: '参加者 {{participant}} は失効済みです。失効は取り消せません（新しい参加者IDで申請し直してください）',
    en: 'Participant {{participant}} is revoked; a revocation is final (apply again under a new participant id)',
  },
  ANCHOR_STATUS_UNCHANGED: {
    ja: '参加者 {{participant}} は既に {{status}} です',
    en: 'Participant {{participant}} is already {{status}}',
  },
  ANCHOR_KEY_ID_TAKEN: {
    ja: '鍵ID {{kid}} はこのアンカーで既に使われています',
    en: 'Key id {{kid}} is already used by this anchor',
  },
  ANCHOR_RECOGNISES_ITSELF: {
    ja: 'アンカー {{anchor}} は自分自身を承認できません',
    en: 'Anchor {{anchor}} cannot recognise itself',
  },
  ANCHOR_NOT_SET_UP: {
    ja: 'アンカーのディレクトリ {{dir}} がありません。tsunagu trust init で作ってください',
    en: 'No anchor in {{dir}}; create one with tsunagu trust init',
  },
  ANCHOR_ALREADY_SET_UP: {
    ja: 'アンカーのディレクトリ {{dir}} は既に使われています',
    en: 'The anchor directory {{dir}} is already in use',
  },
  ANCHOR_NO_SIGNING_KEY: {
    ja: 'アンカーに現在有効な署名鍵がありません（鍵ファイル {{dir}}）',
    en: 'The anchor has no signing key valid now (key files in {{dir}})',
  },
  ANCHOR_LIST_PUBLISHED: {
    ja: 'トラストリスト {{trustList}} 第{{version}}版を公開しました（{{file}}、参加者 {{participants}} 件、次回更新 {{nextUpdate}}）',
    en: 'Published trust list {{trustList}} version {{version}} ({{file}}, {{participants}} participants, next update {{nextUpdate}})',
  },
  ANCHOR_CREDENTIAL_ISSUED: {
    ja: '{{participant}} の資格証明 {{credential}} を {{file}} に書きました（有効期限 {{expiresAt}}）',
    en: 'Credential {{credential}} for {{participant}} written to {{file}} (expires {{expiresAt}})',
  },
  ANCHOR_ACTED_BY: {
    ja: '操作した人: {{by}}（{{via}}）',
    en: 'Done by {{by}} ({{via}})',
  },
  ANCHOR_BUSY: {
    ja: 'アンカーのデータベースは別の操作（tsunagu trust のコマンドなど）が使用中です。少し待ってからやり直してください',
    en: 'The anchor\'s database is in use by another operation (a tsunagu trust command, for example); try again in a moment',
  },
  ANCHOR_NOT_SERVED: {
    ja: 'このノードはトラストアンカーを運用していません（TSUNAGU_ANCHOR_DIR なしで起動しています）',
    en: 'This node does not serve a trust anchor (it was started without TSUNAGU_ANCHOR_DIR)',
  },
  ANCHOR_APPROVAL_CHECKED: {
    ja: '{{participant}} の申請は承認できます。承認するとトラストリストの第{{version}}版として署名・公開されます',
    en: 'The request of {{participant}} can be approved; approving signs and publishes it as version {{version}} of the trust list',
  },
  ANCHOR_REVOKE_NOT_CONFIRMED: {
    ja: '失効は取り消せません。確認のため confirm に参加者ID {{participant}} を入れてください',
    en: 'A revocation is final; to confirm it, give the participant id {{participant}} in confirm',
  },
  ANCHOR_OPERATION_REFUSED: {
    ja: '{{operation}} を行いませんでした（何も変更していません）:',
    en: '{{operation}} was not done (nothing changed):',
  },
  TRUST_LIST_OLDER_THAN_HELD: {
    ja: 'トラストリスト {{trustList}} の第{{version}}版（{{issuedAt}} 発行）は、保持している第{{heldVersion}}版（{{heldIssuedAt}} 発行）より新しくないため受け取りません（payload.version）',
    en: 'Trust list {{trustList}} version {{version}} (issued {{issuedAt}}) is not newer than the version {{heldVersion}} held (issued {{heldIssuedAt}}) and is refused (payload.version)',
  },
  TRUST_LIST_TRUNCATED: {
    ja: '{{url}} から受け取ったトラストリスト（{{bytes}} 文字）は JSON として読めません（途中で切れている可能性があります）',
    en: 'The trust list from {{url}} ({{bytes}} characters) is not JSON (it may be cut short)',
  },
  TRUST_LIST_UNREACHABLE: {
    ja: 'アンカーのトラストリスト {{url}} を取得できません: {{detail}}。保持しているリストで動作を続けます',
    en: 'Cannot fetch the anchor\'s trust list {{url}}: {{detail}}; the node keeps working on the list it holds',
  },
  TRUST_LIST_REFUSED: {
    ja: '{{source}} のトラストリストを受け取りませんでした',
    en: 'The trust list from {{source}} was refused',
  },
  TRUST_LIST_ACCEPTED: {
    ja: 'トラストリスト {{trustList}} 第{{version}}版を受け取りました（前の版 {{previousVersion}}、{{source}}）',
    en: 'Trust list {{trustList}} version {{version}} taken (previous version {{previousVersion}}, from {{source}})',
  },
  TRUST_LIST_NOT_PUBLISHED: {
    ja: 'このノードはトラストリストを公開していません',
    en: 'This node publishes no trust list',
  },
  TRUST_LIST_NONE_HELD: {
    ja: 'このノードはトラストリストを保持していません（トラスト設定なしで起動しています）',
    en: 'This node holds no trust list (it was started without trust files)',
  },
  TRUST_ANCHOR_KEY_LEARNED: {
    ja: 'アンカー {{anchor}} の新しい鍵 {{kid}} を、既に固定している鍵で署名されたリストから固定しました',
    en: 'Pinned the new key {{kid}} of anchor {{anchor}}, announced in a list signed with a key already pinned',
  },
  TRUST_REFRESH_INVALID: {
    ja: 'TSUNAGU_TRUST_REFRESH_SECONDS={{value}} は不正です（0 で自動取得なし、または 1〜86400 の秒数）',
    en: 'TSUNAGU_TRUST_REFRESH_SECONDS={{value}} is invalid (0 for no scheduled fetch, or 1 to 86400 seconds)',
  },
  FEDERATION_PEER_REFUSED_SIGNED: {
    ja: '{{peer}} が要求を拒否しました（署名を確認済み）: {{reason}}',
    en: '{{peer}} refused the request (its signature verified): {{reason}}',
  },
} as const satisfies MessageCatalog;
