// `tsunagu start` refuses a setting it cannot use before it starts anything, in the reader's language.
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

describe('tsunagu start', () => {
  it('refuses an unknown way to run the node processes, saying which values it takes, and starts nothing', async () => {
    const en = await runCli(['--lang', 'en', 'start'], { TSUNAGU_DEMO_NODE_ENTRY: 'docker', TSUNAGU_DATA_DIR: '/nonexistent/never-created' });
    expect(en.code).toBe(2);
    expect(en.err.join('\n')).toContain('TSUNAGU_DEMO_NODE_ENTRY cannot be "docker". Use bundle (the default) or tsx');
    expect(en.out).toEqual([]);
    const ja = await runCli(['--lang', 'ja', 'start', '--scenario', 'asean'], { TSUNAGU_DEMO_NODE_ENTRY: 'docker' });
    expect(ja.code).toBe(2);
    expect(ja.err.join('\n')).toContain('TSUNAGU_DEMO_NODE_ENTRY の値「docker」は使えません');
  });
});
