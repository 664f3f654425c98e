import { randomUUID } from 'node:crypto';
import type { Chat, StartChat } from '@switchboard/contracts/chats';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from '../agents/find-agent.ts';
import { type BillingInstallation, callAdmissionProblems } from '../billing/call-admission-problems.ts';
import { callRefusal } from '../calls/call-refusal.ts';
import { AppError } from '../errors.ts';
import type { ModelSettings } from '../voice/missing-model-setting.ts';
import { chatModelProblem } from './chat-model-problem.ts';
import { findChat } from './find-chat.ts';
import { queueChatTurn } from './queue-chat-turn.ts';

/** What this installation has for chats: its model settings and how it bills (no LiveKit needed). */
export interface ChatInstallation {
  models: ModelSettings;
  billing: BillingInstallation;
}

/**
 * Starts a test chat with an agent: a call of channel `chat` pinned to the agent's current version, and its
 * greeting queued for the worker tier. Refused like a call when the agent is archived, the text model has no
 * key (409 naming the setting) or the organization may not start a call now (credits, caps).
 */
export async function startChat(
  { tx, actor, membership }: OrgScope,
  agentId: string,
  input: StartChat,
  installation: ChatInstallation,
): Promise<Chat> {
  const agent = await findAgent(tx, agentId);
  if (agent.status !== 'active') {
    throw new AppError('AGENT_ARCHIVED', `${agent.name} is archived; unarchive it to chat with it`);
  }
  const model = chatModelProblem(agent.config.model, installation.models);
  if (model) throw new AppError('MODEL_NOT_CONFIGURED', model.message, { missing: model.missing });
  const [problem] = await callAdmissionProblems(tx, membership.organizationId, installation.billing, {
    lock: true,
  });
  if (problem) throw callRefusal(problem);
  const id = randomUUID();
  await tx
    .insertInto('calls')
    .values({
      id,
      organizationId: membership.organizationId,
      agentId,
      agentVersion: agent.version,
      channel: 'chat',
      startedBy: actor.userId,
      startedByApiKeyId: actor.apiKey?.id ?? null,
      // Unique like a room name, and never a LiveKit room: no "call-" prefix.
      roomName: `chat-${id}`,
      variables: JSON.stringify(input.variables),
    })
    .execute();
  await queueChatTurn(tx, {
    organizationId: membership.organizationId,
    callId: id,
    kind: 'greet',
    requestedBy: actor.userId,
  });
  return findChat(tx, id);
}
