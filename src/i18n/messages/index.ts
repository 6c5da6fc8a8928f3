// All message catalogs, merged. Each module owns one file here so codes stay next to their meaning.
import { adapterMessages } from './adapters.ts';
import { importMessages } from './import.ts';
import { modelMessages } from './model.ts';
import { storeMessages } from './store.ts';
import { shelterImportMessages } from './shelter-import.ts';
import { personImportMessages } from './person-import.ts';
import { nodeMessages } from './node.ts';
import { trustMessages } from './trust.ts';
import { policyMessages } from './policy.ts';
import { auditMessages } from './audit.ts';
import { federationAuthMessages } from './federation-auth.ts';
import { federationMessages } from './federation.ts';
import { federatedQueryMessages } from './federated-query.ts';
import { outboxMessages } from './outbox.ts';
import { subscriptionMessages } from './subscriptions.ts';
import { demoMessages } from './demo.ts';
import { scenarioMessages } from './scenario.ts';
import { federationPersistenceMessages } from './federation-persistence.ts';
import { operatorMessages } from './operator.ts';
import { alertMessages } from './alerts.ts';
import { publicReadMessages } from './public-reads.ts';
import { importAuditMessages } from './import-audit.ts';
import { trustOperationMessages } from './trust-operations.ts';
import { edxlRmMessages } from './edxl-rm.ts';
import { auditAnchoringMessages } from './audit-anchoring.ts';
import { declarationRequestMessages } from './declaration-requests.ts';
import { cliMessages } from './cli.ts';
import { statisticsMessages } from './statistics.ts';

/** Every catalog, each owning its codes; a code defined twice would silently take the later text (index.test.ts). */
export const catalogs = [
  modelMessages,
  adapterMessages,
  storeMessages,
  personImportMessages,
  importMessages,
  shelterImportMessages,
  nodeMessages,
  trustMessages,
  policyMessages,
  auditMessages,
  federationAuthMessages,
  federationMessages,
  federatedQueryMessages,
  outboxMessages,
  subscriptionMessages,
  demoMessages,
  scenarioMessages,
  federationPersistenceMessages,
  operatorMessages,
  alertMessages,
  publicReadMessages,
  importAuditMessages,
  trustOperationMessages,
  edxlRmMessages,
  auditAnchoringMessages,
  declarationRequestMessages,
  cliMessages,
  statisticsMessages,
] as const;

export const allMessages = {
  ...modelMessages,
  ...adapterMessages,
  ...storeMessages,
  ...personImportMessages,
  ...importMessages,
  ...shelterImportMessages,
  ...nodeMessages,
  ...trustMessages,
  ...policyMessages,
  ...auditMessages,
  ...federationAuthMessages,
  ...federationMessages,
  ...federatedQueryMessages,
  ...outboxMessages,
  ...subscriptionMessages,
  ...demoMessages,
  ...scenarioMessages,
  ...federationPersistenceMessages,
  ...operatorMessages,
  ...alertMessages,
  ...publicReadMessages,
  ...importAuditMessages,
  ...trustOperationMessages,
  ...edxlRmMessages,
  ...auditAnchoringMessages,
  ...declarationRequestMessages,
  ...cliMessages,
  ...statisticsMessages,
} as const;
