// `tsunagu trust …`: the trust anchor's operator runs the data space's membership from the command line — create the
// anchor, admit or update participants from their join requests, issue credentials, suspend, revoke, reinstate, roll
// the anchor's key, recognise another anchor, publish — each change a new signed version, each operation audited.
import { readFile, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { parseAreaCode } from '../model/area-code.ts';
import { participantRoles, type ParticipantRole } from '../model/codes.ts';
import { ParticipantIdSchema } from '../model/common.ts';
import { validate } from '../model/validate.ts';
import type { Participant } from '../model/participant.ts';
import { recogniseAnchor, rollAnchorKey, type StatusChange } from '../trust/anchor-book.ts';
import { anchorPaths, writeJsonFile } from '../trust/anchor-files.ts';
import { credentialFor, signCredential } from '../trust/credential.ts';
import { verifyJoinRequest, type SignedJoinRequest } from '../trust/join-request.ts';
import { generateKeyPair } from '../trust/keys.ts';
import { readKeyFile, writeKeyFile } from '../trust/key-file.ts';
import { problem } from '../trust/problems.ts';
import { parseTrustConfig } from '../trust/trust-registry.ts';
import type { TrustProblem } from '../trust/verified.ts';
import type { KeptJoinRequest } from '../store/anchor-store.ts';
import { approveJoinRequest, changeParticipantStatus, createAnchor, declineJoinRequest, openAnchor, operate, pendingRequest, signerAt, takeInbox, type AnchorSession } from '../node/anchor-operations.ts';
import { report } from './anchor-report.ts';
import { postToOperator } from './operator-client.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';

const DAY = 86_400_000;

/** The anchor's directory: --dir, TSUNAGU_ANCHOR_DIR, or .tsunagu/anchor. */
export function anchorDirOf(ctx: CliContext, dir: string | undefined): string {
  return dir ?? (ctx.env.TSUNAGU_ANCHOR_DIR?.trim() || '.tsunagu/anchor');
}

async function readJsonArgument(ctx: CliContext, file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code ?? (e instanceof SyntaxError ? 'not JSON' : String(e));
    throw new CliConfigError(message('JOIN_REQUEST_FILE_UNREADABLE', { path: file, detail }, ctx.lang));
  }
}

function positiveDays(ctx: CliContext, name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new CliConfigError(ctx.lang === 'ja' ? `${name} は 1〜3650 の日数です: ${value}` : `${name} must be 1 to 3650 days: ${value}`);
  return n;
}

/** Run `fn` with the anchor open, closing it whatever happens. */
async function withAnchor(ctx: CliContext, dir: string | undefined, fn: (session: AnchorSession) => Promise<void>): Promise<void> {
  const opened = await openAnchor(anchorDirOf(ctx, dir));
  if (!opened.ok) {
    ctx.io.err(`tsunagu: ${message(opened.problem.code, opened.problem.params, ctx.lang)}`);
    ctx.setExitCode(2);
    return;
  }
  try {
    await fn(opened.session);
  } finally {
    await opened.session.close();
  }
}

interface ListingOptions {
  validDays: string;
  declarationAuthority?: boolean;
}

/** Admit (or update) the applicant of a kept request, deciding it in the same transaction as the new version. */
async function decideAdmission(ctx: CliContext, session: AnchorSession, kept: KeptJoinRequest, intent: 'add' | 'update', options: ListingOptions & { overlapDays: string }, now: Date): Promise<void> {
  const terms = {
    intent,
    validDays: positiveDays(ctx, '--valid-days', options.validDays),
    overlapDays: positiveDays(ctx, '--overlap-days', options.overlapDays),
    ...(options.declarationAuthority === undefined ? {} : { declarationAuthority: options.declarationAuthority }),
  };
  report(ctx, intent === 'add' ? 'admit' : 'update', await approveJoinRequest(session, kept, terms, now), session.paths.trustListFile);
}

