// `tsunagu serve`: one organisation's node, beside its own systems — the store, policies and key this environment
// configures (TSUNAGU_NODE_ID, TSUNAGU_DATA_DIR or TSUNAGU_DATABASE_URL, TSUNAGU_POLICY_DIR, TSUNAGU_KEY_FILE).
// Every read is decided by the node's policies and recorded in its audit log, signed with the node's key.
import type { Command } from 'commander';
import { message, type Lang } from '../i18n/index.ts';
import { oneLanguage } from './commander-language.ts';
import { listenConfigFromEnv, policyDirFromEnv, timeZoneFromEnv } from '../node/config.ts';
import { formatNodePolicyProblem, loadNodePolicies } from '../node/node-policies.ts';
import { buildNodeServer } from '../node/server.ts';
import { shippedApplications } from '../apps/index.ts';
import { openStore } from '../store/open-store.ts';
import { DEFAULT_STATEMENT_TIMEOUT_MS, storeConfigFromEnv } from '../store/config.ts';
import type { CliContext } from './context.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeKeyPath, nodeSigner } from './node-key.ts';
import { createFederationClient, type FederationClient } from '../federation/client.ts';
import { deadLetterRetentionDaysFromEnv } from '../federation/dead-letters.ts';
import { startBackgroundWork } from '../node/background-work.ts';
import { createAccessGate } from '../node/access-gate.ts';
import type { DeclarationBook } from '../node/routes/declarations.ts';
import { areaCode } from '../model/index.ts';
import type { SignedCredential } from '../trust/credential.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import { standaloneOperatorContext, trustedOperatorContext } from '../node/operator/trusted-context.ts';
import { operatorTokenFromEnv } from '../node/operator/token-config.ts';
import { loadServeTrust, serveFederation, serveTrustFilesFromEnv, type ServeTrustProblem } from './serve-trust.ts';
import { peerRequestLimitsFromEnv } from '../node/signed-request-limits.ts';
import { anchoringConfigFromEnv } from '../node/audit-anchoring/anchoring-config.ts';
import { resolveKeepers } from '../node/audit-anchoring/checkpoint-sender.ts';
import { createLiveTrust, DEFAULT_TRUST_REFRESH_SECONDS, trustRefreshSecondsFromEnv, type LiveTrust } from '../node/live-trust.ts';

