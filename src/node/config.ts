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
