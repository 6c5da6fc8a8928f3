// Messages for trust verification: signed documents, trust lists, credentials, declarations, delegations,
// batch signatures and key files.
import type { MessageCatalog } from '../catalog.ts';

export const trustMessages = {
  // --- any signed document ---------------------------------------------------------------------------
  TRUST_DOCUMENT_MALFORMED: {
    ja: '署名付き文書の {{field}} が不正です: {{detail}}',
    en: 'The signed document has an invalid {{field}}: {{detail}}',
  },
  TRUST_DOCUMENT_TYPE: {
    ja: '文書の種別が違います（署名の種別は「{{actual}}」、期待した種別は「{{expected}}」）',
    en: 'The document is of another kind (its proof says "{{actual}}", expected "{{expected}}")',
  },
  TRUST_SIGNATURE_INVALID: {
    ja: '署名を検証できません。内容が署名後に変更されたか、別の鍵で署名されています（署名者 {{signer}}、鍵 {{kid}}）',
    en: 'The signature does not verify: the document was changed after signing or signed with another key (signer {{signer}}, key {{kid}})',
  },
  TRUST_SIGNER_MISMATCH: {
    ja: 'この文書は {{expected}} が署名しなければなりませんが、署名者は {{signer}} です',
    en: 'This document must be signed by {{expected}}, but {{signer}} signed it',
  },
  TRUST_KEY_UNKNOWN: {
    ja: '{{signer}} の鍵 {{kid}} はトラストリストに登録されていません',
    en: 'Key {{kid}} of {{signer}} is not registered in the trust list',
  },
  TRUST_KEY_NOT_VALID: {
    ja: '{{signer}} の鍵 {{kid}} は署名日時 {{created}} に有効ではありませんでした',
    en: 'Key {{kid}} of {{signer}} was not valid when the signature was made ({{created}})',
  },
  TRUST_PROOF_FROM_FUTURE: {
    ja: '署名日時 {{created}} が現在時刻より先です。署名者か受信側の時計を確認してください',
    en: 'The signature is dated {{created}}, which is in the future. Check the clock of the signer or of this node',
  },

  // --- trust anchors and trust lists ------------------------------------------------------------------
  TRUST_ANCHOR_UNKNOWN: {
    ja: '{{issuer}} はこのノードが信頼するトラストアンカーではありません',
    en: '{{issuer}} is not a trust anchor this node recognises',
  },
  TRUST_LIST_MISSING: {
    ja: 'トラストアンカー {{anchor}} の検証済みトラストリストがありません。失効を確認できないため受け付けません',
    en: 'There is no verified trust list from anchor {{anchor}}; revocation cannot be checked, so the document is refused',
  },
  TRUST_LIST_NOT_RECOGNISED: {
    ja: 'トラストリスト {{trustList}}（アンカー {{anchor}}）は、設定にも信頼済みのトラストリストの相互承認にも含まれていません',
    en: 'Trust list {{trustList}} (anchor {{anchor}}) is recognised neither by configuration nor by a trusted list',
  },
  TRUST_LIST_ID_MISMATCH: {
    ja: 'トラストリストの {{field}} が「{{actual}}」ですが、信頼の設定では「{{expected}}」です',
    en: 'The trust list has {{field}} "{{actual}}", but trust is configured for "{{expected}}"',
  },
  TRUST_LIST_INVALID_PERIOD: {
    ja: 'トラストリスト {{trustList}} の次回更新日時 {{nextUpdate}} が発行日時 {{issuedAt}} より後ではありません',
    en: 'Trust list {{trustList}} must have nextUpdate ({{nextUpdate}}) after issuedAt ({{issuedAt}})',
  },
  TRUST_LIST_SUPERSEDED: {
    ja: 'トラストリスト {{trustList}} の {{issuedAt}} 発行版は、より新しい {{newerIssuedAt}} 発行版があるため使いません',
    en: 'Trust list {{trustList}} issued {{issuedAt}} is ignored because a newer version issued {{newerIssuedAt}} is present',
  },
  TRUST_LIST_STALE: {
    ja: 'トラストリスト {{trustList}} は {{nextUpdate}} に更新されるはずでした。キャッシュの古いリストで検証しています',
    en: 'Trust list {{trustList}} was due for update at {{nextUpdate}}; verification relies on an out-of-date cached list',
  },
  TRUST_LIST_ENTRY_OUTSIDE_SCOPE: {
    ja: 'トラストリスト {{trustList}} の参加者 {{participant}} の管轄 {{area}} は、このアンカーを承認した範囲外のため無視します',
    en: 'Participant {{participant}} in trust list {{trustList}} claims area {{area}}, outside the scope this anchor is recognised for; the entry is ignored',
  },
  TRUST_LIST_DUPLICATE_PARTICIPANT: {
    ja: '参加者 {{participant}} は別のトラストリストに既に登録されているため、{{trustList}} の登録を無視します',
    en: 'Participant {{participant}} is already listed by another trust list; its entry in {{trustList}} is ignored',
  },
  TRUST_CONFIG_MALFORMED: {
    ja: '信頼の設定の {{field}} が不正です: {{detail}}',
    en: 'The trust configuration has an invalid {{field}}: {{detail}}',
  },

  // --- participants -----------------------------------------------------------------------------------
  TRUST_PARTICIPANT_UNKNOWN: {
    ja: '参加者 {{participant}} は信頼済みのトラストリストに登録されていません',
    en: 'Participant {{participant}} is not listed in any trusted trust list',
  },
  TRUST_PARTICIPANT_REVOKED: {
    ja: '参加者 {{participant}} の登録は失効しています（{{revokedAt}}）',
    en: 'Participant {{participant}} has been revoked ({{revokedAt}})',
  },
  TRUST_PARTICIPANT_SUSPENDED: {
    ja: '参加者 {{participant}} の登録は一時停止されています',
    en: 'Participant {{participant}} is suspended',
  },
  TRUST_PARTICIPANT_NOT_YET_VALID: {
    ja: '参加者 {{participant}} の登録は {{validFrom}} から有効です',
    en: 'Participant {{participant}} is listed only from {{validFrom}}',
  },
  TRUST_PARTICIPANT_EXPIRED: {
    ja: '参加者 {{participant}} の登録は {{validUntil}} に期限切れになりました',
    en: 'The listing of participant {{participant}} expired at {{validUntil}}',
  },

  // --- credentials ------------------------------------------------------------------------------------
  CREDENTIAL_INVALID_PERIOD: {
    ja: '参加者証明書の有効期限 {{expiresAt}} が発行日時 {{issuedAt}} より後ではありません',
    en: 'The credential must expire ({{expiresAt}}) after it is issued ({{issuedAt}})',
  },
  CREDENTIAL_NOT_YET_VALID: {
    ja: '参加者証明書は {{issuedAt}} から有効です',
    en: 'The credential is valid only from {{issuedAt}}',
  },
  CREDENTIAL_EXPIRED: {
    ja: '参加者証明書は {{expiresAt}} に期限切れになりました',
    en: 'The credential expired at {{expiresAt}}',
  },
  CREDENTIAL_SUBJECT_MISMATCH: {
    ja: '参加者証明書の {{field}} がトラストリストの登録内容と一致しません（参加者 {{participant}}）',
    en: 'The credential’s {{field}} disagrees with the trust list entry of participant {{participant}}',
  },

  // --- declarations -----------------------------------------------------------------------------------
  DECLARATION_NOT_AUTHORISED: {
    ja: '{{participant}}（{{role}}）には災害宣言を発出する権限がありません',
    en: '{{participant}} ({{role}}) has no authority to issue a disaster declaration',
  },
  DECLARATION_AREA_OUTSIDE_JURISDICTION: {
    ja: '災害宣言の対象地域 {{area}} は発出者 {{participant}} の管轄外です',
    en: 'Declared area {{area}} lies outside the jurisdiction of the issuer {{participant}}',
  },
  DECLARATION_INVALID_PERIOD: {
    ja: '災害宣言の終了日時 {{expiresAt}} が発出日時 {{issuedAt}} より後ではありません',
    en: 'The declaration must expire ({{expiresAt}}) after it is issued ({{issuedAt}})',
  },
  DECLARATION_NOT_YET_VALID: {
    ja: '災害宣言 {{declaration}} は {{issuedAt}} から有効です',
    en: 'Declaration {{declaration}} takes effect only at {{issuedAt}}',
  },
  DECLARATION_EXPIRED: {
    ja: '災害宣言 {{declaration}} は {{expiresAt}} に期限切れになりました',
    en: 'Declaration {{declaration}} expired at {{expiresAt}}',
  },

  // --- delegations ------------------------------------------------------------------------------------
  DELEGATION_AREA_OUTSIDE_JURISDICTION: {
    ja: '代行の対象地域 {{area}} は委任元 {{participant}} の管轄外です',
    en: 'Delegated area {{area}} lies outside the jurisdiction of the owner {{participant}}',
  },
  DELEGATION_INVALID_PERIOD: {
    ja: '代行の有効期間が不正です（開始 {{validFrom}}、終了 {{validUntil}}）',
    en: 'The delegation must end ({{validUntil}}) after it starts ({{validFrom}})',
  },
  DELEGATION_EXPIRED: {
    ja: '代行 {{delegation}} は {{validUntil}} に期限切れになりました',
    en: 'Delegation {{delegation}} expired at {{validUntil}}',
  },
  DELEGATION_TO_SELF: {
    ja: '代行 {{delegation}} の委任元と代行者が同じ参加者 {{participant}} です',
    en: 'Delegation {{delegation}} names the same participant {{participant}} as owner and delegate',
  },

  // --- batch signatures -------------------------------------------------------------------------------
  BATCH_MALFORMED: {
    ja: '一括署名の {{field}} が不正です: {{detail}}',
    en: 'The batch signature has an invalid {{field}}: {{detail}}',
  },
  BATCH_SIGNATURE_INVALID: {
    ja: '一括署名を検証できません。ルートハッシュか件数が改ざんされたか、別の鍵で署名されています（署名者 {{signer}}）',
    en: 'The batch signature does not verify: its root or count was changed, or another key signed it (signer {{signer}})',
  },
  BATCH_COUNT_MISMATCH: {
    ja: '一括署名は {{expected}} 件に対するものですが、受け取ったのは {{actual}} 件です',
    en: 'The batch signature covers {{expected}} records, but {{actual}} were received',
  },
  BATCH_RECORD_MISMATCH: {
    ja: '{{index}} 番目のレコード（ID {{id}}）は署名時の内容と一致しません',
    en: 'Record {{index}} (ID {{id}}) does not match what was signed',
  },
  BATCH_LEAVES_INVALID: {
    ja: '一括署名に添付された各レコードのハッシュが署名と一致しません。どのレコードが変更されたかは特定できません',
    en: 'The record hashes attached to the batch signature do not match the signature; the changed records cannot be named',
  },
  BATCH_RECORDS_NOT_NAMED: {
    ja: 'レコードが署名時の内容と一致しませんが、各レコードのハッシュが添付されていないため、どのレコードかは特定できません',
    en: 'The records do not match what was signed; no record hashes are attached, so the changed records cannot be named',
  },

  // --- key and trust list files -----------------------------------------------------------------------
  KEY_FILE_NOT_FOUND: {
    ja: '鍵ファイル {{path}} がありません。tsunagu keys generate で作成するか、TSUNAGU_KEY_FILE で場所を指定してください',
    en: 'Key file {{path}} does not exist. Create one with tsunagu keys generate, or point TSUNAGU_KEY_FILE at it',
  },
  KEY_FILE_NOT_READABLE: {
    ja: '鍵ファイル {{path}} を読み込めません: {{detail}}',
    en: 'Cannot read key file {{path}}: {{detail}}',
  },
  KEY_FILE_PERMISSIONS: {
    ja: '鍵ファイル {{path}} は所有者以外も読み書きできる権限（{{mode}}）です。秘密鍵が漏れるおそれがあるため読み込みません。chmod 600 {{path}} を実行してください',
    en: 'Key file {{path}} is accessible to other users (mode {{mode}}); it is not loaded because the private key could leak. Run chmod 600 {{path}}',
  },
  KEY_FILE_MALFORMED: {
    ja: '鍵ファイル {{path}} の {{field}} が不正です: {{detail}}',
    en: 'Key file {{path}} has an invalid {{field}}: {{detail}}',
  },
  KEY_FILE_KEY_MISMATCH: {
    ja: '鍵ファイル {{path}} の公開鍵が秘密鍵と一致しません',
    en: 'The public key in key file {{path}} does not match its private key',
  },
  KEY_FILE_EXISTS: {
    ja: '鍵ファイル {{path}} は既に存在します。上書きすると現在の鍵が失われます',
    en: 'Key file {{path}} already exists; overwriting it would lose the current key',
  },
  KEY_FILE_NOT_WRITABLE: {
    ja: '鍵ファイル {{path}} を書き込めません: {{detail}}',
    en: 'Cannot write key file {{path}}: {{detail}}',
  },
  TRUST_LIST_FILE_NOT_READABLE: {
    ja: 'トラストリストのファイル {{path}} を読み込めません: {{detail}}',
    en: 'Cannot read trust list file {{path}}: {{detail}}',
  },
  TRUST_LIST_FILE_NOT_WRITABLE: {
    ja: 'トラストリストのファイル {{path}} を書き込めません: {{detail}}',
    en: 'Cannot write trust list file {{path}}: {{detail}}',
  },
} as const satisfies MessageCatalog;

