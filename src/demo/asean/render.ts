// What `npm start -- --scenario asean` prints once the ASEAN demo runs: the participants, the lists naming each, where
// each node and its console answer, and what to try. English only: the scenario's participants work in English.
import { participantRoles } from '../../model/codes.ts';
import { aseanTrustLists } from './scenario.ts';
import type { AseanNode } from './federation.ts';

export function renderAseanBanner(args: { root: string; nodes: readonly AseanNode[] }): string[] {
  const listName = (key: string) => aseanTrustLists.find((l) => l.key === key)!.id;
  const lines = ['', 'ASEAN logistics demo (DELSA) is running. Every node trusts both lists:'];
  for (const l of aseanTrustLists) {
    lines.push(`  ${l.id}: signed by ${l.anchor === 'aha-centre' ? 'the AHA Centre' : 'the Office of Civil Defense'}${l.jurisdictions ? ` (vouches for ${l.jurisdictions.join(', ')} only)` : ''}`);
  }
  lines.push('');
  for (const n of args.nodes) {
    const p = n.participant;
    lines.push(`${p.name.en}`);
    lines.push(`  id ${p.id} · ${participantRoles[p.role].en} · areas ${p.jurisdiction.join(', ')} · listed by ${p.listedBy.map(listName).join(' and ')}`);
    lines.push(`  node    ${n.url}/   (API docs ${n.url}/docs)`);
    lines.push(`  console ${n.consoleUrl}`);
  }
  lines.push(
    '',
    'Try it (docs/demo.md, "ASEAN scenario"):',
    '  1. OCD console → Declarations: typhoon, emergency, area PH08 (sent to every node).',
    '  2. OCD: send examples/asean/request-resource.xml to the AHA Centre, signed (it becomes the Centre\'s requests):',
    `     TSUNAGU_DATA_DIR=${args.root} npx tsunagu --lang en logistics edxl-rm send examples/asean/request-resource.xml --to asean-aha-centre --node ph-ocd --by "OCD operations"`,
    '     AHA Centre console → Logistics: propose a plan, approve by name.',
    '  3. AHA Centre console: commit the dispatch orders, report dispatched, in transit, delivered.',
    '  4. DSWD Field Office VIII console → Logistics: confirm receipt. Both audit logs hold every step.',
    `State (keys, both anchors, databases): ${args.root}. Stop with Ctrl+C.`,
  );
  return lines;
}
