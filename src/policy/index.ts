// Usage policies and the decision point: documents, decisions with reasons, obligations, plain-language texts.
// Pure and browser-safe; `authorize.ts` (verification through src/trust, Node only) is imported on its own.
export * from './policy-schema.ts';
export * from './datasets.ts';
export * from './duration.ts';
export { normalisePaths, resolveFields, type FieldOutcome, type RequestedFields } from './field-grants.ts';
export { areaPhase, phaseStrength, instantMs, type Instant } from './phase.ts';
export { compilePolicies, type CompiledPolicies, type CompileOptions } from './compile-policies.ts';
export * from './decide-access.ts';
export * from './apply-obligations.ts';
export * from './render-policy.ts';
export { nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument } from './examples.ts';
