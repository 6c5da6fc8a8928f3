// Starts one demo node's process (src/demo/node-process.ts) the way bin/tsunagu.mjs starts the CLI: the heavy
// packages through Node's own loader first, then tsx for the TypeScript sources.
import '../../bin/native-preload.mjs';
import { register } from 'tsx/esm/api';

register();
await import('./node-process.ts');
