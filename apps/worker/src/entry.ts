import { setTimeout as delay } from 'node:timers/promises';
import { defineAgent, type JobContext, log } from '@livekit/agents';
import { checkModelDestination } from '@switchboard/core/agents/check-model-destination';
import { callRateOf } from '@switchboard/core/billing/call-rate';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import type { RuntimeDeps } from '@switchboard/core/runtime/runtime-deps';
import { createDatabase, databaseTimeoutsOf } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { parseCallMetadata } from './livekit/call-metadata.ts';
import { callerNumberOf, type LiveKitCredentials, phoneLineOf } from './livekit/caller.ts';
import { deleteRoom } from './livekit/delete-room.ts';
import { onWorkerShutdown } from './livekit/worker-shutdown.ts';
import { buildAgent } from './runtime/build-agent.ts';
import { createCallControl } from './runtime/call-control.ts';
import { type CallSession, createCallSession, type EndReason } from './runtime/call-session.ts';
import { createModel } from './runtime/create-model.ts';
import { loadWorkerEnv, workerSecretBox } from './worker-env.ts';

/** How long the job waits, when it is shut down from outside, for the call to be finalized. */
const FINALIZE_WAIT_MS = 20_000;

/** One call: the job's dispatch metadata names it; everything the agent does is in ./runtime. */
export default defineAgent({
  entry: async (ctx: JobContext) => {
    const logger = log().child({ jobId: ctx.job.id });
    const metadata = parseCallMetadata(ctx.job.metadata);
    if (!metadata) {
      // The request filter rejects these; this guards dispatches that bypassed it.
      logger.error('the job metadata does not describe a call; ending the job');
      ctx.shutdown('invalid_metadata');
      return;
    }
    const env = loadWorkerEnv(process.env);
    const credentials: LiveKitCredentials = {
      url: env.LIVEKIT_URL ?? '',
      apiKey: env.LIVEKIT_API_KEY ?? '',
      apiSecret: env.LIVEKIT_API_SECRET ?? '',
    };
    const workerDb = createDatabase({
      url: env.DATABASE_WORKER_URL ?? '',
      maxConnections: 2,
      applicationName: 'switchboard-worker',
      // A lost connection is logged, not thrown: the call goes on, and its next write reconnects.
      timeouts: databaseTimeoutsOf(env),
      logger: { warn: (message) => logger.warn(message) },
    });
    // HTTP tools and the agent's own chat server are the tenant's choice: every request to them goes through it.
    const egress = createEgressGuard({ allow: env.EGRESS_ALLOW });
    const deps: RuntimeDeps = {
      workerDb,
      egress,
      secretBox: workerSecretBox(env),
      google:
        env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
          ? { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }
          : undefined,
      logger: { warn: (message) => logger.warn(message) },
    };
    const onError = (error: unknown, what: string) => logger.warn({ error }, `could not ${what}`);
    // Writes are queued off the conversation's path; one given up on is logged here.
    const recorder = createCallRecorder(
      workerDb,
      { organizationId: metadata.organizationId, callId: metadata.callId },
      { onError },
    );
    // The dispatch names the room; the Room object only knows its name once connected.
    const roomName = ctx.job.room?.name || ctx.room.name || '';

    let call: CallSession | undefined;
    // The worker is stopping (deploy) and its drain limit has passed with this call still running: record
    // that, rather than the room closing, as why it ended.
    let workerStopped = false;
    const stopListening = onWorkerShutdown(() => {
      workerStopped = true;
      logger.warn({ callId: metadata.callId }, 'the worker is stopping; ending the call');
      call?.end('worker_shutdown');
    });
    // Runs last (after the session closed and the room disconnected), also when the job is stopped.
    ctx.addShutdownCallback(async () => {
      stopListening();
      if (call) {
        call.end(workerStopped ? 'worker_shutdown' : 'room_closed');
        await Promise.race([call.ended, delay(FINALIZE_WAIT_MS, undefined, { ref: false })]);
      }
      await deleteRoom(credentials, roomName).catch((error: unknown) => onError(error, 'delete the room'));
      await Promise.all([workerDb.destroy(), egress.close()]);
    });

    // Ends a call that never got a session, recording why.
    const abandon = async (endReason: EndReason, error: unknown) => {
      logger.error({ error, callId: metadata.callId }, `the call could not run (${endReason})`);
      await recorder
        .finalize({ endReason, durationSeconds: 0, usage: null })
        .catch((finalizeError: unknown) => onError(finalizeError, 'finalize the call'));
      ctx.shutdown(endReason);
    };

    // A call runs once. A replayed token recreates the room and dispatches the agent again: that job finds
    // the call claimed (or ended) and ends the room, leaving the record of the call that ran untouched.
    try {
      if (!(await recorder.claim(`${ctx.workerId}/${ctx.job.id}`))) {
        logger.warn({ callId: metadata.callId, roomName }, 'the call already ran or ended; ending this room');
        ctx.shutdown('call_already_claimed');
        return;
      }
    } catch (error) {
      // Without the database the agent cannot be loaded either; the sweeper closes the unclaimed call.
      logger.error({ error, callId: metadata.callId }, 'could not claim the call; ending this room');
      ctx.shutdown('database_unavailable');
      return;
    }

    let participant: Awaited<ReturnType<JobContext['waitForParticipant']>>;
    try {
      await ctx.connect();
      // Rejects when the room closes first (the caller gave up before the agent was there).
      participant = await ctx.waitForParticipant();
    } catch (error) {
      return abandon('never_joined', error);
    }

    try {
      const callControl = createCallControl(() => call, phoneLineOf(participant, roomName, credentials));
      const runtime = await loadAgentRuntime(
        deps,
        {
          organizationId: metadata.organizationId,
          agentId: metadata.agentId,
          version: metadata.agentVersion,
        },
        callControl,
      );
      for (const problem of runtime.problems) logger.warn({ problem }, 'a tool of the agent is left out');
      const { config } = runtime.agent;
      await checkModelDestination(config.model, egress);
      const model = createModel(config, env, egress);
      // Read once: the call is billed at the price and cost cap in force when it started.
      const rate =
        env.BILLING_METERING === 'on'
          ? await withTenant(workerDb, { orgId: metadata.organizationId }, (tx) =>
              callRateOf(tx, { callId: metadata.callId, modelKind: model.kind }),
            )
          : undefined;
      call = createCallSession({
        model,
        recorder,
        billing: rate && { rate, graceSeconds: env.BILLING_GRACE_SECONDS },
        maxDurationSeconds: config.maxDurationSeconds,
        silenceTimeoutSeconds: config.silenceTimeoutSeconds,
        thinkingSound: config.thinkingSound,
        onError,
        onEnded: (outcome) => {
          logger.info({ callId: metadata.callId, ...outcome }, 'call ended');
          ctx.shutdown(outcome.endReason);
        },
      });
      const agent = buildAgent(runtime, {
        callerNumber: callerNumberOf(participant),
        tools: {
          observer: call.toolObserver,
          onError: (error, context) => logger.warn({ error, ...context }, 'a function failed'),
        },
      });
      await call.start({ agent, room: ctx.room });
    } catch (error) {
      // The agent could not be loaded or its model could not start: the caller cannot be served.
      if (!call) return abandon('model_error', error);
      logger.error({ error, callId: metadata.callId }, 'the call session could not start');
      call.end('model_error');
    }
  },
});
