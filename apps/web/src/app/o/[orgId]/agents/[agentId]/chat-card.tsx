'use client';

import type { ChatToolCall, ChatTurn } from '@switchboard/contracts/chats';
import { useQuery } from '@tanstack/react-query';
import { MessageSquare, RotateCcw, Send } from 'lucide-react';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { ApiError, client, errorMessage } from '@/lib/api';
import { useMe } from '@/lib/queries';

/** How often a pending turn is asked about; the worker tier usually answers within a few seconds. */
const POLL_MS = 600;

/**
 * Chat with the agent: the saved version runs as text in the worker tier (same prompt, greeting, functions
 * and variables as a call), each function call shown inline with its arguments and result. Each chat is kept
 * as a call of channel chat; Reset ends it and starts another.
 */
export function ChatCard({ orgId, agentId }: { orgId: string; agentId: string }) {
  const me = useMe();
  const [callId, setCallId] = useState<string>();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const chat = useQuery({
    queryKey: ['chat', orgId, callId],
    queryFn: () =>
      client.GET('/orgs/{orgId}/chats/{callId}', { params: { path: { orgId, callId: callId! } } }),
    enabled: callId !== undefined,
    refetchInterval: (query) =>
      query.state.data?.turns.some((turn) => turn.status === 'pending') ? POLL_MS : false,
  });
  const turns = chat.data?.turns ?? [];
  const isPending = turns.some((turn) => turn.status === 'pending');
  const isEnded = chat.data !== undefined && (chat.data.status === 'ended' || chat.data.status === 'failed');
  const log = useRef<HTMLOListElement>(null);
  // The newest turn in view whenever one is added or answered.
  const progress = turns.map((turn) => turn.status).join();
  useEffect(() => {
    if (progress) log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [progress]);

  /** Refusals in words: the setting to change for a platform admin, plainly unavailable for others. */
  function explain(failure: unknown): string {
    if (failure instanceof ApiError && failure.code === 'MODEL_NOT_CONFIGURED') {
      return me.data?.user.isPlatformAdmin
        ? failure.message
        : 'Chat is not available for this agent on this installation. Ask your Switchboard operator.';
    }
    return errorMessage(failure);
  }

  async function start() {
    setBusy(true);
    setError(undefined);
    try {
      if (callId && !isEnded)
        await client.DELETE('/orgs/{orgId}/chats/{callId}', { params: { path: { orgId, callId } } });
      const started = await client.POST('/orgs/{orgId}/agents/{agentId}/chats', {
        params: { path: { orgId, agentId } },
        body: {},
      });
      setCallId(started.callId);
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  }

  async function send() {
    const message = text.trim();
    if (!callId || !message) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.POST('/orgs/{orgId}/chats/{callId}/messages', {
        params: { path: { orgId, callId } },
        body: { text: message },
      });
      setText('');
      await chat.refetch();
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  }

  // The panel sits inside the agent's form: Enter sends the message, never saves the agent.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (!busy && !isPending && !isEnded) void send();
  }

  return (
    <Card data-testid="chat-panel">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <MessageSquare className="size-4 text-muted" /> Chat with the agent
        </CardTitle>
        <CardDescription>
          The saved version, as text, with its functions. Each chat is kept as a call.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {callId === undefined ? (
          <Button type="button" size="sm" variant="outline" loading={busy} onClick={() => void start()}>
            <MessageSquare /> Start a chat
          </Button>
        ) : (
          <>
            <ol
              ref={log}
              className="grid max-h-96 gap-2 overflow-y-auto text-sm"
              aria-live="polite"
              data-testid="chat-log"
            >
              {turns.map((turn) => (
                <TurnView key={turn.id} turn={turn} />
              ))}
              {isEnded && (
                <li className="text-xs text-muted" data-testid="chat-ended">
                  This chat has ended{chat.data?.endReason === 'agent_ended' ? ': the agent hung up' : ''}.
                  Reset to start another.
                </li>
              )}
            </ol>
            {chat.error && <Alert tone="danger">{errorMessage(chat.error)}</Alert>}
            <div className="flex gap-2">
              <Input
                aria-label="Message to the agent"
                placeholder={isEnded ? 'Chat ended' : 'Type a message'}
                value={text}
                maxLength={4000}
                disabled={isEnded}
                onChange={(event) => setText(event.target.value)}
                onKeyDown={onKeyDown}
                data-testid="chat-input"
              />
              <Button
                type="button"
                size="icon"
                aria-label="Send"
                disabled={busy || isPending || isEnded || !text.trim()}
                onClick={() => void send()}
                data-testid="chat-send"
              >
                <Send />
              </Button>
            </div>
            <Button
              type="button"
              size="sm"
              variant="ghost"
              className="justify-self-start"
              disabled={busy}
              onClick={() => void start()}
              data-testid="chat-reset"
            >
              <RotateCcw /> Reset
            </Button>
          </>
        )}
        {error && (
          <div data-testid="chat-error">
            <Alert tone="danger">{error}</Alert>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function TurnView({ turn }: { turn: ChatTurn }) {
  if (turn.kind === 'end') return null;
  return (
    <>
      {turn.userText && (
        <li
          className="justify-self-end rounded-lg bg-primary px-3 py-2 text-primary-foreground"
          data-testid="chat-user"
        >
          {turn.userText}
        </li>
      )}
      {turn.toolCalls.map((call) => (
        <ToolCallView key={call.toolCallId} call={call} />
      ))}
      {turn.status === 'pending' && (
        <li className="text-xs text-muted" data-testid="chat-pending">
          {turn.kind === 'greet' ? 'Starting…' : 'The agent is answering…'}
        </li>
      )}
      {turn.status === 'failed' && (
        <li className="text-xs text-danger" role="alert" data-testid="chat-turn-error">
          {turn.error}
        </li>
      )}
      {turn.reply && (
        <li className="justify-self-start rounded-lg bg-subtle px-3 py-2" data-testid="chat-reply">
          {turn.reply}
        </li>
      )}
    </>
  );
}

function ToolCallView({ call }: { call: ChatToolCall }) {
  const result = call.isError
    ? ((call.result as { error?: unknown } | null)?.error ?? call.result)
    : call.result;
  return (
    <li
      className={`grid gap-1 rounded-md border px-2 py-1.5 text-xs ${call.isError ? 'border-danger/40' : 'border-border'}`}
      data-testid="chat-tool-call"
    >
      <span className="font-mono font-medium">{call.functionName}</span>
      <span className="text-muted">Arguments</span>
      <pre className="overflow-x-auto whitespace-pre-wrap break-all font-mono">
        {JSON.stringify(call.arguments, null, 2)}
      </pre>
      {/* Errors open, results folded: a long API response would push the conversation away. */}
      <details open={call.isError}>
        <summary className={`cursor-pointer ${call.isError ? 'text-danger' : 'text-muted'}`}>
          {call.isError ? 'Error' : 'Result'}
        </summary>
        <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all font-mono">
          {typeof result === 'string' ? result : JSON.stringify(result, null, 2)}
        </pre>
      </details>
    </li>
  );
}
