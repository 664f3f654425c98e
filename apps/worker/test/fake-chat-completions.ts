import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: ChatMessage[];
    tools?: Array<{
      type: 'function';
      function: { name: string; description?: string; parameters?: unknown };
    }>;
    stream?: boolean;
  };
}

export interface ChatReply {
  /** Answer with this HTTP error instead of a completion. */
  failWith?: { status: number; message: string };
  content?: string;
  toolCalls?: Array<{ id: string; name: string; arguments: Record<string, unknown> }>;
}

export interface FakeChatCompletions {
  /** Ends with /v1, like OpenAI's: the client appends /chat/completions and /models. */
  baseUrl: string;
  requests: ChatRequest[];
  modelListings: number;
  close(): Promise<void>;
}

/** The text of a message whatever shape its content has. */
export function textOf(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? '').join('');
}

/**
 * A local OpenAI-compatible chat-completions server: `POST /v1/chat/completions` streams Server-Sent
 * Events the way OpenAI does (content deltas, `delta.tool_calls` with the arguments in pieces, a usage
 * chunk, `data: [DONE]`); `GET /v1/models` lists one model. `reply` decides each answer.
 */
export async function startFakeChatCompletions(
  reply: (request: ChatRequest) => ChatReply,
): Promise<FakeChatCompletions> {
  const requests: ChatRequest[] = [];
  let modelListings = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && path === '/v1/models') {
        modelListings += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ object: 'list', data: [{ id: 'fake-chat', object: 'model', owned_by: 'test' }] }),
        );
        return;
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `No route for ${req.method} ${path}` } }));
        return;
      }
      const request: ChatRequest = {
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'],
      };
      requests.push(request);
      const answer = reply(request);
      if (answer.failWith) {
        res.writeHead(answer.failWith.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { message: answer.failWith.message, type: 'invalid_request_error' } }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const base = { id: `chatcmpl-${requests.length}`, object: 'chat.completion.chunk', created: 0 };
      const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        res.write(`data: ${JSON.stringify({ ...base, model: request.body.model, choices, ...extra })}\n\n`);
      const delta = (value: Record<string, unknown>, finishReason: string | null = null) =>
        send([{ index: 0, delta: value, finish_reason: finishReason }]);

      delta({ role: 'assistant', content: '' });
      const content = answer.content ?? '';
      for (let i = 0; i < content.length; i += 8) delta({ content: content.slice(i, i + 8) });
      for (const [index, call] of (answer.toolCalls ?? []).entries()) {
        delta({
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        });
        const args = JSON.stringify(call.arguments);
        const middle = Math.floor(args.length / 2);
        for (const piece of [args.slice(0, middle), args.slice(middle)]) {
          delta({ tool_calls: [{ index, function: { arguments: piece } }] });
        }
      }
      delta({}, answer.toolCalls?.length ? 'tool_calls' : 'stop');
      send([], { usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 } });
      res.end('data: [DONE]\n\n');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get modelListings() {
      return modelListings;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