/** Check a handed-over request before keeping it, so a refused file leaves nothing but its audit entry. */
async function admitFromFile(ctx: CliContext, session: AnchorSession, file: string, intent: 'add' | 'update', options: ListingOptions & { overlapDays: string }): Promise<void> {
  const now = new Date();
  const doc = await readJsonArgument(ctx, file);
  const current = await session.current();
  const v = verifyJoinRequest(doc, { list: current.payload, intent }, now);
  const claimedId = (doc as { payload?: { participant?: { id?: unknown } } } | null)?.payload?.participant?.id;
  const subject = typeof claimedId === 'string' && validate(ParticipantIdSchema, claimedId).ok ? claimedId : 'unknown';
  if (!v.ok) {
    await session.audit(intent === 'add' ? 'admit' : 'update', subject, 'deny', v.problems);
    report(ctx, intent === 'add' ? 'admit' : 'update', { ok: false, problems: v.problems }, file);
    return;
  }
  const signed: SignedJoinRequest = v.value;
  const kept = await session.store.anchor.receive({ requestId: signed.payload.id, participantId: signed.payload.participant.id, document: doc, source: 'file', receivedAt: now.toISOString() });
  await decideAdmission(ctx, session, kept, intent, options, now);
}

function parseJurisdiction(ctx: CliContext, text: string): string[] {
  const codes = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const c of codes) {
    const r = parseAreaCode(c);
    if (!r.ok) throw new CliConfigError(message(r.problem.code, { ...r.problem }, ctx.lang));
  }
  if (codes.length === 0) throw new CliConfigError(ctx.lang === 'ja' ? '--jurisdiction に地域コードを指定してください' : '--jurisdiction needs at least one area code');
  return codes;
}

function parseRole(ctx: CliContext, role: string): ParticipantRole {
  if (!(role in participantRoles)) throw new CliConfigError(ctx.lang === 'ja' ? `役割 ${role} は不明です（${Object.keys(participantRoles).join(', ')}）` : `unknown role ${role} (${Object.keys(participantRoles).join(', ')})`);
  return role as ParticipantRole;
}

function parseParticipantId(ctx: CliContext, id: string): string {
  if (!validate(ParticipantIdSchema, id).ok) throw new CliConfigError(ctx.lang === 'ja' ? `参加者ID ${id} の形式が不正です（小文字英数字とハイフン）` : `participant id ${id} is malformed (lower-case letters, digits, hyphens)`);
  return id;
}

interface InitOptions {
  dir?: string;
  id: string;
  listId: string;
  nameJa: string;
  nameEn: string;
  role: string;
  jurisdiction: string;
  listUrl?: string;
  nodeUrl?: string;
  keyFile?: string;
}

async function init(ctx: CliContext, o: InitOptions): Promise<void> {
  const root = anchorDirOf(ctx, o.dir);
  const anchorId = parseParticipantId(ctx, o.id);
  const role = parseRole(ctx, o.role);
  const jurisdiction = parseJurisdiction(ctx, o.jurisdiction);
  const now = new Date();
  const adopted = o.keyFile ? await readKeyFile(o.keyFile) : undefined;
  if (adopted && !adopted.ok) throw new CliConfigError(message(adopted.problem.code, adopted.problem.params, ctx.lang));
  const keys = adopted?.ok ? adopted.value : generateKeyPair(`${anchorId}-${now.toISOString().slice(0, 10)}`);
  const outcome = await createAnchor(
    root,
    {
      anchorId,
      trustListId: o.listId,
      participant: { id: anchorId, name: { ja: o.nameJa, en: o.nameEn }, role, jurisdiction: jurisdiction as Participant['jurisdiction'], ...(o.nodeUrl ? { nodeUrl: o.nodeUrl } : {}) },
      keys: { kid: keys.kid, publicKey: keys.publicKey, privateSeed: keys.privateSeed },
      ...(o.listUrl ? { listUrl: o.listUrl } : {}),
    },
    now,
  );
  const paths = anchorPaths(root);
  if (outcome.ok) {
    ctx.io.out(`${paths.root}\nkid: ${keys.kid}\npublicKey: ${keys.publicKey}`);
    ctx.io.out(ctx.lang === 'ja' ? `ノードに固定させる設定: ${paths.trustConfigFile}` : `Configuration for nodes to pin: ${paths.trustConfigFile}`);
  }
  report(ctx, 'init', outcome, paths.trustListFile);
}

