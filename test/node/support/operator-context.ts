// The operator context a test node gets: one of the test trust identities, asking the given peers, with the
// declarations its book holds and participant names from the test trust list.
import type { AuditLog } from '../../../src/audit/index.ts';
import { createFederationClient } from '../../../src/federation/client.ts';
import type { NodeTarget } from '../../../src/federation/discovery.ts';
import type { OperatorContext } from '../../../src/node/operator/context.ts';
import type { DeclarationBook } from '../../../src/node/routes/declarations.ts';
import type { Store } from '../../../src/store/types.ts';
import type { TestParticipantName, TestTrust } from '../../../src/trust/test-fixtures.ts';

export function testOperatorContext(trust: TestTrust, name: TestParticipantName, parts: { store: Store; log: AuditLog; book: DeclarationBook; peers: NodeTarget[] }): OperatorContext {
  const party = trust.participants[name];
  return {
    participantId: party.id,
    name: { ja: party.name.ja!, en: party.name.en! },
    store: parts.store,
    auditLog: parts.log,
    client: createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry }),
    peers: () => parts.peers,
    declarations: () => parts.book.active(new Date()),
    now: () => new Date(),
    participantName: (pid) => {
      const p = trust.registry.participants.get(pid)?.entry.participant;
      return p ? { ja: p.name.ja ?? pid, en: p.name.en ?? pid } : undefined;
    },
  };
}
