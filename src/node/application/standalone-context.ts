// An application's context outside a running server, for tests and benchmarks that drive an application's service
// directly: the same context the node builds (tables migrated, audit, federation), with a gate that grants nothing
// because no route of the application is served from it.
import type { AuditLogWriter } from '../../audit/index.ts';
import type { FederationClient } from '../../federation/client.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import type { AreaCode, Label } from '../../model/index.ts';
import type { Store } from '../../store/types.ts';
import type { VerifiedDeclaration } from '../../trust/verified.ts';
import { createAccessGate } from '../access-gate.ts';
import { publicOnly } from '../requester.ts';
import type { Application, ApplicationContext } from './application.ts';
import { createApplicationContext } from './install.ts';

export interface StandaloneApplicationOptions {
  participantId: string;
  name?: Label;
  dataAreas?: readonly AreaCode[];
  store: Store;
  auditLog: Pick<AuditLogWriter, 'append'>;
  client: Pick<FederationClient, 'query' | 'request'>;
  peers: () => NodeTarget[];
  declarations?: () => readonly VerifiedDeclaration[];
  now?: () => Date;
  participantName?: (id: string) => Label | undefined;
}

export function standaloneApplicationContext(application: Application, options: StandaloneApplicationOptions): Promise<ApplicationContext> {
  const now = options.now ?? (() => new Date());
  return createApplicationContext(application, {
    store: options.store,
    participantId: options.participantId,
    name: options.name ?? { ja: options.participantId, en: options.participantId },
    dataAreas: options.dataAreas ?? [],
    participantName: options.participantName ?? (() => undefined),
    now,
    declarations: options.declarations ?? (() => []),
    peers: options.peers,
    client: options.client,
    auditLog: options.auditLog,
    gate: createAccessGate({ policies: [], auditLog: options.auditLog, dataAreas: [], now }),
    authenticate: publicOnly,
    warn: () => undefined,
  });
}
