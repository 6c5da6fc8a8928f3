// Open the store configured in the environment, or explain in the reader's language why the configuration is wrong.
import { message } from '../i18n/index.ts';
import { openStore } from '../store/open-store.ts';
import { storeConfigFromEnv } from '../store/config.ts';
import type { Store } from '../store/types.ts';
import type { CliContext } from './context.ts';

export class CliConfigError extends Error {}

export async function openStoreFromEnv(ctx: CliContext): Promise<Store> {
  const config = storeConfigFromEnv(ctx.env);
  if (!config.ok) throw new CliConfigError(message(config.problem.code, config.problem.params, ctx.lang));
  return openStore(config.config);
}
