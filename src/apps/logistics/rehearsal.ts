// A transaction rehearsed: its steps run against the application's real tables and are rolled back, so a preview says
// what the very same steps would do now while nothing is kept (rows or outbox messages).
import type { ApplicationDatabase, ApplicationTransaction } from '../../node/application/index.ts';

export async function rehearse<T>(db: ApplicationDatabase, steps: (tx: ApplicationTransaction) => Promise<T>): Promise<T> {
  // Thrown to roll the transaction back; anything else thrown is a real failure and goes on.
  const rollback = new Error('rehearsal only');
  let done: { value: T } | undefined;
  await db
    .transaction(async (tx) => {
      done = { value: await steps(tx) };
      throw rollback;
    })
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return done!.value;
}
