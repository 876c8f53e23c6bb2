/**
 * The dependency direction (issue 11), which also decides what lands in each Lambda bundle:
 *
 *   functions/**                      the edge: one module per route, consumer, queue, job and page
 *     → shared/http, shared/web       the HTTP and web edge: parse, authorise, answer; the web edge (and the
 *                                     link pages of shared/http) render templates: they are the only
 *                                     shared modules that may import templates/
 *       → shared/services, shared/{events,queue,mail,pdf,signing,identity}
 *                                     use cases and their adapters; given tables (routes, consumers,
 *                                     queues) and renderers (e-mail templates) by the edge, never importing them
 *         → shared/domain             pure rules and types: no I/O, no SDK, nothing above it
 *         → shared/data               DynamoDB and S3 access → the AWS SDK
 *   shared/*.ts, shared/schemas/**    the kernel (config, errors, logger, roles, zod schemas): anyone may
 *                                     import it, it imports nothing above it
 *   templates/**                      HTML and e-mail rendering: imports only domain types (`import type`
 *                                     from shared/domain), itself and shared/format; the values a page lists
 *                                     (states, roles…) come as label tables typed by the domain's types
 *                                     (templates/labels.ts), everything else is passed in by the web edge
 *   shared/format/**                  the Vietnamese date formats and the invisible-character filter that
 *                                     the domain's texts and the templates both print with: pure, beneath
 *                                     every layer, importing nothing of the app (templates may import its values)
 *
 * `test/unit/dependency-direction.test.ts` cruises functions/, shared/ and templates/ with these rules and
 * fails on any violation (`npx depcruise functions shared templates` shows the same).
 */
const ABOVE_DOMAIN = '^shared/(data|services|http|web|events|queue|mail|pdf|signing|identity)/';
const SERVICES = '^shared/(services|events|queue|mail|pdf|signing|identity)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes every module of it load (and bundle) the others, and hides which one is the lower layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-not-to-functions',
      severity: 'error',
      comment: 'functions/ is the edge: shared code is given the route, consumer and queue tables by it, never imports them.',
      from: { path: '^shared/' },
      to: { path: '^functions/' },
    },
    {
      name: 'templates-not-to-functions',
      severity: 'error',
      from: { path: '^templates/' },
      to: { path: '^functions/' },
    },
    {
      name: 'only-the-web-edge-renders',
      severity: 'error',
      comment: 'Only the HTTP and web edge (shared/http, shared/web) and functions/ render templates; services get renderers passed in.',
      from: { path: '^shared/', pathNot: '^shared/(http|web)/' },
      to: { path: '^templates/' },
    },
    {
      name: 'services-not-to-the-edge',
      severity: 'error',
      comment: 'Services, adapters, domain, data and the kernel never import the HTTP or web edge.',
      from: { path: '^shared/', pathNot: '^shared/(http|web)/' },
      to: { path: '^shared/(http|web)/' },
    },
    {
      name: 'data-not-to-services',
      severity: 'error',
      comment: 'Data access sits below the services and their adapters.',
      from: { path: '^shared/data/' },
      to: { path: SERVICES },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain holds rules and types: no data access, services, adapters or edge, and no SDK.',
      from: { path: '^shared/domain/' },
      to: { path: [ABOVE_DOMAIN, '^@aws-sdk/', 'node_modules/@aws-sdk/'] },
    },
    {
      name: 'kernel-imports-nothing-above',
      severity: 'error',
      comment: 'Config, errors, logger, roles and schemas are imported by every layer, so they import none above the domain.',
      from: { path: ['^shared/[^/]+\\.ts$', '^shared/schemas/'] },
      to: { path: ABOVE_DOMAIN },
    },
    {
      name: 'format-imports-nothing',
      severity: 'error',
      comment: 'shared/format is beneath every layer: the domain and the templates both import it, so it imports nothing of the app.',
      from: { path: '^shared/format/' },
      to: { path: '^(functions|shared|templates|infra)/', pathNot: '^shared/format/' },
    },
    {
      name: 'templates-import-only-domain-types',
      severity: 'error',
      comment: 'Templates render what they are given: types from shared/domain and the pure formats of shared/format, nothing that loads data or runs rules.',
      from: { path: '^templates/' },
      to: { path: '^shared/', pathNot: '^shared/(domain|format)/' },
    },
    {
      name: 'templates-import-domain-types-only',
      severity: 'error',
      from: { path: '^templates/' },
      to: { path: '^shared/domain/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test|infra|\\.scratch)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    skipAnalysisNotInRules: true,
  },
};
