import { describe, expect, it } from 'vitest';
import { BANNER_WIDTH, displayWidth, renderConsoleLines, renderDemoBanner } from './render.ts';
import type { DemoNode } from './federation.ts';
import { demoParticipants } from './scenario.ts';

const nodes: DemoNode[] = demoParticipants.map((participant, i) => ({
  participant,
  url: `http://127.0.0.1:${8700 + i}`,
  port: 8700 + i,
  summary: { shelters: 0, persons: 0 },
  operatorToken: `token-${participant.key}-0123456789abcdef`,
  consoleUrl: `http://127.0.0.1:${8700 + i}/console/#token=token-${participant.key}-0123456789abcdef`,
}));

describe('console lines of the demo banner', () => {
  it("prints every node's console URL, Nanao City's first as the municipal officer's console", () => {
    for (const lang of ['ja', 'en'] as const) {
      const lines = renderConsoleLines(nodes, lang);
      expect(lines).toHaveLength(2 + 2 * nodes.length);
      expect(lines[3]).toContain(nodes.find((n) => n.participant.key === 'nanao')!.consoleUrl);
      for (const n of nodes) expect(lines.join('\n')).toContain(n.consoleUrl);
    }
    expect(renderConsoleLines(nodes, 'ja')[2]).toContain('七尾市の職員用コンソール');
    expect(renderConsoleLines(nodes, 'en')[2]).toContain("The municipal officer's console (Nanao City)");
  });

  it('fits every line in 100 columns and names the nodes\' real URLs, never a `<URL>` stand-in', () => {
    for (const lang of ['ja', 'en'] as const) {
      const banner = renderDemoBanner({ root: '/tmp/demo', nodes, lang });
      expect(banner.filter((l) => displayWidth(l) > BANNER_WIDTH)).toEqual([]);
      expect(banner.join('\n')).not.toContain('<URL>');
      expect(banner.join('\n')).toContain('http://127.0.0.1:8702/docs');
      for (const n of nodes) expect(banner.join('\n')).toContain(n.participant.id);
    }
  });

  it('is part of the banner printed after start-up', () => {
    const banner = renderDemoBanner({ root: '/tmp/demo', nodes, lang: 'en' }).join('\n');
    expect(banner).toContain("The municipal officer's console (Nanao City)");
  });
});
