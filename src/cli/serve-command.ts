// `tsunagu serve`: one organisation's node, beside its own systems — the store, policies and key this environment
// configures (TSUNAGU_NODE_ID, TSUNAGU_DATA_DIR or TSUNAGU_DATABASE_URL, TSUNAGU_POLICY_DIR, TSUNAGU_KEY_FILE).
// Every read is decided by the node's policies and recorded in its audit log, signed with the node's key.
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { listenConfigFromEnv, policyDirFromEnv } from '../node/config.ts';
import { formatNodePolicyProblem, loadNodePolicies } from '../node/node-policies.ts';
import { buildNodeServer } from '../node/server.ts';
import { shippedApplications } from '../apps/index.ts';
import { openStore } from '../store/open-store.ts';
import { storeConfigFromEnv } from '../store/config.ts';
import type { CliContext } from './context.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeKeyPath, nodeSigner } from './node-key.ts';
import { createFederationClient, type FederationClient } from '../federation/client.ts';
import { deadLetterRetentionDaysFromEnv } from '../federation/dead-letters.ts';
import { startBackgroundWork } from '../node/background-work.ts';
import { standaloneOperatorContext, trustedOperatorContext } from '../node/operator/trusted-context.ts';
import { operatorTokenFromEnv } from '../node/operator/token-config.ts';
import { loadServeTrust, serveFederation, serveTrustFilesFromEnv, type ServeTrustProblem } from './serve-trust.ts';

export function registerServeCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('serve')
    .description('このノードを起動 / run this organisation\'s node (imports nothing; use tsunagu import first)')
    .action(async () => {
      const ctx = ctxFor();
      const env = ctx.env;
      const listen = listenConfigFromEnv(env, { port: 8700 });
      const storeConfig = storeConfigFromEnv(env);
      const deadLetterDays = deadLetterRetentionDaysFromEnv(env);
      if (!listen.ok || !storeConfig.ok || !deadLetterDays.ok) {
        for (const p of listen.ok ? [] : listen.problems) ctx.io.err(p);
        if (!storeConfig.ok) ctx.io.err(message(storeConfig.problem.code, storeConfig.problem.params, ctx.lang));
        if (!deadLetterDays.ok) ctx.io.err(deadLetterDays.problem);
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
      try {
        const opened = await store.audit.open({ signer });
        if (!opened.ok) {
          for (const p of opened.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
          ctx.setExitCode(2);
          await store.close();
          return;
        }
        auditLog = opened.log;
        const federated = trust?.ok ? await serveFederation(trust.value, store, signer, auditLog) : undefined;
        for (const d of federated?.dropped ?? []) {
          ctx.io.err(message('NODE_DECLARATION_NOT_RELOADED', { declaration: d.declarationId, issuer: d.issuer, reasons: d.problems.map((p) => p.code).join(', ') }, ctx.lang));
        }
        // The console sees this node's data and log; with trust files it can also ask every node in the trust list.
        const book = federated?.declarationBook;
        const client = trust?.ok ? createFederationClient({ signer, credential: trust.value.credential, registry: trust.value.registry }) : undefined;
        federatedClient = client;
        const operatorContext =
          trust?.ok && book && client
            ? trustedOperatorContext({
                participantId: identity.participantId,
                store,
                auditLog,
                client,
                registry: trust.value.registry,
                declarations: () => book.active(new Date()),
              })
            : standaloneOperatorContext({ participantId: identity.participantId, store, auditLog });
        app = await buildNodeServer({
          applications: shippedApplications(),
          store,
          participantId: identity.participantId,
          auditLog,
          policies: policies.value,
          logger: { level: listen.value.logLevel },
          ...(federated ? { federation: federated.federation, declarationBook: federated.declarationBook } : {}),
          operator: { token: operatorToken.token, context: operatorContext },
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
      const background = federatedClient
        ? startBackgroundWork({
            store,
            auditLog,
            client: federatedClient,
            log: app.log,
            deadLetterRetentionDays: deadLetterDays.value,
          })
        : undefined;
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
      ctx.io.out(ja ? '  停止するには Ctrl+C' : '  Stop with Ctrl+C');
      const log = auditLog;
      const server = app;
      const shutdown = async () => {
        // Stop sending and sweeping, then answering, then make the log's tail durable and signed, then let the database go.
        await background?.stop();
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
