import { setTimeout as delay } from 'node:timers/promises';
import { defineAgent, type JobContext, log } from '@livekit/agents';
import type { CallMetadata } from '@switchboard/contracts/calls';
import type { OutboundPhoneCallMetadata } from '@switchboard/contracts/phone';
import { checkModelDestination } from '@switchboard/core/agents/check-model-destination';
import { callRateOf } from '@switchboard/core/billing/call-rate';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { startInboundPhoneCall } from '@switchboard/core/calls/start-inbound-phone-call';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import type { RuntimeDeps } from '@switchboard/core/runtime/runtime-deps';
import { modelSettingsOf } from '@switchboard/core/voice/missing-model-setting';
import { createDatabase, databaseTimeoutsOf } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import { flushTelemetry } from '@switchboard/telemetry/start-telemetry';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { SipClient } from 'livekit-server-sdk';
import { parseDispatch } from './livekit/call-metadata.ts';
import { preloadInCallTrace, startWorkerCallTrace, type WorkerCallTrace } from './livekit/call-telemetry.ts';
import {
  callerNumberOf,
  inboundCallerOf,
  isPhoneCaller,
  type LiveKitCredentials,
  phoneLineOf,
} from './livekit/caller.ts';
import { deleteRoom } from './livekit/delete-room.ts';
import { outboundIdentity } from './livekit/dial-out.ts';
import { inboundStepOf } from './livekit/inbound-step.ts';
import { placeOutboundCall } from './livekit/place-outbound-call.ts';
import { type OutboundLeg, warmTransferOf } from './livekit/warm-transfer.ts';
import { onWorkerShutdown } from './livekit/worker-shutdown.ts';
import { buildAgent } from './runtime/build-agent.ts';
import { createCallControl, type PhoneLine } from './runtime/call-control.ts';
import { type CallSession, createCallSession, type EndReason } from './runtime/call-session.ts';
import { createModel } from './runtime/create-model.ts';
import { textVariables } from './runtime/fill-variables.ts';
import { createKeypadInput, deliverToSession } from './runtime/keypad-input.ts';
import { refuseCall } from './runtime/refuse-call.ts';
import { warmUpCallSetup } from './runtime/warm-up.ts';
import { loadWorkerEnv, workerSecretBox } from './worker-env.ts';

/** How long the job waits, when it is shut down from outside, for the call to be finalized. */
const FINALIZE_WAIT_MS = 20_000;

