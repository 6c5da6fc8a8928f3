// `tsunagu join …`: a new organisation asks a trust anchor to list it — make its key and a signed join request, hand
// the file over or send it to the anchor's node, then install the credential and trust list the anchor issued and
// start serving. The anchor's operator decides; nothing here admits anyone.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { parseAreaCode } from '../model/area-code.ts';
import { participantRoles, type ParticipantRole } from '../model/codes.ts';
import { writeJsonFile } from '../trust/anchor-files.ts';
import { signJoinRequest, type JoinRequest } from '../trust/join-request.ts';
import { loadSigner } from '../trust/key-file.ts';
import type { CliContext } from './context.ts';
import { nodeKeyPath, nodeSigner } from './node-key.ts';
import { loadServeTrust } from './serve-trust.ts';
import { CliConfigError } from './store-from-env.ts';
import { readFile } from 'node:fs/promises';

const DAY = 86_400_000;

interface RequestOptions {
  id: string;
  anchor: string;
  nameJa: string;
  nameEn: string;
  role: string;
  jurisdiction: string;
  nodeUrl: string;
  days: string;
  out: string;
  signingKeyFile?: string;
}

async function makeRequest(ctx: CliContext, o: RequestOptions): Promise<void> {
  if (!(o.role in participantRoles)) throw new CliConfigError(ctx.lang === 'ja' ? `役割 ${o.role} は不明です（${Object.keys(participantRoles).join(', ')}）` : `unknown role ${o.role} (${Object.keys(participantRoles).join(', ')})`);
  const jurisdiction = o.jurisdiction.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const c of jurisdiction) {
    const r = parseAreaCode(c);
    if (!r.ok) throw new CliConfigError(message(r.problem.code, { ...r.problem }, ctx.lang));
  }
  const days = Number(o.days);
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new CliConfigError(ctx.lang === 'ja' ? `--days は 1〜90 の日数です: ${o.days}` : `--days must be 1 to 90: ${o.days}`);
  // The key the organisation will sign with is made here if it has none, in its own key file (0600).
  const signer = await nodeSigner(ctx, o.id, { create: true });
  // A change of keys is signed with the key listed now (the new key is only named), proving the request is the participant's.
  const current = o.signingKeyFile ? await loadSigner(o.signingKeyFile, o.id) : undefined;
  if (current && !current.ok) throw new CliConfigError(message(current.problem.code, current.problem.params, ctx.lang));
  const now = new Date();
  const request: JoinRequest = {
    id: `join-${o.id}-${now.toISOString().replace(/[:.]/g, '').slice(0, 15)}`,
    anchor: o.anchor,
    participant: {
      id: o.id,
      name: { ja: o.nameJa, en: o.nameEn },
      role: o.role as ParticipantRole,
      jurisdiction: jurisdiction as JoinRequest['participant']['jurisdiction'],
      nodeUrl: o.nodeUrl,
      keys: [{ kid: signer.kid, alg: 'Ed25519', publicKey: signer.publicKey }],
    },
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * DAY).toISOString(),
  };
  let signed;
  try {
    signed = signJoinRequest(request, current?.ok ? current.value : signer, now);
  } catch (e) {
    throw new CliConfigError(e instanceof Error ? e.message : String(e));
  }
  await writeJsonFile(o.out, signed);
  ctx.io.out(message('JOIN_REQUEST_WRITTEN', { file: path.resolve(o.out), participant: o.id, kid: signer.kid, expiresAt: request.expiresAt }, ctx.lang));
  ctx.io.out(`key: ${nodeKeyPath(ctx.env)}  publicKey: ${signer.publicKey}`);
}

async function send(ctx: CliContext, file: string, anchorUrl: string): Promise<void> {
  let body: string;
  try {
    body = await readFile(file, 'utf8');
    JSON.parse(body);
  } catch (e) {
    throw new CliConfigError(message('JOIN_REQUEST_FILE_UNREADABLE', { path: file, detail: (e as NodeJS.ErrnoException).code ?? 'not JSON' }, ctx.lang));
  }
  const url = new URL('api/v1/join-requests', anchorUrl.endsWith('/') ? anchorUrl : `${anchorUrl}/`);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': ctx.lang }, body, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    ctx.io.err(`tsunagu: ${message('TRUST_LIST_UNREACHABLE', { url: url.toString(), detail: e instanceof Error ? e.message : String(e) }, ctx.lang)}`);
    ctx.setExitCode(1);
    return;
  }
  const answer = (await response.json().catch(() => ({}))) as { message?: string; detail?: string; errors?: { path: string; message: string }[] };
  if (response.status === 202) {
    ctx.io.out(answer.message ?? 'pending');
    return;
  }
  ctx.io.err(`tsunagu: ${answer.detail ?? `HTTP ${response.status}`}`);
  for (const e of answer.errors ?? []) ctx.io.err(`  - ${e.path ? `${e.path}: ` : ''}${e.message}`);
  ctx.setExitCode(1);
}

