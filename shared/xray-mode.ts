/**
 * Imported by shared/tracer.ts before the X-Ray SDK, which on load installs an async hook (cls-hooked)
 * that tracks every promise of the process, traced or not. Where nothing is traced (outside Lambda, as
 * on the local stack, or with POWERTOOLS_TRACE_ENABLED=false) the SDK is put in manual mode first, so
 * it installs none: on the local stack the hook cost about 1.7 ms of CPU an acknowledgment (profile of
 * `BENCH_PROFILE=… npm run bench -- acknowledge`), with the garbage its destroy tracking leaves.
 */
if (!process.env['AWS_LAMBDA_FUNCTION_NAME'] || process.env['POWERTOOLS_TRACE_ENABLED'] === 'false') {
  process.env['AWS_XRAY_MANUAL_MODE'] ??= 'true';
}
export {};
