// Node settings from the environment, validated at start-up with messages that say what to fix.
export interface NodeListenConfig {
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type ConfigResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function listenConfigFromEnv(env: NodeJS.ProcessEnv, defaults: { port: number }): ConfigResult<NodeListenConfig> {
  const problems: string[] = [];
  const host = env.TSUNAGU_HOST ?? '127.0.0.1';
  const portText = env.TSUNAGU_PORT ?? String(defaults.port);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`TSUNAGU_PORT=${JSON.stringify(portText)}: 0〜65535 の整数を指定してください / must be an integer from 0 to 65535`);
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as NodeListenConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)}: ${LOG_LEVELS.join(' | ')}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { host, port, logLevel } };
}

/** TSUNAGU_POLICY_DIR: a directory of policy files (*.json); unset means the built-in policies only. */
export function policyDirFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.TSUNAGU_POLICY_DIR?.trim();
  return dir ? dir : undefined;
}

/** The time zone a node's operators read times in when none is configured: Japan's, where Tsunagu began. */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** TSUNAGU_TIME_ZONE: an IANA time zone such as Asia/Manila (what the console shows times in); unset: Asia/Tokyo. */
export function timeZoneFromEnv(env: NodeJS.ProcessEnv): ConfigResult<string> {
  const zone = env.TSUNAGU_TIME_ZONE?.trim();
  if (!zone) return { ok: true, value: DEFAULT_TIME_ZONE };
  return isTimeZone(zone)
    ? { ok: true, value: zone }
    : { ok: false, problems: [`TSUNAGU_TIME_ZONE=${JSON.stringify(zone)}: IANA のタイムゾーン名（例 Asia/Tokyo、Asia/Manila）を指定してください / must be an IANA time zone name such as Asia/Tokyo or Asia/Manila`] };
}

/** Whether the runtime knows this IANA time zone (Intl refuses an unknown one). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
