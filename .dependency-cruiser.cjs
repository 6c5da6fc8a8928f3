// Tsunagu's layering (docs/architecture.md), checked on every `npm test` (npm run lint:layers). Dependencies point
// inward: model ← trust, policy, audit ← store ← node, federation ← applications (src/apps, through the application
// interface only) ← cli, demo. A rule broken here is a design change: change docs/architecture.md with it, never
// only this file.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'model-is-the-core',
      comment: 'src/model is the common data model: it imports nothing else of ours.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/(?!model/)' },
    },
    {
      name: 'i18n-is-a-leaf',
      comment: 'Message catalogs are texts: every layer may use them, they use no layer.',
      severity: 'error',
      from: { path: '^src/i18n/' },
      to: { path: '^src/(?!i18n/)' },
    },
    {
      name: 'trust-on-model',
      comment: 'Keys, signatures, trust lists, credentials, declarations: only the model (and the message catalogs).',
      severity: 'error',
      from: { path: '^src/trust/' },
      to: { path: '^src/(?!(trust|model|i18n)/)' },
    },
    {
      name: 'policy-is-pure',
      comment: 'The decision point is data in, decision out: the model and trust types, nothing with I/O.',
      severity: 'error',
      from: { path: '^src/policy/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(?!(policy|model|trust|i18n)/)' },
    },
    {
      name: 'audit-on-model-and-trust',
      comment: 'The hash-chained log: entries of the model, signatures of trust.',
      severity: 'error',
      from: { path: '^src/audit/' },
      to: { path: '^src/(?!(audit|model|trust|i18n)/)' },
    },
    {
      name: 'store-below-node',
      comment: 'Storage knows records, audit entries and trust documents, nothing above it.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(?!(store|model|trust|audit|policy|i18n)/)' },
    },
    {
      name: 'federation-is-the-consumer-side',
      comment: 'The consumer side asks other nodes; it does not reach into the node that serves, nor into applications.',
      severity: 'error',
      from: { path: '^src/federation/' },
      to: { path: '^src/(node|apps|cli|demo|adapters)/' },
    },
    {
      name: 'nothing-below-applications-knows-one',
      comment: 'The node publishes an interface; it never imports an application (src/apps/index.ts is for cli, demo and tests).',
      severity: 'error',
      from: { path: '^src/(model|trust|policy|audit|store|node|federation|adapters|i18n)/' },
      to: { path: '^src/apps/' },
    },
    {
      name: 'applications-use-the-interface-only',
      comment:
        'An application imports the application interface (src/node/application/index.ts), the model, the pure parts of ' +
        'policy and trust, and its own files — no store, node, federation or audit internals, no other application.',
      severity: 'error',
      from: { path: '^src/apps/([^/]+)/', pathNot: ['\\.test\\.ts$', '^src/apps/[^/]+/console/'] },
      to: {
        path: '^src/',
        pathNot: ['^src/apps/$1/', '^src/node/application/index\\.ts$', '^src/model/', '^src/policy/', '^src/trust/'],
      },
    },
    {
      name: 'application-console-pages-use-the-console-kit',
      comment: "An application's console page uses the console's components, API client and i18n, the model, and its own application's pure types.",
      severity: 'error',
      from: { path: '^src/apps/([^/]+)/console/' },
      to: {
        path: '^(src|web)/',
        pathNot: ['^src/apps/$1/(console/|types\\.ts$)', '^src/model/', '^web/src/(api|state|polygon)\\.tsx?$', '^web/src/(components|i18n)/'],
      },
    },
    {
      name: 'the-console-speaks-to-its-node-over-http',
      comment:
        'The console runs in the browser: it imports the pure model, the operator API\'s answer schemas, application console ' +
        'pages and their pure types, never server code.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: ['^src/model/', '^src/node/operator/(api|declaration-request)-schemas\\.ts$', '^src/apps/[^/]+/console/', '^src/apps/[^/]+/types\\.ts$'] },
    },
    {
      name: 'adapters-below-the-node',
      comment: 'Importers turn files into records; they do not serve, ask peers or know applications.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(node|federation|apps|cli|demo)/' },
    },
    {
      name: 'scenario-is-a-generator',
      comment: 'The synthetic population and scenario generator make records of the model; the demo, the CLI and benchmarks use it.',
      severity: 'error',
      from: { path: '^src/scenario/' },
      to: { path: '^src/(node|federation|apps|cli|demo)/' },
    },
    {
      name: 'cli-and-demo-on-top',
      comment: 'Nothing in src imports the command line or the demo (the demo may be started by the CLI).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/demo/', '\\.test\\.ts$'] },
      to: { path: '^src/(cli|demo)/' },
    },
    {
      name: 'no-test-code-in-the-product',
      comment: 'Product code never imports tests or their fixtures.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '/test-fixtures\\.ts$', '/test-support\\.ts$'] },
      to: { path: '(^test/|\\.test\\.ts$|/test-fixtures\\.ts$|/test-support\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.tsunagu|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
