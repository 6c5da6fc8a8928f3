// The nodes an operator's node may ask, as the console shows them: with their names from the trust list and in a form
// the federation client takes.
import type { Label } from '../../model/index.ts';
import type { FederationTarget } from '../../federation/client.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import type { OperatorContext } from './context.ts';

export interface PeerView {
  participantId: string;
  name: { ja: string; en: string };
  role: string;
  nodeUrl: string;
}

/** A participant's name, or its id in both languages when the trust list gives none. */
export function nameOf(context: OperatorContext, participantId: string): { ja: string; en: string } {
  if (participantId === context.participantId) return context.name;
  return knownNameOf(context, participantId) ?? { ja: participantId, en: participantId };
}

/** The name the trust list gives; undefined when it gives none. */
export function knownNameOf(context: OperatorContext, participantId: string): { ja: string; en: string } | undefined {
  if (participantId === context.participantId) return context.name;
  return context.participantName?.(participantId);
}

export function peerViews(context: OperatorContext): PeerView[] {
  return context.peers().map((p) => ({ participantId: p.participantId, name: nameOf(context, p.participantId), role: p.role, nodeUrl: p.nodeUrl }));
}

/** Names by participant id, for rendering reasons that name participants. */
export function participantNames(context: OperatorContext): Record<string, Label> {
  const names: Record<string, Label> = { [context.participantId]: context.name };
  for (const p of context.peers()) names[p.participantId] = nameOf(context, p.participantId);
  return names;
}

export function targetOf(peer: Pick<NodeTarget, 'participantId' | 'nodeUrl'>): FederationTarget {
  return { participantId: peer.participantId, url: peer.nodeUrl };
}

/** The peers other than the node itself: the node answers for itself from its own store. */
export function otherPeers(context: OperatorContext): NodeTarget[] {
  return context.peers().filter((p) => p.participantId !== context.participantId);
}
