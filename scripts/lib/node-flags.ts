/**
 * How `node` starts each service, here and in the benchmarks that must start them the same way (the
 * Dockerfile's commands say the same; scripts/deployment-files.test.ts holds them to it).
 */

/** Every service: TypeScript, and OpenTelemetry started before its modules load (off unless configured). */
export const NODE_IMPORTS = ['--import', 'tsx', '--import', '@switchboard/telemetry/register'];

/**
 * The API's young generation: semi-spaces of 32 MB instead of V8's 16. A request's objects die young, but
 * with dozens in flight the smaller space filled between their start and end, so each scavenge copied the
 * live requests' objects again: 13% less CPU per request under load, the same with 64 MB
 * (docs/performance.md "API throughput"). The young generation may then grow to 96 MB instead of 48.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=32'];
