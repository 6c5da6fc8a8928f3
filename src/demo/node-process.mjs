// Starts one demo node's process (src/demo/node-process.ts) through tsx, when its bundle cannot be built or
// TSUNAGU_DEMO_NODE_ENTRY=tsx asks for it (process-launcher.ts): the heavy packages through Node's own loader first,
// then tsx for the TypeScript sources, as bin/tsunagu.mjs runs the CLI's other commands.
import '../../bin/native-preload.mjs';
import { register } from 'tsx/esm/api';

register();
await import('./node-process.ts');