async function issue(ctx: CliContext, session: AnchorSession, participantId: string, o: { days: string; out?: string }): Promise<void> {
  const now = new Date();
  const days = positiveDays(ctx, '--days', o.days);
  const list = (await session.current()).payload;
  const entry = list.entries.find((e) => e.participant.id === participantId);
  const problems: TrustProblem[] = [];
  if (!entry) problems.push(problem('TRUST_PARTICIPANT_UNKNOWN', { participant: participantId }, 'participant'));
  else if (entry.status === 'revoked') problems.push(problem('TRUST_PARTICIPANT_REVOKED', { participant: participantId, revokedAt: entry.revokedAt ?? '-' }, 'participant'));
  else if (entry.status === 'suspended') problems.push(problem('TRUST_PARTICIPANT_SUSPENDED', { participant: participantId }, 'participant'));
  const signer = signerAt(session, list, now);
  if (!signer) problems.push(problem('ANCHOR_NO_SIGNING_KEY', { dir: session.paths.keysDir }));
  if (problems.length > 0 || !entry || !signer) {
    await session.audit('issue-credential', participantId, 'deny', problems);
    report(ctx, 'issue-credential', { ok: false, problems }, '-');
    return;
  }
  const until = Math.min(now.getTime() + days * DAY, Date.parse(entry.validUntil));
  const credential = credentialFor(entry.participant, list.anchor.id, {
    id: `cred-${participantId}-${now.toISOString().replace(/[:.]/g, '').slice(0, 15)}`,
    issuedAt: now.toISOString(),
    expiresAt: new Date(until).toISOString(),
  });
  const signed = signCredential(credential, signer, now);
  const file = o.out ?? session.paths.credentialFile(participantId);
  await writeJsonFile(file, signed);
  await session.audit('issue-credential', participantId, 'allow', [problem('ANCHOR_CREDENTIAL_ISSUED', { participant: participantId, credential: credential.id, file, expiresAt: credential.expiresAt })]);
  ctx.io.out(message('ANCHOR_CREDENTIAL_ISSUED', { participant: participantId, credential: credential.id, file, expiresAt: credential.expiresAt }, ctx.lang));
}

async function rotateAnchorKey(ctx: CliContext, session: AnchorSession, overlapDays: string): Promise<void> {
  const now = new Date();
  const overlap = positiveDays(ctx, '--overlap-days', overlapDays);
  const kid = `${session.anchor.anchorId}-${now.toISOString().replace(/[:.]/g, '').slice(0, 15)}`;
  const keyName = `${kid}.json`;
  const keys = generateKeyPair(kid);
  const written = await writeKeyFile(session.paths.keyFile(keyName), { ...keys, participantId: session.anchor.anchorId });
  if (!written.ok) throw new CliConfigError(message(written.problem.code, written.problem.params, ctx.lang));
  const outcome = await operate(session, 'roll-anchor-key', session.anchor.anchorId, (list, at) =>
    rollAnchorKey(list, { kid, alg: 'Ed25519', publicKey: keys.publicKey, validFrom: at.toISOString() }, at, new Date(at.getTime() + overlap * DAY)), now);
  if (!outcome.ok) {
    await rm(session.paths.keyFile(keyName), { force: true });
  } else {
    await writeJsonFile(session.paths.anchorFile, { ...session.anchor, keyFiles: [...session.anchor.keyFiles, keyName] });
  }
  report(ctx, 'roll-anchor-key', outcome, session.paths.trustListFile);
}

