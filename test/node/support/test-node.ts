// A node for API tests: a real store in memory with Nanao's open-shelter snapshots imported, a real audit log signed
// with a fresh key, and the node's policies (the built-in ones unless a test gives others).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { applyImport } from '../../../src/adapters/apply-import.ts';
import { nanaoOpenSheltersImporter } from '../../../src/adapters/nanao-open-shelters.ts';
import type { AuditLog, AuditPublicKey } from '../../../src/audit/index.ts';
import { builtInPolicies, type NodePolicy } from '../../../src/node/node-policies.ts';
import { createMemoryReplayGuard } from '../../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer, type FederationOptions, type NodeServerOptions } from '../../../src/node/server.ts';
import { openStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/types.ts';
import { createSigner, generateKeyPair } from '../../../src/trust/keys.ts';
import type { TestTrust } from '../../../src/trust/test-fixtures.ts';
import { sharedDataPath } from '../../support/shared-data.ts';

export const NODE_ID = 'jp-172022-nanao-city';

/** One key for every test node, so nodes sharing a store write one log that verifies with one key. */
const signer = createSigner(NODE_ID, generateKeyPair(`${NODE_ID}-test`));

export interface TestNode {
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  publicKeys: AuditPublicKey[];
  close(): Promise<void>;
}

export async function openTestStore(): Promise<Store> {
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const files = ['open_shelter_Nanao-shi_2024-01-11-1800.csv', 'open_shelter_Nanao-shi_2024-01-13-0600.csv'].map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(sharedDataPath('noto-2024-nanao', name))),
  }));
  await applyImport(store, nanaoOpenSheltersImporter, files, { sourceNode: NODE_ID, now: new Date().toISOString() });
  return store;
}

/** A node over `store` (a fresh one by default) with its own audit log. */
export async function openTestNode(
  options: { store?: Store; policies?: readonly NodePolicy[] } & Partial<Omit<NodeServerOptions, 'store' | 'auditLog' | 'policies'>> = {},
): Promise<TestNode> {
  const { store: given, policies, ...rest } = options;
  const store = given ?? (await openTestStore());
  const opened = await store.audit.open({ signer });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const log = opened.log;
  const app = await buildNodeServer({ participantId: NODE_ID, ...rest, store, auditLog: log, policies: policies ?? builtInPolicies(NODE_ID) });
  return {
    store,
    log,
    app,
    publicKeys: [{ kid: signer.kid, publicKey: signer.publicKey }],
    async close() {
      await app.close();
      await log.close().catch(() => undefined);
      if (!given) await store.close();
    },
  };
}

/** Signed requests verified against the test trust world, answers signed as Nanao: a test node in a federation. */
export function asNanaoIn(trust: TestTrust): FederationOptions {
  return { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao };
}