/** One call: the job's dispatch metadata names it; everything the agent does is in ./runtime. */
export default defineAgent({
  // Each call runs in a process of its own, started before the call comes: the call's setup code runs once
  // there first, so the call does not pay for its first run (docs/performance.md "Call setup").
  prewarm: () => {
    try {
      warmUpCallSetup(workerSecretBox(loadWorkerEnv(process.env)));
    } catch (error) {
      log().warn({ error }, 'could not warm up the call setup; calls set up slower');
    }
  },
  entry: async (ctx: JobContext) => {
    const logger = log().child({ jobId: ctx.job.id });
    const dispatch = parseDispatch(ctx.job.metadata);
    if (!dispatch) {
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
    // The dispatch names the room; the Room object only knows its name once connected.
    const roomName = ctx.job.room?.name || ctx.room.name || '';
    const claimant = `${ctx.workerId}/${ctx.job.id}`;

    let call: CallSession | undefined;
    // A warm transfer leaves the caller with a colleague in this room: the job must not delete it.
    let keepRoom = false;
    // The worker is stopping (deploy) and its drain limit has passed with this call still running: record
    // that, rather than the room closing, as why it ended.
    let workerStopped = false;
    const stopListening = onWorkerShutdown(() => {
      workerStopped = true;
      logger.warn({ roomName }, 'the worker is stopping; ending the call');
      call?.end('worker_shutdown');
    });
    // Runs last (after the session closed and the room disconnected), also when the job is stopped.
    ctx.addShutdownCallback(async () => {
      stopListening();
      if (call) {
        call.end(workerStopped ? 'worker_shutdown' : 'room_closed');
        await Promise.race([call.ended, delay(FINALIZE_WAIT_MS, undefined, { ref: false })]);
      }
      if (!keepRoom) {
        await deleteRoom(credentials, roomName).catch((error: unknown) => onError(error, 'delete the room'));
      }
      await Promise.all([workerDb.destroy(), egress.close()]);
      // The job process exits next: what the call's telemetry buffered goes out first.
      await flushTelemetry();
    });

    // ---- Which call this is, and who is on the line ----
    let metadata: CallMetadata;
    let participant: Awaited<ReturnType<JobContext['waitForParticipant']>> | undefined;
    let refused = false;
    let outboundLeg: OutboundLeg | undefined;

    if (dispatch.kind === 'phone_inbound') {
      // A LiveKit dispatch rule sent us a ringing phone: no call row yet. The SIP participant says who calls.
      const { organizationId, phoneNumberId } = dispatch.metadata;
      try {
        await ctx.connect();
        participant = await ctx.waitForParticipant();
      } catch (error) {
        logger.warn({ error, roomName }, 'the caller hung up before the agent was there');
        ctx.shutdown('never_joined');
        return;
      }
      const sipCaller = inboundCallerOf(participant);
      let inbound: Awaited<ReturnType<typeof startInboundPhoneCall>>;
      try {
        inbound = await withTenant(workerDb, { orgId: organizationId }, (tx) =>
          startInboundPhoneCall(tx, { organizationId, phoneNumberId, roomName, claimant }, sipCaller, {
            models: modelSettingsOf(env),
            billing: { metering: env.BILLING_METERING === 'on', mode: 'manual' },
          }),
        );
      } catch (error) {
        logger.error({ error, roomName }, 'could not record the inbound call; hanging up');
        ctx.shutdown('database_unavailable');
        return;
      }
      const step = inboundStepOf(inbound, organizationId);
      if (!step.run) {
        if (step.shutdownReason === 'number_unassigned') {
          logger.warn({ phoneNumberId }, 'the dialled number has no agent; hanging up');
        }
        keepRoom = step.keepRoom;
        ctx.shutdown(step.shutdownReason);
        return;
      }
      ({ metadata, outboundLeg } = step);
      if (step.refusal) {
        refused = true;
        // Also on the call (calls.refusal_reason), for its page.
        logger.warn({ callId: metadata.callId, problem: step.refusal.code }, 'inbound call refused');
      }
    } else {
      metadata = dispatch.metadata;
    }

    // Writes are queued off the conversation's path; one given up on is logged here.
    const recorder = createCallRecorder(
      workerDb,
      { organizationId: metadata.organizationId, callId: metadata.callId },
      { onError },
    );
    const tenant = { orgId: metadata.organizationId };
    // A phone caller's line, known once they are in the room (an outbound callee: once they answer).
    let phoneLine: PhoneLine | undefined;
    // The agent with its tools (secrets opened); the call control reads the call and the line when a
    // function runs, so the agent can load before either exists.
    const loadRuntime = () =>
      loadAgentRuntime(
        deps,
        {
          organizationId: metadata.organizationId,
          agentId: metadata.agentId,
          version: metadata.agentVersion,
        },
        createCallControl(
          () => call,
          () => phoneLine,
          () => {
            keepRoom = true;
          },
        ),
      );
    // The agent of a call the API dispatched, loading while the agent joins and waits for the caller, or
    // while an outbound call rings (docs/performance.md).
    let preloaded: ReturnType<typeof loadRuntime> | undefined;
    // The call's span from the claim on, for a call the API dispatched (the early loading is in it).
    let claimedTrace: WorkerCallTrace | undefined;

    // Ends a call that never got a session, recording why.
    const abandon = async (endReason: EndReason, error: unknown) => {
      logger.error({ error, callId: metadata.callId }, `the call could not run (${endReason})`);
      claimedTrace?.end({ endReason, durationSeconds: 0 });
      void preloaded?.then(
        (runtime) => runtime.close(),
        () => {},
      );
      await recorder
        .finalize({ endReason, durationSeconds: 0, usage: null })
        .catch((finalizeError: unknown) => onError(finalizeError, 'finalize the call'));
      ctx.shutdown(endReason);
    };

    if (dispatch.kind === 'call') {
      // A call runs once. A replayed token recreates the room and dispatches the agent again: that job finds
      // the call claimed (or ended) and ends the room, leaving the record of the call that ran untouched.
      try {
        if (!(await recorder.claim(claimant))) {
          logger.warn(
            { callId: metadata.callId, roomName },
            'the call already ran or ended; ending this room',
          );
          ctx.shutdown('call_already_claimed');
          return;
        }
      } catch (error) {
        // Without the database the agent cannot be loaded either; the sweeper closes the unclaimed call.
        logger.error({ error, callId: metadata.callId }, 'could not claim the call; ending this room');
        ctx.shutdown('database_unavailable');
        return;
      }
      // The call is this job's: its span starts now, continuing the trace the dispatch carried, so that
      // joining, waiting and the loading below are in the call's trace.
      claimedTrace = await startWorkerCallTrace(metadata);
      const phone =
        'phone' in dispatch.metadata ? (dispatch.metadata as OutboundPhoneCallMetadata).phone : undefined;
      // Loading overlaps joining and waiting (or dialling and ringing), so it adds nothing to the time to the
      // greeting. (A failure is handled where it is awaited.)
      preloaded = preloadInCallTrace(claimedTrace, loadRuntime);
      try {
        await ctx.connect();
        if (phone) {
          outboundLeg = { sipOutboundTrunkId: phone.sipOutboundTrunkId, fromNumber: phone.fromNumber };
          const outcome = await placeOutboundCall({
            workerDb,
            organizationId: metadata.organizationId,
            callId: metadata.callId,
            phone,
            roomName,
            room: ctx.room,
            sip: new SipClient(credentials.url, credentials.apiKey, credentials.apiSecret),
            onError,
          });
          if (!outcome.answered) {
            logger.warn(
              { callId: metadata.callId, phoneStatus: outcome.phoneStatus, detail: outcome.detail },
              'the outbound call was not answered',
            );
            return abandon(outcome.endReason, undefined);
          }
        }
        // Rejects when the room closes first (the caller gave up before the agent was there).
        participant = await ctx.waitForParticipant(phone ? outboundIdentity(metadata.callId) : undefined);
      } catch (error) {
        return abandon('never_joined', error);
      }
    }

    // ---- The conversation ----
    if (!participant) return;
    const caller = participant;
    // Its span continues the trace the dispatch carried (an inbound phone call's starts here); what runs in
    // it (loading, the session) joins it.
    const callTrace = claimedTrace ?? (await startWorkerCallTrace(metadata));
    const phoneCaller = isPhoneCaller(caller);
    phoneLine = phoneLineOf(caller, roomName, credentials);
    try {
      const runtime = await (preloaded ?? callTrace.run(loadRuntime));
      for (const problem of runtime.problems) logger.warn({ problem }, 'a tool of the agent is left out');
      const { config } = runtime.agent;
      await checkModelDestination(config.model, egress);
      const model = createModel(config, env, egress);
      // Read once: the call is billed at the price and cost cap in force when it started. A refused call
      // costs nothing.
      const rate =
        env.BILLING_METERING === 'on' && !refused
          ? await withTenant(workerDb, tenant, (tx) =>
              callRateOf(tx, { callId: metadata.callId, modelKind: model.kind }),
            )
          : undefined;
      call = createCallSession({
        model,
        recorder,
        billing: rate && { rate, graceSeconds: env.BILLING_GRACE_SECONDS },
        maxDurationSeconds: config.maxDurationSeconds,
        silenceTimeoutSeconds: config.silenceTimeoutSeconds,
        thinkingSound: config.thinkingSound && !refused,
        onError,
        onEnded: (outcome) => {
          logger.info({ callId: metadata.callId, ...outcome }, 'call ended');
          ctx.shutdown(outcome.endReason);
        },
      });
      void call.ended.then((outcome) => callTrace.end(outcome));
      // The MCP sessions the functions opened last as long as the call.
      void call.ended.then(() => runtime.close());
      if (refused) {
        await refuseCall(call, ctx.room);
        return;
      }
      const session = call.session;
      const variables = await withTenant(workerDb, tenant, (tx) =>
        tx.selectFrom('calls').select('variables').where('id', '=', metadata.callId).executeTakeFirst(),
      );
      // The call control reads the line when transfer_call runs: the agent's setting, known only now, and an
      // outbound trunk to dial the colleague through make it a warm transfer.
      if (phoneLine && config.phone.warmTransfer && outboundLeg) {
        phoneLine.warmTransfer = warmTransferOf(outboundLeg);
      }
      const agent = buildAgent(runtime, {
        callerNumber: dispatch.kind === 'phone_inbound' ? callerNumberOf(caller) : undefined,
        variables: textVariables(variables?.variables),
        ...(phoneCaller && {
          phone: {
            direction: dispatch.kind === 'phone_inbound' ? 'inbound' : 'outbound',
            call: () => call,
            keypad: {
              press: async (code: number, digit: string) => {
                await ctx.room.localParticipant?.publishDtmf(code, digit);
              },
            },
          },
        }),
        tools: {
          observer: call.toolObserver,
          onError: (error, context) => logger.warn({ error, ...context }, 'a function failed'),
        },
      });
      const conversation = call;
      await callTrace.run(() => conversation.start({ agent, room: ctx.room }));
      if (phoneCaller) {
        // The caller's key presses reach the model as their input (IVR-style menus, PINs, account numbers).
        const keypad = createKeypadInput(deliverToSession(session));
        ctx.room.on('dtmfReceived', (_code, digit, from) => {
          if (from.identity === caller.identity) keypad.press(digit);
        });
        void call.ended.then(() => keypad.close());
      }
    } catch (error) {
      // The agent could not be loaded or its model could not start: the caller cannot be served.
      if (!call) {
        // A refused call that cannot even say so (its model is what is missing) is still a refusal.
        const endReason = refused ? 'refused' : 'model_error';
        callTrace.end({ endReason, durationSeconds: 0 });
        return abandon(endReason, error);
      }
      logger.error({ error, callId: metadata.callId }, 'the call session could not start');
      call.end('model_error');
    }
  },
});
