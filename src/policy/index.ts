// Usage policies and the decision point: documents, decisions with reasons, obligations, plain-language texts.
// Pure and browser-safe: data in, decision out. What the requester presents is verified before (src/trust, on the
// node), and the audit entry of a decision is made on the node's side (src/node/access-audit.ts).
export * from './policy-schema.ts';
export * from './datasets.ts';
export * from './duration.ts';
export { normalisePaths, resolveFields, type FieldOutcome, type RequestedFields } from './field-grants.ts';
export { areaPhase, phaseStrength, instantMs, type Instant } from './phase.ts';
export { compilePolicies, type CompiledPolicies, type CompileOptions } from './compile-policies.ts';
export * from './decide-access.ts';
export * from './apply-obligations.ts';
export * from './render-policy.ts';
export { aggregateRecords, aggregateTable, countGroups, inKeyOrder, selectCells, suppressCells, type AggregateSpec, type RawCell } from './aggregate.ts';
export * from './aggregate-table.ts';
export { nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument } from './examples.ts';
