// The node's side of the application interface: check what each application declares, migrate its tables, give it
// its context, and collect what the node then serves for it (routes, delivery kinds, audit labels, console pages).
// Applications never see this module; they see only ./index.ts.
import type { AuditLogWriter } from '../../audit/index.ts';
import { auditEntryKinds } from '../../audit/index.ts';
import { federatedAggregate, federatedQuery } from '../../federation/federated-query.ts';
import type { FederationClient } from '../../federation/client.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import { registerMessages } from '../../i18n/index.ts';
import type { AreaCode, Label } from '../../model/index.ts';
import { APPLICATION_ID } from '../../store/migrations.ts';
import type { Store } from '../../store/types.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import type { VerifiedDeclaration } from '../../trust/verified.ts';
import type { AccessGate } from '../access-gate.ts';
import { accessAuditDraft } from '../access-audit.ts';
import { nodeAlerts } from './alerts.ts';
import { answererProblems, askCapability, capabilityDeclarationProblems, CapabilityBook } from './capabilities.ts';
import { decideAndRecordRelease } from './release.ts';
import { nodeResourceMessages } from './resource-messages.ts';
import type { Authenticator } from '../requester.ts';
import type { Application, ApplicationConsolePage, ApplicationContext, ApplicationDeliveryKind, ApplicationParts, ReceivedNotification } from './application.ts';

/** The console's own pages: an application's page may not take one of their routes. */
export const CONSOLE_CORE_ROUTES: readonly string[] = ['map', 'catalog', 'audit', 'declarations'];

/** Delivery kinds the node handles itself (subscription notifications). */
export const CORE_DELIVERY_KINDS: readonly string[] = ['notification'];

export interface InstalledApplication {
  id: string;
  name: Label;
  console?: ApplicationConsolePage;
  parts: ApplicationParts;
}

export interface InstalledApplications {
  readonly installed: readonly InstalledApplication[];
  readonly deliveryKinds: ReadonlyMap<string, ApplicationDeliveryKind>;
  /** The core's audit entry kinds and every application's, with their labels. */
  readonly auditKinds: Readonly<Record<string, Label>>;
  /** Tell every application of a received notification; one application's failure does not stop the others. */
  notify(notification: ReceivedNotification): Promise<void>;
}

export interface ApplicationHost {
  store: Store;
  participantId: string;
  name: Label;
  /** The areas the node's data covers (the access gate's fallback when records name none). */
  dataAreas: readonly AreaCode[];
  participantName(participantId: string): Label | undefined;
  now(): Date;
  declarations(): readonly VerifiedDeclaration[];
  peers(): NodeTarget[];
  client: Pick<FederationClient, 'query' | 'request'>;
  auditLog: Pick<AuditLogWriter, 'append'>;
  gate: AccessGate;
  /** The node's trust lists, for the recipients of pushes (`decideRelease`); absent without federation, when none verifies. */
  registry?: TrustRegistry;
  authenticate: Authenticator;
  /** Where a failing notification listener is reported (never with personal data). */
  warn(detail: Record<string, unknown>, message: string): void;
  /** The capabilities installed applications answer; absent (a context outside a node), every one is `not-installed`. */
  capabilities?: CapabilityBook;
}

/** Why an application cannot be installed: the node refuses to start rather than serve a half-installed one. */
export class ApplicationInstallError extends Error {}

function checkDeclarations(applications: readonly Application[]): void {
  const ids = new Set<string>();
  const routes = new Set(CONSOLE_CORE_ROUTES);
  const kinds = new Map<string, Label>(Object.entries(auditEntryKinds));
  for (const a of applications) {
    if (!APPLICATION_ID.test(a.id)) throw new ApplicationInstallError(`application id ${JSON.stringify(a.id)}: lower-case letters, digits and hyphens, at most 40`);
    if (ids.has(a.id)) throw new ApplicationInstallError(`application ${a.id} is installed twice`);
    ids.add(a.id);
    if (a.console) {
      if (routes.has(a.console.route)) throw new ApplicationInstallError(`application ${a.id}: the console page ${a.console.route} is already taken`);
      routes.add(a.console.route);
    }
    for (const [kind, label] of Object.entries(a.auditKinds ?? {})) {
      const known = kinds.get(kind);
      if (known !== undefined && (known.ja !== label.ja || known.en !== label.en)) {
        throw new ApplicationInstallError(`application ${a.id}: the audit entry kind ${kind} already has another label`);
      }
      kinds.set(kind, label);
    }
  }
  const capabilityProblems = capabilityDeclarationProblems(applications);
  if (capabilityProblems.length > 0) throw new ApplicationInstallError(capabilityProblems.join('; '));
}