/** Every setting `tsunagu serve` reads, for --help: the variable, what it means, its default. */
export const serveSettings: readonly (readonly [string, string, string])[] = [
  ['TSUNAGU_NODE_ID', 'このノードの参加者ID / participant id of this node', 'local-node'],
  ['TSUNAGU_HOST', '待ち受けるアドレス / address to listen on', '127.0.0.1'],
  ['TSUNAGU_PORT', '待ち受けるポート / port to listen on', '8700'],
  ['LOG_LEVEL', 'ログの詳しさ / log level (fatal|error|warn|info|debug|trace|silent)', 'info'],
  ['TSUNAGU_DATA_DIR', '組み込みデータベースの場所 / directory of the embedded database (PGlite)', '.tsunagu/data'],
  ['TSUNAGU_DATABASE_URL', 'PostgreSQL を使うときの接続先 / postgres://… to use PostgreSQL instead', '-'],
  ['TSUNAGU_DATABASE_SCHEMA', 'PostgreSQL のスキーマ / PostgreSQL schema', '(the connection\'s search_path)'],
  ['TSUNAGU_SPATIAL', '空間検索 / spatial engine: auto (PostGIS when present) | builtin', 'auto'],
  ['TSUNAGU_STATEMENT_TIMEOUT_MS', 'PostgreSQL の1文の上限時間（ミリ秒）/ PostgreSQL statement timeout in milliseconds', String(DEFAULT_STATEMENT_TIMEOUT_MS)],
  ['TSUNAGU_PGLITE_THREAD', '組み込みデータベースを専用スレッドで動かす / run the embedded database on its own thread: on | off', 'on'],
  ['TSUNAGU_POLICY_DIR', '利用ポリシーのファイル（*.json）/ directory of policy files', '(built-in policies)'],
  ['TSUNAGU_KEY_FILE', '署名鍵ファイル（0600）/ the node key file (mode 0600)', '<data dir>/node-key.json'],
  ['TSUNAGU_OPERATOR_TOKEN', 'コンソールのトークン / operator console token', '(generated, shown once)'],
  ['TSUNAGU_OUTBOX_DEAD_LETTER_DAYS', '配信できなかったメッセージを残す日数 / days dead letters are kept', '30'],
  ['TSUNAGU_TRUST_CONFIG_FILE', '信頼するアンカーと固定する鍵 / anchors trusted, with pinned keys (trust-config.json)', '- (no federation)'],
  ['TSUNAGU_TRUST_LIST_FILE', 'トラストリストのキャッシュ / the cached signed trust list (updated by fetches)', '- (no federation)'],
  ['TSUNAGU_CREDENTIAL_FILE', 'このノードの資格証明 / this node\'s credential from the anchor', '- (no federation)'],
  ['TSUNAGU_TRUST_REFRESH_SECONDS', 'アンカーのリストを取得する間隔（0 で停止）/ seconds between trust list fetches (0: off)', String(DEFAULT_TRUST_REFRESH_SECONDS)],
  ['TSUNAGU_ANCHOR_DIR', 'アンカーのノードなら、そのディレクトリ（リストの公開と参加申請の受付）/ on an anchor\'s node: its directory (publishes the list, takes join requests)', '-'],
  ['TSUNAGU_AUDIT_KEEPERS', '監査ログのチェックポイントをトラストアンカーのほかに預ける参加者（カンマ区切り）/ peers that keep this node\'s audit checkpoints besides the trust anchor (comma-separated)', '-'],
  ['TSUNAGU_AUDIT_AUDITORS', '預かったチェックポイントを読める監査人（カンマ区切り）/ auditors that may read the checkpoints this node keeps for others', '-'],
  ['TSUNAGU_AUDIT_ANCHOR_SECONDS', 'チェックポイントを送る間隔（秒）/ seconds between checkpoints sent to keepers', '60'],
  ['TSUNAGU_PEER_REQUESTS_PER_10S', '検証できた参加者ごとの 10 秒間の要求数の上限（0 で上限なし）/ requests per 10 s from each verified participant (0: no limit)', '300'],
  ['TSUNAGU_TIME_ZONE', 'コンソールが時刻を表示する時間帯（IANA の名前、例 Asia/Manila）/ IANA time zone the console shows times in (e.g. Asia/Manila)', 'Asia/Tokyo'],
  ['TSUNAGU_LANG', '表示の言語 / language of messages (ja|en)', 'from the locale; ja'],
];

function settingsHelp(lang: Lang): string {
  const width = Math.max(...serveSettings.map(([name]) => name.length));
  // Each meaning is written "日本語 / English" (sometimes without the space before the slash).
  const meaningIn = (meaning: string) => oneLanguage(meaning.replace(/([^ ])\/ /, '$1 / '), lang);
  const heading = lang === 'ja' ? '環境変数（[] 内は既定値）:' : 'Environment variables (default in brackets):';
  return ['', heading, ...serveSettings.map(([name, meaning, def]) => `  ${name.padEnd(width)}  ${meaningIn(meaning)} [${def}]`)].join('\n');
}

