// The terms that travel with every released answer: the decision that let it out and the duties on every copy.
// A wire contract shared by the node (which writes it) and the federation client (which stores copies under it).
import { Type, type Static } from '@sinclair/typebox';

export const AccessTermsSchema = Type.Object(
  {
    requestId: Type.String({ description: "this read's id in the provider's audit log" }),
    decision: Type.Literal('allow'),
    policy: Type.Optional(Type.Object({ id: Type.String(), version: Type.Integer() }, { description: 'the policy whose permit matched' })),
    purpose: Type.String(),
    purposeStated: Type.Boolean({ description: 'false when the node assumed the purpose of an unauthenticated read' }),
    retention: Type.String({ description: 'ISO 8601 duration a copy may be kept' }),
    onwardSharing: Type.Boolean({ description: 'whether a copy may be passed on' }),
    grantedFields: Type.Array(Type.String()),
    maskedFields: Type.Array(Type.String({ description: 'asked for (or existing) but not granted: left out of every record' })),
    reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { description: 'the policy decision that let this answer out, and the duties that travel with every copy' },
);
export type AccessTerms = Static<typeof AccessTermsSchema>;