/**
 * The context an application gets on a node: its tables migrated first. The node builds one per installed application;
 * tests and benchmarks that drive an application's service without a server build one the same way.
 */
export async function createApplicationContext(application: Application, host: ApplicationHost): Promise<ApplicationContext> {
  const { store } = host;
  if (application.migrations) await store.applications.migrate(application.id, application.migrations);
  return {
    node: { id: host.participantId, name: host.name },
    dataAreas: host.dataAreas,
    participantName: (id) => host.participantName(id),
    now: () => host.now(),
    declarations: () => host.declarations(),
    peers: () => host.peers(),
    federation: {
      query: ({ keepCopies, ...options }) =>
        federatedQuery({ ...options, client: host.client, now: () => host.now(), ...(keepCopies === false ? {} : { store }) }),
      aggregate: (options) => federatedAggregate({ ...options, client: host.client, now: () => host.now() }),
      request: (target, method, path, body, signal) => host.client.request(target, method, path, body, signal),
    },
    audit: {
      async append(draft) {
        try {
          return (await host.auditLog.append([draft])).ok;
        } catch {
          return false;
        }
      },
    },
    database: store.applications.database(application.id),
    alerts: nodeAlerts(store, { sourceNode: host.participantId, now: () => host.now() }),
    resourceMessages: nodeResourceMessages(),
    // Looked up when asked, not now: a provider installed after this application still answers it.
    capabilities: { ask: (capability, question) => askCapability(application, host.capabilities, capability, question) },
    outboxStates: (seqs) => store.outbox.states(seqs),
    access: {
      async requester(request) {
        const who = await host.authenticate(request);
        return who.ok ? { ok: true, requester: who.value.requester } : { ok: false, problem: who.problem };
      },
      decide: (request) => host.gate.decide(request),
      async record(decision, facts) {
        try {
          return (await host.auditLog.append([accessAuditDraft({ decision, requestedFields: facts.requestedFields, releasedIds: facts.releasedIds })])).ok;
        } catch {
          return false;
        }
      },
      decideRelease: (release) => decideAndRecordRelease(host, release),
    },
  };
}

/** Install applications in order; throws ApplicationInstallError (or a store error from a migration) on the first that cannot be. */
export async function installApplications(applications: readonly Application[], host: ApplicationHost): Promise<InstalledApplications> {
  checkDeclarations(applications);
  const installed: InstalledApplication[] = [];
  const deliveryKinds = new Map<string, ApplicationDeliveryKind>();
  const auditKinds: Record<string, Label> = { ...auditEntryKinds };
  const capabilities = new CapabilityBook();
  const wired: ApplicationHost = { ...host, capabilities };
  for (const application of applications) {
    if (application.messages) registerMessages(application.messages);
    Object.assign(auditKinds, application.auditKinds ?? {});
    const parts = await application.install(await createApplicationContext(application, wired));
    const answerProblems = answererProblems(application, parts.answers ?? []);
    if (answerProblems.length > 0) throw new ApplicationInstallError(answerProblems.join('; '));
    for (const answerer of parts.answers ?? []) capabilities.add(application.id, answerer);
    for (const kind of parts.deliveryKinds ?? []) {
      if (CORE_DELIVERY_KINDS.includes(kind.kind) || deliveryKinds.has(kind.kind)) {
        throw new ApplicationInstallError(`application ${application.id}: the delivery kind ${kind.kind} is already handled`);
      }
      if (kind.auditKind !== undefined && !Object.hasOwn(application.auditKinds ?? {}, kind.auditKind)) {
        throw new ApplicationInstallError(`application ${application.id}: the delivery kind ${kind.kind} audits as ${kind.auditKind}, which the application does not declare`);
      }
      deliveryKinds.set(kind.kind, kind);
    }
    installed.push({ id: application.id, name: application.name, ...(application.console ? { console: application.console } : {}), parts });
  }
  return {
    installed,
    deliveryKinds,
    auditKinds,
    async notify(notification) {
      for (const a of installed) {
        if (!a.parts.onNotification) continue;
        try {
          await a.parts.onNotification(notification);
        } catch (e) {
          host.warn({ application: a.id, recordId: notification.recordId, err: (e as Error).message }, 'application failed on a notification');
        }
      }
    },
  };
}
