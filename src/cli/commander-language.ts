// Commander's own words in the reader's language. Its errors (unknown option, missing argument, …) come in fixed
// English forms, recognised here and said again from the message catalog; its help shows one language: the section
// titles, and of each description written "日本語 / English" the half in the chosen language (option descriptions
// written in English only take their Japanese from help-ja.ts).
import { Help, type Argument, type Command, type Option } from 'commander';
import { message, type Lang, type MessageCode } from '../i18n/index.ts';
import { parseLang } from '../i18n/index.ts';
import { optionHelpJa } from './help-ja.ts';

/** `--lang x` or `--lang=x` as written on the command line, before commander has parsed anything. */
export function langInArgv(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') return parseLang(argv[i + 1]);
    if (a.startsWith('--lang=')) return parseLang(a.slice('--lang='.length));
  }
  return undefined;
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/** Of a description written "日本語 / English", the half in `lang`; any other description as it is. */
export function oneLanguage(description: string, lang: Lang): string {
  const i = description.indexOf(' / ');
  if (i < 0) return description;
  const [ja, en] = [description.slice(0, i), description.slice(i + 3)];
  if (!CJK.test(ja) || CJK.test(en)) return description;
  return lang === 'ja' ? ja : en;
}

/** "--x" or "--x, --y" from commander's "(Did you mean …?)" line. */
function suggestion(text: string | undefined, lang: Lang): string {
  if (!text) return '';
  const m = /\(Did you mean (?:one of )?(.+)\?\)/.exec(text);
  return m ? `\n${message('CLI_DID_YOU_MEAN', { candidates: m[1]! }, lang)}` : '';
}

/** Commander's error text in `lang` (English: as commander wrote it). Text of another form is left as it is. */
export function translateCommanderError(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  const say = (code: MessageCode, params: Record<string, string>) => message(code, params, lang);
  const [first = '', ...rest] = text.replace(/\n$/, '').split('\n');
  const tail = rest.join('\n');
  let m: RegExpExecArray | null;
  let out: string | undefined;
  if ((m = /^error: unknown option '(.+)'$/.exec(first))) out = say('CLI_UNKNOWN_OPTION', { option: m[1]! }) + suggestion(tail, lang);
  else if ((m = /^error: unknown command '(.+)'$/.exec(first))) out = say('CLI_UNKNOWN_COMMAND', { command: m[1]! }) + suggestion(tail, lang);
  else if ((m = /^error: missing required argument '(.+)'$/.exec(first))) out = say('CLI_MISSING_ARGUMENT', { argument: m[1]! });
  else if ((m = /^error: option '(.+)' argument missing$/.exec(first))) out = say('CLI_OPTION_ARGUMENT_MISSING', { option: m[1]! });
  else if ((m = /^error: required option '(.+)' not specified$/.exec(first))) out = say('CLI_REQUIRED_OPTION', { option: m[1]! });
  else if ((m = /^error: option '(.+)' argument '(.*)' is invalid\.(.*)$/.exec(first))) out = say('CLI_INVALID_OPTION_VALUE', { option: m[1]!, value: m[2]! }) + (m[3] ?? '');
  else if ((m = /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(first))) {
    out = say('CLI_TOO_MANY_ARGUMENTS', { detail: `（${m[1] ? `${m[1]}: ` : ''}${m[2]} 個まで、指定は ${m[3]} 個）` });
  } else if (first === 'error: too many arguments') out = say('CLI_TOO_MANY_ARGUMENTS', { detail: '' });
  return out === undefined ? text : `${out}\n`;
}

const TITLES: Record<string, MessageCode> = {
  'Usage:': 'CLI_HELP_USAGE',
  'Options:': 'CLI_HELP_OPTIONS',
  'Commands:': 'CLI_HELP_COMMANDS',
  'Arguments:': 'CLI_HELP_ARGUMENTS',
  'Global Options:': 'CLI_HELP_GLOBAL_OPTIONS',
};

/** An option's or argument's text in `lang`, with its choices and default as commander would add them. */
function describe(text: string, choices: readonly string[] | undefined, shownDefault: string | undefined, lang: Lang): string {
  const own = lang === 'ja' ? (optionHelpJa[text] ?? oneLanguage(text, lang)) : oneLanguage(text, lang);
  const extra = [
    ...(choices ? [message('CLI_HELP_CHOICES', { value: choices.map((c) => JSON.stringify(c)).join(', ') }, lang)] : []),
    ...(shownDefault !== undefined ? [message('CLI_HELP_DEFAULT', { value: shownDefault }, lang)] : []),
  ];
  if (extra.length === 0) return own;
  return lang === 'ja' ? `${own}（${extra.join('、')}）` : `${own} (${extra.join(', ')})`;
}

function optionDefault(o: Option): string | undefined {
  if (o.defaultValue === undefined) return undefined;
  const shown = o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === 'boolean');
  return shown ? o.defaultValueDescription || JSON.stringify(o.defaultValue) : undefined;
}

/**
 * Set before any command is registered (subcommands inherit it): help in `lang()` only, commander's errors in
 * `lang()`, through `write` (the CLI's stderr).
 */
export function speakLanguage(program: Command, lang: () => Lang): void {
  const base = new Help();
  program.configureHelp({
    styleTitle: (title: string) => (Object.hasOwn(TITLES, title) ? message(TITLES[title]!, {}, lang()) : title),
    commandDescription: (cmd: Command) => oneLanguage(base.commandDescription(cmd), lang()),
    subcommandDescription: (cmd: Command) => oneLanguage(base.subcommandDescription(cmd), lang()),
    optionDescription: (o: Option) => describe(o.description ?? '', o.argChoices, optionDefault(o), lang()),
    argumentDescription: (a: Argument) =>
      describe(a.description ?? '', a.argChoices, a.defaultValue !== undefined ? a.defaultValueDescription || JSON.stringify(a.defaultValue) : undefined, lang()),
  });
  program.configureOutput({ outputError: (text, write) => write(translateCommanderError(text, lang())) });
  program.helpOption('-h, --help', message('CLI_HELP_HELP', {}, lang()));
  program.helpCommand('help [command]', message('CLI_HELP_HELP', {}, lang()));
}