interface InstallOptions {
  id: string;
  credential: string;
  trustList: string;
  trustConfig: string;
  dir: string;
}

async function install(ctx: CliContext, o: InstallOptions): Promise<void> {
  const dir = path.resolve(o.dir);
  const signer = await nodeSigner(ctx, o.id, { create: false });
  // The same checks `tsunagu serve` makes at start, before anything is copied: a bad hand-over changes nothing.
  const checked = await loadServeTrust(
    { configFile: path.resolve(o.trustConfig), trustListFile: path.resolve(o.trustList), credentialFile: path.resolve(o.credential) },
    { participantId: o.id, signer, keyFile: nodeKeyPath(ctx.env) },
    new Date(),
  );
  if (!checked.ok) {
    for (const p of checked.problems) {
      ctx.io.err(message(p.code, p.params, ctx.lang));
      for (const c of p.causes ?? []) ctx.io.err(`  - ${message(c.code, c.params, ctx.lang)}`);
    }
    ctx.setExitCode(2);
    return;
  }
  await mkdir(dir, { recursive: true });
  const target = { config: path.join(dir, 'trust-config.json'), list: path.join(dir, 'trust-list.json'), credential: path.join(dir, 'credential.json') };
  for (const [from, to] of [
    [o.trustConfig, target.config],
    [o.trustList, target.list],
    [o.credential, target.credential],
  ] as const) {
    if (path.resolve(from) !== to) await copyFile(from, to);
  }
  ctx.io.out(message('JOIN_INSTALLED', { dir }, ctx.lang));
  ctx.io.out(`  TSUNAGU_NODE_ID=${o.id}`);
  ctx.io.out(`  TSUNAGU_KEY_FILE=${nodeKeyPath(ctx.env)}`);
  ctx.io.out(`  TSUNAGU_TRUST_CONFIG_FILE=${target.config}`);
  ctx.io.out(`  TSUNAGU_TRUST_LIST_FILE=${target.list}`);
  ctx.io.out(`  TSUNAGU_CREDENTIAL_FILE=${target.credential}`);
}

export function registerJoinCommand(program: Command, ctxFor: () => CliContext): void {
  const join = program.command('join').description('データスペースに参加 / join the data space (key, join request, credential)');
  join
    .command('request')
    .description('鍵と署名付きの参加申請を作成 / make the key and a signed join request')
    .requiredOption('--id <participantId>', 'the participant id asked for, e.g. jp-174611-anamizu-town')
    .requiredOption('--anchor <anchorId>', 'the anchor asked, e.g. jp-fdma')
    .requiredOption('--name-ja <name>', 'organisation name in Japanese')
    .requiredOption('--name-en <name>', 'organisation name in English')
    .requiredOption('--role <role>', Object.keys(participantRoles).join(' | '))
    .requiredOption('--jurisdiction <codes>', 'area codes, comma-separated (e.g. 174611)')
    .requiredOption('--node-url <url>', "where the organisation's node will answer, e.g. http://127.0.0.1:8790/")
    .option('--days <days>', 'how long the request stays valid', '14')
    .option('--out <file>', 'where to write it', 'join-request.json')
    .option('--signing-key-file <file>', 'for a change of keys: sign with the key listed now (TSUNAGU_KEY_FILE holds the new key)')
    .action(async (o: RequestOptions) => makeRequest(ctxFor(), o));
  join
    .command('send')
    .description('参加申請をアンカーのノードに送る（承認は人が行います） / send the request to the anchor\'s node (a person approves it)')
    .requiredOption('--anchor-url <url>', "the anchor's node, e.g. http://127.0.0.1:8700/")
    .option('--request <file>', 'the signed join request', 'join-request.json')
    .action(async (o: { anchorUrl: string; request: string }) => send(ctxFor(), o.request, o.anchorUrl));
  join
    .command('install')
    .description('発行された資格証明とトラストリストを確認して配置 / check and install the issued credential and trust list')
    .requiredOption('--id <participantId>', 'this organisation\'s participant id')
    .requiredOption('--credential <file>', 'the credential the anchor issued')
    .requiredOption('--trust-list <file>', "the anchor's trust-list.json")
    .requiredOption('--trust-config <file>', "the anchor's trust-config.json (pinned anchor keys)")
    .option('--dir <dir>', 'where to put them', '.tsunagu/trust')
    .action(async (o: InstallOptions) => install(ctxFor(), o));
}
