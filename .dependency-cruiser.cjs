/** The house rules of the layout (DESIGN §2), checked in CI. */
module.exports = {
  forbidden: [
    {
      name: 'platform-knows-no-module',
      comment: 'src/platform is shared by every module, so it must not depend on any of them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'domain-is-pure',
      comment:
        "domain/ (a module's, or a sub-capability's such as ehc/caseload/domain/) holds pure logic: no database, HTTP, templates, file system or network.",
      severity: 'error',
      from: { path: '^src/modules/.+/domain/' },
      to: {
        path: [
          '^src/platform/(db|http)/',
          '^src/modules/.+/(repo|service|routes|api|pages)\\.ts$',
          '(^|/)node_modules/(kysely|pg|fastify|@fastify|@electric-sql|nunjucks)/',
        ],
      },
    },
    {
      name: 'domain-no-io-builtins',
      severity: 'error',
      from: { path: '^src/modules/.+/domain/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|child_process|dgram|tls)$' },
    },
    {
      name: 'modules-meet-at-index',
      comment: 'A module may use another only through its index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'app-uses-module-index',
      severity: 'error',
      from: { path: '^src/(modules/)?[^/]+\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
