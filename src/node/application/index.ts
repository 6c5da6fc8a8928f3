// The application interface of a Tsunagu node, in one place: the only module of src/node (and of src/store,
// src/federation, src/audit, src/i18n) an application may import. See docs/writing-an-application.md.
// Besides this module an application may import src/model and the pure parts of src/policy and src/trust; the
// layering rules in .dependency-cruiser.cjs enforce it.

// What an application declares and what the node gives it.
export {
  OPERATOR_CONSOLE,
  capabilityAnswerer,
  deliveryKind,
  type Application,
  type ApplicationCapabilities,
  type ApplicationCapability,
  type CapabilityAnswerer,
  type CapabilityOutcome,
  type AlertDocumentProblem,
  type AlertReceipt,
  type ApplicationAccess,
  type ApplicationAlerts,
  type ApplicationAudit,
  type ApplicationConsolePage,
  type ApplicationContext,
  type ApplicationDeliveryKind,
  type ApplicationFederation,
  type ApplicationParts,
  type ApplicationResourceMessages,
  type OutgoingRelease,
  type ReleaseDecision,
  type DeliveryAccess,
  type DeliveryAnswer,
  type DeliveryRecords,
  type DeliveryResolution,
  type ReceivedNotification,
} from './application.ts';
export type { ApplicationDatabase, ApplicationSql, ApplicationTransaction } from '../../store/application-store.ts';
export type { OutboxMessageDraft, OutboxState, EnqueueOutcome } from '../../store/outbox-store.ts';

// Messages: the application's own catalog, and the core's for codes the node defines (e.g. why a peer is missing).
export { defineMessages, type ApplicationMessages } from './messages.ts';
export { message, type Lang, type MessageCatalog, type MessageCode, type MessageParams, type ValueWords } from '../../i18n/index.ts';

// Routes: problem+json answers and the request's language, as the node's own routes use them.
export { isProblem, problemOf, problemResponse, requestLang, sendProblem, ProblemSchema, type Problem } from '../problem.ts';
// A polygon from a request, checked as every polygon-taking route of the node checks it (NODE_WITHIN_INVALID).
export { withinOf } from '../read-params.ts';

// The audit log's entry shape.
export type { AuditEntryDraft } from '../../audit/index.ts';

// The federation's consumer side, as far as an application needs it: targets, answers, fan-out under a deadline.
export { areasOverlap, type NodeTarget } from '../../federation/discovery.ts';
export { fanOut, missingMessage, type FanOutOutcome, type MissingReason, type MissingTarget, type RetryPolicy } from '../../federation/fan-out.ts';
export type { AnsweredRecord, FederatedAggregateOutcome, FederatedQueryOutcome, FederatedTarget, NodeAggregate, NodeAnswer } from '../../federation/federated-query.ts';
export type { AggregateTable } from '../../policy/aggregate-table.ts';
export type { FederationResult, FederationTarget, QueryParams } from '../../federation/client.ts';

// EDXL-RM 1.0 message values (the node lends the reader and writer as `context.resourceMessages`).
export type { RmCommitLine, RmCommitResource, RmDeploymentStatus, RmHeader, RmMessage, RmRequestResource } from '../../adapters/edxl-rm/message.ts';
export type { RmWriteResult } from '../../adapters/edxl-rm/rm-out.ts';
export type { RmDocumentResult } from '../../adapters/edxl-rm/rm-envelope.ts';
export type { XmlProblem } from '../../adapters/xml/xml-input.ts';