export function registerServeCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('serve')
    .description('このノードを起動 / run this organisation\'s node (imports nothing; use tsunagu import first)')
    .addHelpText('after', () => settingsHelp(ctxFor().lang))
    .action(async () => {
      const ctx = ctxFor();
      const env = ctx.env;
      const listen = listenConfigFromEnv(env, { port: 8700 });
      const storeConfig = storeConfigFromEnv(env);
      const deadLetterDays = deadLetterRetentionDaysFromEnv(env);
      const refreshSeconds = trustRefreshSecondsFromEnv(env);
      const anchoring = anchoringConfigFromEnv(env);
      const timeZone = timeZoneFromEnv(env);
      if (!anchoring.ok) for (const p of anchoring.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
      const peerRequests = peerRequestLimitsFromEnv(env);
      if (!peerRequests.ok) ctx.io.err(message(peerRequests.problem.code, peerRequests.problem.params, ctx.lang));
      if (!listen.ok || !storeConfig.ok || !deadLetterDays.ok || !refreshSeconds.ok || !anchoring.ok || !peerRequests.ok || !timeZone.ok) {
        for (const p of listen.ok ? [] : listen.problems) ctx.io.err(p);
        for (const p of timeZone.ok ? [] : timeZone.problems) ctx.io.err(p);
        if (!storeConfig.ok) ctx.io.err(message(storeConfig.problem.code, storeConfig.problem.params, ctx.lang));
        if (!deadLetterDays.ok) ctx.io.err(deadLetterDays.problem);
        if (!refreshSeconds.ok) ctx.io.err(message(refreshSeconds.problem.code, refreshSeconds.problem.params, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      const operatorToken = operatorTokenFromEnv(env);
      if (!operatorToken.ok) {
        ctx.io.err(message(operatorToken.problem.code, operatorToken.problem.params, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      const identity = nodeIdentityFromEnv(env);
      // Policies first: a node that cannot say what it may share must not start sharing.
      const policies = await loadNodePolicies({ owner: identity.participantId, dir: policyDirFromEnv(env) });
      if (!policies.ok) {
        for (const p of policies.problems) ctx.io.err(formatNodePolicyProblem(p, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      // Trust next: a node given trust files verifies signed requests, signs its answers and accepts declarations, and
      // refuses to start when the files do not describe this node (docs/federation-auth.md).
      const trustFiles = serveTrustFilesFromEnv(env);
      const refuse = (problems: readonly ServeTrustProblem[]) => {
        for (const p of problems) {
          ctx.io.err(message(p.code, p.params, ctx.lang));
          for (const c of p.causes ?? []) ctx.io.err(`  - ${message(c.code, c.params, ctx.lang)}`);
        }
        ctx.setExitCode(2);
      };
      if (!trustFiles.ok) return refuse(trustFiles.problems);
      const signer = await nodeSigner(ctx, identity.participantId, { create: trustFiles.value === undefined });
      const trust = trustFiles.value
        ? await loadServeTrust(trustFiles.value, { participantId: identity.participantId, signer, keyFile: nodeKeyPath(env) }, new Date())
        : undefined;
      if (trust && !trust.ok) return refuse(trust.problems);
      const store = await openStore(storeConfig.config, { onNotice: (n) => ctx.io.err(message(n.code, n.params, ctx.lang)) });
      let auditLog;
      let app;
      let federatedClient: FederationClient | undefined;
      let federatedTrust: { registry: TrustRegistry; credential: SignedCredential } | undefined;
      let federatedBook: DeclarationBook | undefined;
      let live: LiveTrust | undefined;
      try {
        const opened = await store.audit.open({ signer });
        if (!opened.ok) {
          for (const p of opened.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
          ctx.setExitCode(2);
          await store.close();
          return;
        }
        auditLog = opened.log;
        // The lists are kept current while the node runs: everything below decides by the live registry.
        const log = auditLog;
        live = trust?.ok
          ? createLiveTrust({
              participantId: identity.participantId,
              held: trust.value.held,
              auditLog: log,
              ...(trustFiles.value ? { cache: { listFile: trustFiles.value.trustListFile, configFile: trustFiles.value.configFile } } : {}),
              onEvent: (e) => ctx.io.err(`trust-list ${e.kind} ${e.anchorId}: ${e.detail}`),
            })
          : undefined;
        const current = trust?.ok && live ? { ...trust.value, registry: live.registry } : undefined;
        const federated = current ? await serveFederation(current, store, signer, auditLog) : undefined;
        for (const d of federated?.dropped ?? []) {
          ctx.io.err(message('NODE_DECLARATION_NOT_RELOADED', { declaration: d.declarationId, issuer: d.issuer, reasons: d.problems.map((p) => p.code).join(', ') }, ctx.lang));
        }
        // The console sees this node's data and log; with trust files it can also ask every node in the trust list.
        const book = federated?.declarationBook;
        const client = current ? createFederationClient({ signer, credential: current.credential, registry: current.registry }) : undefined;
        federatedClient = client;
        federatedTrust = current;
        federatedBook = book;
        const operatorContext =
          current && book && client && live
            ? trustedOperatorContext({
                participantId: identity.participantId,
                store,
                auditLog,
                client,
                registry: current.registry,
                declarations: () => book.active(new Date()),
                trustLists: live.states,
                refreshTrust: live.refresh,
                timeZone: timeZone.value,
              })
            : standaloneOperatorContext({ participantId: identity.participantId, store, auditLog, timeZone: timeZone.value });
        app = await buildNodeServer({
          applications: shippedApplications(),
          store,
          participantId: identity.participantId,
          auditLog,
          policies: policies.value,
          logger: { level: listen.value.logLevel },
          ...(federated ? { federation: federated.federation, declarationBook: federated.declarationBook } : {}),
          operator: { token: operatorToken.token, context: operatorContext },
          ...(live ? { trustLists: live.states } : {}),
          ...(env.TSUNAGU_ANCHOR_DIR?.trim() ? { trustPublication: { anchorDir: env.TSUNAGU_ANCHOR_DIR.trim() } } : {}),
          auditAuditors: anchoring.value.auditors,
          peerRequests: peerRequests.value,
        });
      } catch (e) {
        await auditLog?.close();
        await store.close();
        throw e;
      }
      let address: string;
      try {
        address = await app.listen({ host: listen.value.host, port: listen.value.port });
      } catch (e) {
        await app.close();
        await auditLog.close();
        await store.close();
        throw e;
      }
      // A node in a federation sends what its outbox holds (safety reports, notifications), deletes expired copies
      // and purges old dead letters; a node alone has no peer to send to or copy from.
      const book = federatedBook;
      const background = federatedClient && federatedTrust && book
        ? startBackgroundWork({
            store,
            auditLog,
            client: federatedClient,
            log: app.log,
            deadLetterRetentionDays: deadLetterDays.value,
            ...(live ? { anchoring: { participantId: identity.participantId, registry: live.registry, keepers: anchoring.value.keepers, intervalMs: anchoring.value.intervalMs } } : {}),
            // Notifications to subscribers are decided by the same policies and declarations as the node's reads.
            notifications: {
              decide: createAccessGate({ policies: policies.value.map((p) => p.policy), auditLog, declarations: () => book.active(new Date()), dataAreas: [areaCode('JP')] }).decide,
              registry: federatedTrust.registry,
              signer,
              credential: federatedTrust.credential,
            },
          })
        : undefined;
      // Fetch once now (a list published while the node was down applies before the first request), then on schedule.
      if (live) {
        await live.refresh();
        live.start(refreshSeconds.value);
      }
      const ja = ctx.lang === 'ja';
      ctx.io.out(ja ? `\nTsunagu ノード ${identity.participantId} が起動しました` : `\nTsunagu node ${identity.participantId} is running`);
      ctx.io.out(`  API:      ${address}/api/v1/catalog`);
      ctx.io.out(`  Docs:     ${address}/docs`);
      ctx.io.out(`  ${ja ? 'ポリシー' : 'Policies'}: ${address}/api/v1/policies`);
      ctx.io.out(`  OpenAPI:  ${address}/openapi.json`);
      ctx.io.out(`  Health:   ${address}/health`);
      // A generated token is shown once, in the URL's fragment; a configured one is the operator's to know.
      ctx.io.out(`  ${message('OPERATOR_CONSOLE_URL', { url: `${address}/console/#token=${operatorToken.generated ? operatorToken.token : '<TSUNAGU_OPERATOR_TOKEN>'}` }, ctx.lang)}`);
      if (operatorToken.generated) ctx.io.out(`  ${message('OPERATOR_TOKEN_GENERATED', {}, ctx.lang)}`);
      if (trust?.ok) ctx.io.out(`  ${message('SERVE_FEDERATION_ENABLED', { trustList: trust.value.trustListIds.join(', '), credential: trust.value.credential.payload.id }, ctx.lang)}`);
      if (live) {
        // Whom the log is anchored with, said once at start: a node nobody keeps checkpoints for can have its tail cut unseen.
        const chosen = resolveKeepers(identity.participantId, anchoring.value.keepers, live.registry, new Date());
        for (const u of chosen.unusable) ctx.io.err(`  ${message(u.code, { keeper: u.keeper }, ctx.lang)}`);
        ctx.io.out(
          `  ${chosen.keepers.length > 0
            ? message('SERVE_AUDIT_KEEPERS', { keepers: chosen.keepers.map((k) => k.participantId).join(', '), seconds: anchoring.value.intervalMs / 1000 }, ctx.lang)
            : message('SERVE_AUDIT_NO_KEEPERS', {}, ctx.lang)}`,
        );
      }
      ctx.io.out(ja ? '  停止するには Ctrl+C' : '  Stop with Ctrl+C');
      const log = auditLog;
      const server = app;
      const shutdown = async () => {
        // Stop sending and sweeping, then answering, then make the log's tail durable and signed, then let the database go.
        await background?.stop();
        await live?.stop();
        await server.close();
        await log.close();
        await store.close();
      };
      await new Promise<void>((resolve) => {
        const stop = () => void shutdown().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
