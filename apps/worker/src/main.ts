import { fileURLToPath } from 'node:url';
import { cli, ServerOptions } from '@livekit/agents';
import { parseDispatch } from './livekit/call-metadata.ts';
import { loadWorkerEnv, missingWorkerSettings } from './worker-env.ts';

const env = loadWorkerEnv(process.env);
const missing = missingWorkerSettings(env);
if (missing.length > 0) {
  console.error(`The voice worker cannot start: set ${missing.join(', ')}`);
  process.exit(1);
}

cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(new URL('./entry.ts', import.meta.url)),
    // A name means explicit dispatch only: the API dispatches each call with its metadata.
    agentName: env.LIVEKIT_AGENT_NAME,
    wsURL: env.LIVEKIT_URL ?? '',
    apiKey: env.LIVEKIT_API_KEY,
    apiSecret: env.LIVEKIT_API_SECRET,
    logLevel: env.LOG_LEVEL,
    // SIGTERM (a deploy) drains: LiveKit sends new calls to other workers while running ones finish, up to
    // this limit; the jobs still running are then shut down and record `worker_shutdown` (entry.ts).
    drainTimeout: env.WORKER_DRAIN_TIMEOUT_SECONDS * 1000,
    // A dispatch that is not one of our calls (web, outbound or inbound phone) never takes a process.
    requestFunc: async (request) => {
      if (parseDispatch(request.job.metadata)) await request.accept();
      else await request.reject();
    },
  }),
);