async function recognise(ctx: CliContext, session: AnchorSession, file: string, jurisdictionText: string): Promise<void> {
  const now = new Date();
  const jurisdictions = parseJurisdiction(ctx, jurisdictionText);
  const config = parseTrustConfig(await readJsonArgument(ctx, file));
  if (!config.ok) {
    await session.audit('recognise', 'unknown', 'deny', config.problems);
    report(ctx, 'recognise', { ok: false, problems: config.problems }, file);
    return;
  }
  const foreign = config.value.anchors[0]!;
  const outcome = await operate(session, 'recognise', foreign.anchorId, (list) =>
    recogniseAnchor(list, {
      trustListId: foreign.trustListId,
      anchorId: foreign.anchorId,
      anchorKeys: foreign.keys,
      jurisdictions: jurisdictions as never,
      ...(foreign.listUrl ? { listUrl: foreign.listUrl } : {}),
    }), now);
  if (outcome.ok) {
    // The keys came in a file: the operator compares them with what the other anchor says by another channel.
    for (const k of foreign.keys) ctx.io.out(`${foreign.anchorId} ${k.kid} ${k.publicKey}`);
  }
  report(ctx, 'recognise', outcome, session.paths.trustListFile);
}

async function show(ctx: CliContext, session: AnchorSession, json: boolean): Promise<void> {
  const signed = await session.current();
  if (json) {
    ctx.io.out(JSON.stringify(signed.payload, null, 2));
    return;
  }
  const l = signed.payload;
  ctx.io.out(`${l.id} v${l.version ?? 1}  ${l.anchor.id}  issuedAt ${l.issuedAt}  nextUpdate ${l.nextUpdate}`);
  for (const k of l.anchor.keys) ctx.io.out(`  key ${k.kid} ${k.publicKey}${k.validUntil ? ` until ${k.validUntil}` : ''}`);
  for (const e of l.entries) {
    const name = ctx.lang === 'ja' ? (e.participant.name.ja ?? e.participant.name.en) : (e.participant.name.en ?? e.participant.name.ja);
    ctx.io.out(`  ${e.participant.id}  ${name}  ${e.participant.role}  ${e.participant.jurisdiction.join(',')}  ${e.status}  ${e.validFrom} – ${e.validUntil}  ${e.participant.nodeUrl ?? '-'}`);
  }
  for (const r of l.recognises ?? []) ctx.io.out(`  recognises ${r.anchorId} (${r.trustListId}) for ${r.jurisdictions.join(',')}`);
}

interface HeldListView {
  anchorId: string;
  trustListId: string;
  version?: number;
  issuedAt?: string;
  ageSeconds?: number;
  stale: boolean;
  lastProblem?: { code: string; params: Record<string, string | number> };
}

async function fetchNow(ctx: CliContext, nodeUrl: string | undefined): Promise<void> {
  const response = await postToOperator(ctx, nodeUrl, 'trust/refresh');
  if (!response) return;
  const body = (await response.json().catch(() => ({}))) as { trustLists?: HeldListView[]; detail?: string };
  if (!response.ok || !body.trustLists) {
    ctx.io.err(`tsunagu: ${body.detail ?? `HTTP ${response.status}`}`);
    ctx.setExitCode(1);
    return;
  }
  for (const l of body.trustLists) {
    const age = l.ageSeconds === undefined ? '-' : `${l.ageSeconds}s`;
    ctx.io.out(`${l.anchorId}  ${l.trustListId}  v${l.version ?? '-'}  issuedAt ${l.issuedAt ?? '-'}  age ${age}${l.stale ? '  STALE' : ''}`);
    if (l.lastProblem) ctx.io.out(`  ${message(l.lastProblem.code as never, l.lastProblem.params, ctx.lang)}`);
  }
}

