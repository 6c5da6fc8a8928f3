import fc from 'fast-check';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { langInArgv, oneLanguage, translateCommanderError } from './commander-language.ts';
import { optionHelpJa } from './help-ja.ts';
import { buildProgram } from './main.ts';

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('translateCommanderError', () => {
  it("says commander's errors in Japanese, with its suggestion", () => {
    expect(translateCommanderError("error: unknown option '--bogus'\n(Did you mean --json?)\n", 'ja')).toBe('エラー: 不明なオプション --bogus です\n（--json のことですか？）\n');
    expect(translateCommanderError("error: missing required argument 'kind'\n", 'ja')).toBe('エラー: 引数 kind が必要です\n');
    expect(translateCommanderError("error: required option '--out <file>' not specified\n", 'ja')).toBe('エラー: オプション --out <file> が必要です\n');
    expect(translateCommanderError("error: option '--limit <n>' argument missing\n", 'ja')).toBe('エラー: オプション --limit <n> に値がありません\n');
    expect(translateCommanderError("error: unknown command 'querry'\n(Did you mean query?)\n", 'ja')).toBe('エラー: 不明なコマンド querry です\n（query のことですか？）\n');
    expect(translateCommanderError("error: too many arguments for 'verify'. Expected 1 argument but got 2.\n", 'ja')).toBe('エラー: 引数が多すぎます（verify: 1 個まで、指定は 2 個）\n');
  });

  it('leaves English as commander wrote it, and any text it does not recognise as it is', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('ja' as const, 'en' as const), (text, lang) => {
        const out = translateCommanderError(text, lang);
        if (lang === 'en' || !text.startsWith('error: ')) expect(out).toBe(text);
      }),
    );
  });
});

describe('oneLanguage', () => {
  it('takes the half of a "日本語 / English" description in the language asked, and leaves English with a slash alone', () => {
    expect(oneLanguage('監査ログ / the audit log', 'ja')).toBe('監査ログ');
    expect(oneLanguage('監査ログ / the audit log', 'en')).toBe('the audit log');
    expect(oneLanguage("'all' demo nodes, or node URLs / participants", 'ja')).toBe("'all' demo nodes, or node URLs / participants");
  });
});

describe('langInArgv', () => {
  it('reads --lang before commander parses anything, and stops at --', () => {
    expect(langInArgv(['node', 'tsunagu', '--lang', 'en', 'x'])).toBe('en');
    expect(langInArgv(['node', 'tsunagu', 'audit', '--lang=ja'])).toBe('ja');
    expect(langInArgv(['node', 'tsunagu', '--', '--lang', 'en'])).toBeUndefined();
  });
});

describe('the help of every command', () => {
  const { program } = buildProgram({ out: () => {}, err: () => {}, interactive: false }, {}, []);
  const all: Command[] = [];
  const walk = (c: Command) => (all.push(c), c.commands.forEach(walk));
  walk(program);

  it('has Japanese for every option and argument description, here or in its own "日本語 / English" form', () => {
    const missing: string[] = [];
    for (const c of all) {
      const texts = [...c.options.map((o) => o.description ?? ''), ...c.registeredArguments.map((a) => a.description ?? '')];
      for (const t of texts) if (t !== '' && !CJK.test(t) && optionHelpJa[t] === undefined) missing.push(`${c.name()}: ${t}`);
    }
    expect(missing).toEqual([]);
  });

  it('shows no Japanese in English and no English heading or help line in Japanese, for every command', async () => {
    const { runCli } = await import('../../test/cli/support/run-cli.ts');
    const pathOf = (c: Command): string[] => (c.parent ? [...pathOf(c.parent), c.name()] : []);
    for (const c of all) {
      const en = await runCli(['--lang', 'en', ...pathOf(c), '--help'], {});
      expect(en.out.join('\n'), pathOf(c).join(' ')).not.toMatch(CJK);
      const ja = await runCli(['--lang', 'ja', ...pathOf(c), '--help'], {});
      expect(ja.out.join('\n'), pathOf(c).join(' ')).not.toMatch(/Usage:|Options:|Commands:|Arguments:|display help|default:/);
      // The English half of each subcommand's description is not shown (a one-word half may be a command's name).
      for (const d of c.commands.map((s) => s.description())) {
        const english = d.includes(' / ') ? d.slice(d.indexOf(' / ') + 3) : '';
        if (english.includes(' ')) expect(ja.out.join('\n')).not.toContain(english);
      }
    }
  });
});
