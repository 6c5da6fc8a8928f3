// Loads the largest third-party packages with Node's own loader before tsx registers its hooks. Through tsx's loader
// libxml2-wasm alone (one 960 KB line of JavaScript around its WebAssembly) added about 140 MB to every process; loaded
// first, a later `import` from TypeScript gets the same module from Node's cache. Measured in BENCHMARKS.md (demo
// start-up and memory): a demo node process went from about 300 MB to 150 MB before its database.
await Promise.all([import('libxml2-wasm'), import('@electric-sql/pglite'), import('highs'), import('fastify')]);
