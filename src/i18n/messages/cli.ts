// Messages of the command line itself: commander's own errors and the words of its help, in the reader's language.
import type { MessageCatalog } from '../catalog.ts';

export const cliMessages = {
  CLI_UNKNOWN_OPTION: {
    ja: 'エラー: 不明なオプション {{option}} です',
    en: "error: unknown option '{{option}}'",
  },
  CLI_UNKNOWN_COMMAND: {
    ja: 'エラー: 不明なコマンド {{command}} です',
    en: "error: unknown command '{{command}}'",
  },
  CLI_DID_YOU_MEAN: {
    ja: '（{{candidates}} のことですか？）',
    en: '(Did you mean {{candidates}}?)',
  },
  CLI_MISSING_ARGUMENT: {
    ja: 'エラー: 引数 {{argument}} が必要です',
    en: "error: missing required argument '{{argument}}'",
  },
  CLI_OPTION_ARGUMENT_MISSING: {
    ja: 'エラー: オプション {{option}} に値がありません',
    en: "error: option '{{option}}' argument missing",
  },
  CLI_REQUIRED_OPTION: {
    ja: 'エラー: オプション {{option}} が必要です',
    en: "error: required option '{{option}}' not specified",
  },
  CLI_TOO_MANY_ARGUMENTS: {
    ja: 'エラー: 引数が多すぎます{{detail}}',
    en: 'error: too many arguments{{detail}}',
  },
  CLI_INVALID_OPTION_VALUE: {
    ja: 'エラー: オプション {{option}} の値 {{value}} は使えません',
    en: "error: option '{{option}}' argument '{{value}}' is invalid.",
  },
  CLI_NODE_NOT_RUNNING: {
    ja: 'ノード {{node}} が稼働中の記録（{{file}}）がありません。デモを起動する（npm start）か、URL と TSUNAGU_OPERATOR_TOKEN を指定してください',
    en: 'No record of a running node {{node}} ({{file}}). Start the demo (npm start), or give a URL and TSUNAGU_OPERATOR_TOKEN',
  },
  CLI_NODE_UNREACHABLE: {
    ja: 'ノード {{url}} に接続できません（{{detail}}）。ノードが稼働しているか確かめてください',
    en: 'The node at {{url}} cannot be reached ({{detail}}). Check that it is running',
  },
  CLI_NODE_REFUSED: {
    ja: 'ノード {{url}} が拒否しました（HTTP {{status}}）: {{detail}}',
    en: 'The node at {{url}} refused (HTTP {{status}}): {{detail}}',
  },
  CLI_HELP_USAGE: { ja: '使い方:', en: 'Usage:' },
  CLI_HELP_OPTIONS: { ja: 'オプション:', en: 'Options:' },
  CLI_HELP_COMMANDS: { ja: 'コマンド:', en: 'Commands:' },
  CLI_HELP_ARGUMENTS: { ja: '引数:', en: 'Arguments:' },
  CLI_HELP_GLOBAL_OPTIONS: { ja: '全体のオプション:', en: 'Global Options:' },
  CLI_HELP_HELP: { ja: 'このコマンドの使い方を表示', en: 'display help for command' },
  CLI_HELP_DEFAULT: { ja: '既定: {{value}}', en: 'default: {{value}}' },
  CLI_HELP_CHOICES: { ja: '選択肢: {{value}}', en: 'choices: {{value}}' },
} as const satisfies MessageCatalog;
