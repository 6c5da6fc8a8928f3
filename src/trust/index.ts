// Trust: keys, signed documents, batch signatures, trust lists, credentials, declarations and delegations.
// Verification is pure; only key-file.ts and anchor-files.ts touch files. Test fixtures are imported from their own module.
export * from './canonical-json.ts';
export * from './keys.ts';
export * from './signed-document.ts';
export * from './batch-signature.ts';
export * from './trust-list.ts';
export * from './trust-registry.ts';
export * from './credential.ts';
export * from './declaration.ts';
export * from './delegation.ts';
export * from './key-file.ts';
export * from './verified.ts';
export { CLOCK_SKEW_MS } from './problems.ts';
export * from './join-request.ts';
export * from './anchor-book.ts';
export * from './trust-list-update.ts';
