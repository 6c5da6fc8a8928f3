// `tsunagu keys generate|show`: the node's Ed25519 key pair (the private seed never leaves the key file).
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { readKeyFile } from '../trust/key-file.ts';
import type { CliContext } from './context.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeKeyPath, nodeSigner } from './node-key.ts';

export function registerKeysCommand(program: Command, ctxFor: () => CliContext): void {
  const keys = program.command('keys').description('ノードの署名鍵 / the node\'s signing key');
  keys
    .command('generate')
    .description('鍵を作成（既にあれば何もしない） / create the key (keeps an existing one)')
    .action(async () => {
      const ctx = ctxFor();
      const signer = await nodeSigner(ctx, nodeIdentityFromEnv(ctx.env).participantId, { create: true });
      ctx.io.out(`${nodeKeyPath(ctx.env)}\nkid: ${signer.kid}\npublicKey: ${signer.publicKey}`);
    });
  keys
    .command('show')
    .description('公開鍵を表示 / print the public key')
    .action(async () => {
      const ctx = ctxFor();
      const r = await readKeyFile(nodeKeyPath(ctx.env));
      if (!r.ok) {
        ctx.io.err(message(r.problem.code, r.problem.params, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      ctx.io.out(`kid: ${r.value.kid}\npublicKey: ${r.value.publicKey}`);
    });
}
