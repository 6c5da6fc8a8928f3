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
import { lifelineMessages } from './lifeline.ts';
import { lifelineServiceMessages } from './lifeline-service.ts';
import { federationPersistenceMessages } from './federation-persistence.ts';
import { operatorMessages } from './operator.ts';
import { logisticsMessages } from './logistics.ts';

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
  ...lifelineMessages,
  ...lifelineServiceMessages,
  ...federationPersistenceMessages,
  ...operatorMessages,
  ...logisticsMessages,
} as const;