export function registerTrustCommand(program: Command, ctxFor: () => CliContext): void {
  const trust = program.command('trust').description('トラストアンカーの運用 / run a trust anchor (participants, credentials, trust list)');
  const dirOption = (c: Command) => c.option('--dir <dir>', 'anchor directory (default: TSUNAGU_ANCHOR_DIR or .tsunagu/anchor)');

  dirOption(trust.command('init').description('アンカーを作成（鍵と空の署名付きリスト） / create an anchor: its key and an empty signed list'))
    .requiredOption('--id <participantId>', "the anchor's participant id, e.g. jp-fdma")
    .requiredOption('--list-id <id>', 'the trust list id, e.g. jp-tsunagu-trust-list')
    .requiredOption('--name-ja <name>', 'name in Japanese')
    .requiredOption('--name-en <name>', 'name in English')
    .option('--role <role>', Object.keys(participantRoles).join(' | '), 'national-agency')
    .requiredOption('--jurisdiction <codes>', 'areas the anchor may accredit, comma-separated (JP, 170003, PH, …)')
    .option('--list-url <url>', "where the anchor's node serves the list (…/api/v1/trust-list), for nodes to fetch")
    .option('--node-url <url>', "the anchor's own node")
    .option('--key-file <file>', 'adopt an existing key file instead of making a new key')
    .action(async (o: InitOptions) => init(ctxFor(), o));

  dirOption(trust.command('show').description('現在のリスト / the current list'))
    .option('--json', 'the list as JSON')
    .action(async (o: { dir?: string; json?: boolean }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, (s) => show(ctx, s, Boolean(o.json)));
    });

  dirOption(trust.command('history').description('リストの版の履歴 / the list\'s version history'))
    .option('--limit <n>', 'versions shown', '20')
    .action(async (o: { dir?: string; limit: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, async (s) => {
        for (const v of await s.store.anchor.history(Math.max(1, Math.min(1000, Number(o.limit) || 20)))) ctx.io.out(`v${v.version}  ${v.issuedAt}  ${v.operation}  ${v.subject ?? ''}`);
      });
    });

  const admitOptions = (c: Command) =>
    dirOption(c)
      .option('--valid-days <days>', 'how long the listing is valid', '365')
      .option('--overlap-days <days>', 'how long keys no longer asked for stay valid (update)', '7')
      .option('--declaration-authority', 'may declare disasters whatever its role')
      .option('--no-declaration-authority', 'may not declare disasters whatever its role');
  admitOptions(trust.command('add').description('参加申請のファイルから参加者を追加 / admit a participant from a join request file'))
    .requiredOption('--request <file>', 'the signed join request (tsunagu join request)')
    .action(async (o: ListingOptions & { dir?: string; request: string; overlapDays: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, (s) => admitFromFile(ctx, s, o.request, 'add', o));
    });
  admitOptions(trust.command('update').description('参加者の変更（鍵の更新を含む） / update a participant (keys, URL, name) from its new join request'))
    .requiredOption('--request <file>', 'the signed join request, signed with the new key')
    .action(async (o: ListingOptions & { dir?: string; request: string; overlapDays: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, (s) => admitFromFile(ctx, s, o.request, 'update', o));
    });

  dirOption(trust.command('issue').description('資格証明を発行 / issue a participant\'s credential').argument('<participant>'))
    .option('--days <days>', 'validity (never past the listing)', '180')
    .option('--out <file>', 'where to write it (default: <dir>/credentials/<participant>.json)')
    .action(async (participant: string, o: { dir?: string; days: string; out?: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, (s) => issue(ctx, s, participant, o));
    });

  for (const change of ['suspend', 'revoke', 'reinstate'] as const satisfies readonly StatusChange[]) {
    const label = { suspend: '一時停止 / suspend', revoke: '失効（取り消せません） / revoke (final)', reinstate: '一時停止を解除 / reinstate a suspended participant' }[change];
    dirOption(trust.command(change).description(label).argument('<participant>')).action(async (participant: string, o: { dir?: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, async (s) => report(ctx, change, await changeParticipantStatus(s, participant, change, new Date()), s.paths.trustListFile));
    });
  }

  dirOption(trust.command('rotate-key').description('アンカー自身の鍵を更新（重複期間つき） / roll the anchor\'s own key over, with an overlap'))
    .option('--overlap-days <days>', 'how long the old key keeps signing while nodes learn the new one', '7')
    .action(async (o: { dir?: string; overlapDays: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, (s) => rotateAnchorKey(ctx, s, o.overlapDays));
    });

  dirOption(trust.command('recognise').description('別のアンカーのリストを承認（国境を越えた信頼） / recognise another anchor\'s list (cross-border)'))
    .requiredOption('--config <file>', "the other anchor's trust-config.json")
    .requiredOption('--jurisdiction <codes>', 'the only areas it may vouch for, comma-separated (e.g. PH)')
    .action(async (o: { dir?: string; config: string; jurisdiction: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, (s) => recognise(ctx, s, o.config, o.jurisdiction));
    });

  dirOption(trust.command('publish').description('リストを再署名して公開（次回更新日を延長） / sign and publish the list again (extends nextUpdate)')).action(async (o: { dir?: string }) => {
    const ctx = ctxFor();
    await withAnchor(ctx, o.dir, async (s) => report(ctx, 'publish', await operate(s, 'publish', s.anchor.anchorId, (list) => ({ ok: true, value: list }), new Date()), s.paths.trustListFile));
  });

  trust
    .command('fetch')
    .description('実行中のノードにアンカーのリストを今すぐ取得させる / make the running node fetch its anchors\' lists now')
    .option('--node-url <url>', 'the node (default http://TSUNAGU_HOST:TSUNAGU_PORT/); token from TSUNAGU_OPERATOR_TOKEN')
    .action(async (o: { nodeUrl?: string }) => fetchNow(ctxFor(), o.nodeUrl));

  const requests = trust.command('requests').description('オンラインの参加申請 / join requests sent online');
  dirOption(requests.command('list').description('申請の一覧 / list requests'))
    .option('--all', 'decided ones too')
    .action(async (o: { dir?: string; all?: boolean }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, async (s) => {
        await takeInbox(s, new Date());
        for (const r of await s.store.anchor.requests(o.all ? undefined : 'pending')) {
          const p = (r.document as SignedJoinRequest).payload?.participant;
          const what = p ? `${p.name?.ja ?? ''} / ${p.name?.en ?? ''}  ${p.role}  ${(p.jurisdiction ?? []).join(',')}  ${p.nodeUrl}  ${(p.keys ?? []).map((k) => k.kid).join(',')}` : '-';
          ctx.io.out(`#${r.seq}  ${r.status}  ${r.requestId}  ${r.participantId}  ${what}  (${r.source}, ${r.receivedAt})`);
        }
      });
    });
  admitOptions(requests.command('approve').description('申請を承認して参加者を追加 / approve a request: admit its applicant').argument('<request>', '#seq, request id, or participant id'))
    .option('--update', 'the request changes a listed participant')
    .action(async (ref: string, o: ListingOptions & { dir?: string; overlapDays: string; update?: boolean }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, async (s) => {
        await takeInbox(s, new Date());
        const kept = await pendingRequest(s, ref);
        if (!kept) {
          ctx.io.err(`tsunagu: ${message('JOIN_REQUEST_NOT_FOUND', { request: ref }, ctx.lang)}`);
          ctx.setExitCode(1);
          return;
        }
        await decideAdmission(ctx, s, kept, o.update ? 'update' : 'add', o, new Date());
      });
    });
  dirOption(requests.command('decline').description('申請を却下 / decline a request').argument('<request>', '#seq, request id, or participant id'))
    .requiredOption('--reason <text>', 'why (kept with the request and in the audit log)')
    .action(async (ref: string, o: { dir?: string; reason: string }) => {
      const ctx = ctxFor();
      await withAnchor(ctx, o.dir, async (s) => {
        await takeInbox(s, new Date());
        const kept = await pendingRequest(s, ref);
        const decided = kept ? await declineJoinRequest(s, kept, o.reason, new Date()) : false;
        if (!kept || !decided) {
          ctx.io.err(`tsunagu: ${message('JOIN_REQUEST_NOT_FOUND', { request: ref }, ctx.lang)}`);
          ctx.setExitCode(1);
          return;
        }
        ctx.io.out(message('JOIN_REQUEST_DECLINED', { request: kept.requestId, reason: o.reason }, ctx.lang));
      });
    });
}
