import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadEmailConfig } from '@switchboard/core/email/email-config';
import { createEmailTransport } from '@switchboard/core/email/transports/create-email-transport';
import { type OutboundEmail, PermanentEmailError } from '@switchboard/core/email/transports/email-transport';
import { createResendTransport } from '@switchboard/core/email/transports/resend';
import { createSmtpTransport } from '@switchboard/core/email/transports/smtp';
import type { Database } from '@switchboard/db/database';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const email: OutboundEmail = {
  id: '6f1c1d0e-8a4b-4c53-9a52-2f0e6c1b7a10',
  from: 'Switchboard <no-reply@switchboard.test>',
  to: 'ada@example.test',
  subject: 'Verify your email address',
  html: '<p>Hello in <b>HTML</b></p>',
  text: 'Hello in plain text',
};

describe('Resend transport', () => {
  interface ReceivedRequest {
    method: string | undefined;
    url: string | undefined;
    headers: IncomingHttpHeaders;
    body: unknown;
  }
  /** What the fake Resend API answers next: status and JSON body. */
  let reply: { status: number; body: unknown };
  const received: ReceivedRequest[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : null,
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts Resend’s wire format, keyed by the outbox id, and returns the message id', async () => {
    reply = { status: 200, body: { id: 'resend-msg-1' } };
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl });
    expect(await transport.send(email)).toEqual({ providerMessageId: 'resend-msg-1' });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', url: '/emails' });
    expect(request!.headers.authorization).toBe('Bearer re_test_key');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe(`outbox-${email.id}`);
    expect(request!.body).toMatchObject({
      from: email.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
    });
  });

  it('is chosen and pointed at RESEND_BASE_URL by the email config', async () => {
    reply = { status: 200, body: { id: 'resend-msg-2' } };
    const config = loadEmailConfig({
      RESEND_API_KEY: 're_from_env',
      RESEND_BASE_URL: baseUrl,
      EMAIL_FROM: 'Acme <hi@acme.test>',
      SMTP_URL: 'smtp://ignored.test:25',
    });
    expect(config).toEqual({ kind: 'resend', from: 'Acme <hi@acme.test>', apiKey: 're_from_env', baseUrl });
    // Only the mailbox transport uses the database.
    const transport = createEmailTransport(config, { workerDb: {} as Database, logger: { info() {} } });
    expect(transport.kind).toBe('resend');
    expect(await transport.send(email)).toEqual({ providerMessageId: 'resend-msg-2' });
    expect(received[0]!.headers.authorization).toBe('Bearer re_from_env');
  });

  it.each([
    { status: 422, name: 'validation_error', message: 'Invalid `to` field.', isPermanent: true },
    { status: 403, name: 'invalid_api_key', message: 'API key is invalid', isPermanent: false },
    { status: 429, name: 'rate_limit_exceeded', message: 'Too many requests.', isPermanent: false },
    { status: 500, name: 'application_error', message: 'Something went wrong.', isPermanent: false },
  ])(
    'throws a clear error when Resend answers $status (permanent: $isPermanent)',
    async ({ status, name, message, isPermanent }) => {
      reply = { status, body: { statusCode: status, name, message } };
      const transport = createResendTransport({ apiKey: 're_test_key', baseUrl });
      const error = await transport.send(email).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(`Resend refused the email: ${name}: ${message}`);
      expect(error instanceof PermanentEmailError).toBe(isPermanent);
      expect(received).toHaveLength(1);
    },
  );

  it('gives up on a request Resend does not answer, so the job can retry it', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const transport = createResendTransport({
        apiKey: 're_test_key',
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 200,
      });
      await expect(transport.send(email)).rejects.toThrow('Resend did not answer within 0.2s');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('throws when Resend cannot be reached', async () => {
    const unreachable = createServer();
    unreachable.listen(0, '127.0.0.1');
    await once(unreachable, 'listening');
    const { port } = unreachable.address() as AddressInfo;
    await new Promise<void>((resolve) => unreachable.close(() => resolve()));
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: `http://127.0.0.1:${port}` });
    await expect(transport.send(email)).rejects.toThrow(/^Resend refused the email: application_error: /);
  });
});

describe('SMTP transport', () => {
  interface ReceivedMessage {
    mailFrom: string | undefined;
    rcptTo: string[];
    user: unknown;
    raw: string;
  }
  const messages: ReceivedMessage[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 's3cret') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@rejected.test')) callback(new Error('Mailbox unavailable'));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          messages.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    port = (server.server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    messages.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers a multipart message with both text and HTML to the right recipient', async () => {
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
    const { providerMessageId } = await transport.send(email);
    expect(providerMessageId).toBe(`<${email.id}@switchboard.outbox>`);

    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message!.mailFrom).toBe('no-reply@switchboard.test');
    expect(message!.rcptTo).toEqual(['ada@example.test']);
    expect(message!.user).toBeUndefined();
    const raw = message!.raw;
    expect(raw).toMatch(/^To: ada@example\.test\r?$/m);
    expect(raw).toMatch(/^Subject: Verify your email address\r?$/m);
    expect(raw).toMatch(/^Message-ID: <6f1c1d0e-8a4b-4c53-9a52-2f0e6c1b7a10@switchboard\.outbox>\r?$/im);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8\r?$/m);
    expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r?$/m);
    expect(raw).toContain('Hello in plain text');
    expect(raw).toContain('<p>Hello in <b>HTML</b></p>');
  });

  it('logs in with the credentials of SMTP_URL', async () => {
    const config = loadEmailConfig({ SMTP_URL: `smtp://mailer:s3cret@127.0.0.1:${port}` });
    expect(config).toMatchObject({ kind: 'smtp' });
    // Only the mailbox transport uses the database.
    const transport = createEmailTransport(config, { workerDb: {} as Database, logger: { info() {} } });
    await transport.send(email);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.user).toBe('mailer');
    expect(messages[0]!.rcptTo).toEqual(['ada@example.test']);
  });

  it('throws when the server refuses the login or the recipient', async () => {
    const wrongPassword = createSmtpTransport({ url: `smtp://mailer:wrong@127.0.0.1:${port}` });
    const loginError = await wrongPassword.send(email).catch((caught: unknown) => caught);
    expect((loginError as Error).message).toMatch(/Invalid username or password/);
    // The operator fixes SMTP_URL and the retry goes out.
    expect(loginError).not.toBeInstanceOf(PermanentEmailError);
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
    const refusal = await transport
      .send({ ...email, to: 'nobody@rejected.test' })
      .catch((caught: unknown) => caught);
    expect((refusal as Error).message).toMatch(/Mailbox unavailable/);
    expect(refusal).toBeInstanceOf(PermanentEmailError);
    expect(messages).toEqual([]);
  });
});
