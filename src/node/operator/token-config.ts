// The operator token of `tsunagu serve`: TSUNAGU_OPERATOR_TOKEN when set (checked at start-up), else a fresh one for
// this run, which the command prints once in the console URL.
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { MIN_OPERATOR_TOKEN_LENGTH } from './operator-auth.ts';
import { generateOperatorToken } from './trusted-context.ts';

export type OperatorTokenConfig =
  | { ok: true; token: string; generated: boolean }
  | { ok: false; problem: { code: MessageCode; params: MessageParams } };

export function operatorTokenFromEnv(env: NodeJS.ProcessEnv): OperatorTokenConfig {
  const given = env.TSUNAGU_OPERATOR_TOKEN?.trim();
  if (!given) return { ok: true, token: generateOperatorToken(), generated: true };
  // A token travels in a URL fragment and an HTTP header: anything but visible ASCII would be mangled on the way.
  if (given.length < MIN_OPERATOR_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(given)) {
    return { ok: false, problem: { code: 'OPERATOR_TOKEN_UNSUITABLE', params: { min: MIN_OPERATOR_TOKEN_LENGTH, length: given.length } } };
  }
  return { ok: true, token: given, generated: false };
}
