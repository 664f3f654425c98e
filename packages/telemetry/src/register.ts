/**
 * Starts telemetry before the process's own modules load: `node --import tsx --import
 * @switchboard/telemetry/register <entry>`. (An import at the top of the entry file is too late: ES modules'
 * imports are all loaded before its first line runs, and pino and http must be patched as they load.)
 * Off (no OTLP endpoint, or OTEL_SDK_DISABLED=true) it loads nothing else and returns at once.
 */
import { isTelemetryConfigured, startTelemetry } from './start-telemetry.ts';

/** service.name by entry file, unless OTEL_SERVICE_NAME names it. LiveKit's job processes are the voice worker's. */
const SERVICES: [RegExp, string][] = [
  [/apps\/api\//, 'switchboard-api'],
  [/apps\/web\//, 'switchboard-web'],
  [/apps\/worker\/src\/jobs\.ts$/, 'switchboard-jobs'],
  [/apps\/worker\/|@livekit\/agents\//, 'switchboard-worker'],
];

/** Services that make their requests' server spans themselves (server-telemetry.ts), not instrumentation-http. */
const OWN_SERVER_SPANS = new Set(['switchboard-api']);

export function serviceNameOf(entry: string | undefined): string {
  const path = (entry ?? '').replaceAll('\\', '/');
  return SERVICES.find(([pattern]) => pattern.test(path))?.[1] ?? 'switchboard';
}

if (isTelemetryConfigured()) {
  const serviceName = serviceNameOf(process.argv[1]);
  await startTelemetry({ serviceName, incomingHttpSpans: !OWN_SERVER_SPANS.has(serviceName) });
}
