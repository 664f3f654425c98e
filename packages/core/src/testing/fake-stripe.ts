import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** One request as the fake received it (form fields decoded into nested objects, as Stripe reads them). */
export interface FakeStripeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

export interface SignedEvent {
  id: string;
  payload: string;
  /** The Stripe-Signature header for `payload`. */
  signature: string;
}

type Json = Record<string, unknown>;

/**
 * A stand-in for Stripe's API (the endpoints Switchboard calls, in Stripe's JSON shapes, objects kept in
 * memory) and for Stripe's side of a payment: tests complete a Checkout, renew, fail or cancel a
 * subscription, then deliver the events Stripe would send, signed with the webhook secret.
 */
export interface FakeStripe {
  /** STRIPE_API_BASE for the SDK. */
  apiBase: string;
  secretKey: string;
  webhookSecret: string;
  /**
   * Where the hosted Checkout page's "Pay" button delivers the resulting events (signed, in Stripe's order)
   * before sending the browser to the success URL — for browser journeys; tests deliver events themselves.
   */
  webhookUrl: string | undefined;
  requests: FakeStripeRequest[];
  customers: Map<string, Json>;
  sessions: Map<string, Json>;
  subscriptions: Map<string, Json>;
  invoices: Map<string, Json>;
  paymentIntents: Map<string, Json>;
  /**
   * Saves a card on the customer as its default payment method (as the portal does); `declines`: charging it
   * fails with Stripe's card error. Returns the payment method's id.
   */
  savePaymentMethod(customerId: string, options?: { declines?: boolean }): string;
  /** Pays a Checkout: a subscription session gets an active subscription and its first paid invoice. */
  completeCheckout(sessionId: string): { session: Json; subscription?: Json; invoice?: Json };
  /** Starts the next period: a new paid invoice (`subscription_cycle`). */
  renew(subscriptionId: string): Json;
  /** The renewal charge fails: an open invoice, the subscription past due. */
  failRenewal(subscriptionId: string): Json;
  /** A past-due invoice is paid after all; the subscription is active again. */
  payInvoice(invoiceId: string): Json;
  /** Stripe gave up retrying (the "mark the subscription as unpaid" setting): the subscription is unpaid. */
  giveUpRetries(subscriptionId: string): Json;
  /** Switches the subscription to another price (as the portal does). */
  changePrice(subscriptionId: string, priceId: string): Json;
  cancel(subscriptionId: string, options?: { atPeriodEnd?: boolean }): Json;
  /** An event of `type` carrying `object` (a snapshot, as Stripe sends it), signed. */
  event(type: string, object: Json, options?: { id?: string }): SignedEvent;
  close(): Promise<void>;
}

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding (`a[b][0][c]=v`) as nested objects and arrays. */
function decodeForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = root;
    path.forEach((part, index) => {
      if (index === path.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1] ?? '');
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res
    .writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') })
    .end(JSON.stringify(body));
}

function missing(res: ServerResponse, what: string, id: string) {
  send(res, 404, {
    error: {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${what}: '${id}'`,
      param: 'id',
    },
  });
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const signer = new Stripe(secretKey);
  const requests: FakeStripeRequest[] = [];
  const customers = new Map<string, Json>();
  const sessions = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  const invoices = new Map<string, Json>();
  const paymentIntents = new Map<string, Json>();
  /** Saved payment methods by customer, and the ones whose charges are declined. */
  const paymentMethods = new Map<string, Json[]>();
  const declining = new Set<string>();
  const idempotent = new Map<string, { status: number; body: Json }>();
  const portalReturns = new Map<string, string>();
  let base = '';
  let invoiceNumber = 0;

  const list = (data: Json[], url: string) => ({ object: 'list', data, has_more: false, url });

  function subscriptionPrice(subscription: Json): string {
    const items = subscription.items as { data: { price: { id: string } }[] };
    return items.data[0]!.price.id;
  }

  function makeInvoice(subscription: Json, billingReason: string, status: 'paid' | 'open'): Json {
    const items = subscription.items as { data: Json[] };
    const item = items.data[0]!;
    invoiceNumber += 1;
    const invoice: Json = {
      id: newId('in'),
      object: 'invoice',
      customer: subscription.customer,
      number: `FAKE-${String(invoiceNumber).padStart(4, '0')}`,
      status,
      billing_reason: billingReason,
      currency: 'usd',
      amount_due: 4900,
      amount_paid: status === 'paid' ? 4900 : 0,
      amount_remaining: status === 'paid' ? 0 : 4900,
      attempt_count: 1,
      period_start: item.current_period_start,
      period_end: item.current_period_end,
      created: now(),
      livemode: false,
      hosted_invoice_url: `${base}/invoices/${invoiceNumber}`,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
      lines: list(
        [
          {
            id: newId('il'),
            object: 'line_item',
            amount: 4900,
            currency: 'usd',
            quantity: 1,
            period: { start: item.current_period_start, end: item.current_period_end },
            pricing: {
              type: 'price_details',
              price_details: { price: subscriptionPrice(subscription), product: 'prod_fake' },
              unit_amount_decimal: '4900',
            },
          },
        ],
        '/v1/invoices/lines',
      ),
    };
    invoices.set(invoice.id as string, invoice);
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  function create(path: string, body: Json): Json | undefined {
    if (path === '/v1/customers') {
      const customer: Json = {
        id: newId('cus'),
        object: 'customer',
        name: body.name ?? null,
        email: body.email ?? null,
        metadata: body.metadata ?? {},
        invoice_settings: { default_payment_method: null },
        created: now(),
        livemode: false,
      };
      customers.set(customer.id as string, customer);
      return customer;
    }
    if (path === '/v1/checkout/sessions') {
      const id = newId('cs');
      const session: Json = {
        id,
        object: 'checkout.session',
        mode: body.mode,
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        line_items_input: body.line_items,
        subscription_data: body.subscription_data ?? null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        status: 'open',
        payment_status: 'unpaid',
        subscription: null,
        invoice: null,
        url: `${base}/checkout/${id}`,
        created: now(),
        expires_at: now() + DAY,
        livemode: false,
      };
      sessions.set(id, session);
      return session;
    }
    if (path === '/v1/billing_portal/sessions') {
      const id = newId('bps');
      portalReturns.set(id, String(body.return_url));
      return {
        id,
        object: 'billing_portal.session',
        customer: body.customer,
        return_url: body.return_url,
        url: `${base}/portal/${id}`,
        created: now(),
        livemode: false,
      };
    }
    return undefined;
  }

  /**
   * A PaymentIntent confirmed at once (`confirm=true`, as Switchboard's off-session charges are): it
   * succeeds, or a declining card answers 402 with Stripe's card error carrying the failed intent.
   */
  function createPaymentIntent(body: Json): { status: number; body: Json } {
    const paymentMethod = body.payment_method;
    if (typeof paymentMethod !== 'string') {
      return {
        status: 400,
        body: {
          error: {
            type: 'invalid_request_error',
            code: 'parameter_missing',
            param: 'payment_method',
            message: 'Missing required param: payment_method.',
          },
        },
      };
    }
    const declined = declining.has(paymentMethod);
    const error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    };
    const intent: Json = {
      id: newId('pi'),
      object: 'payment_intent',
      amount: Number(body.amount),
      amount_received: declined ? 0 : Number(body.amount),
      currency: body.currency,
      customer: body.customer ?? null,
      payment_method: declined ? null : paymentMethod,
      description: body.description ?? null,
      metadata: body.metadata ?? {},
      confirmation_method: 'automatic',
      status: declined ? 'requires_payment_method' : 'succeeded',
      last_payment_error: declined ? { ...error, payment_method: { id: paymentMethod } } : null,
      created: now(),
      livemode: false,
    };
    paymentIntents.set(intent.id as string, intent);
    if (declined) return { status: 402, body: { error: { ...error, payment_intent: intent } } };
    return { status: 200, body: intent };
  }

  /** Stripe's hosted pages, reduced to a button: the Checkout pays at once; the portal links back. */
  async function hostedPage(res: ServerResponse, method: string, path: string): Promise<boolean> {
    const checkout = /^\/checkout\/([^/]+)(\/pay)?$/.exec(path);
    const session = checkout && sessions.get(checkout[1]!);
    if (session && method === 'GET' && !checkout[2]) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1>` +
            `<form method="post" action="/checkout/${session.id}/pay"><button type="submit">Pay</button></form>` +
            `<a href="${session.cancel_url}">Cancel</a>`,
        );
      return true;
    }
    if (session && method === 'POST' && checkout[2]) {
      const completed = fake.completeCheckout(session.id as string);
      if (fake.webhookUrl) {
        const events = [fake.event('checkout.session.completed', completed.session)];
        if (completed.invoice) events.push(fake.event('invoice.paid', completed.invoice));
        for (const event of events) {
          const delivered = await fetch(fake.webhookUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'stripe-signature': event.signature,
            },
            body: event.payload,
          });
          if (!delivered.ok)
            throw new Error(`webhook answered ${delivered.status}: ${await delivered.text()}`);
        }
      }
      res.writeHead(303, { location: String(session.success_url) }).end();
      return true;
    }
    const portal = /^\/portal\/([^/]+)$/.exec(path);
    const returnUrl = portal && portalReturns.get(portal[1]!);
    if (returnUrl && method === 'GET') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><title>Fake Stripe portal</title><h1>Fake Stripe portal</h1><a href="${returnUrl}">Return</a>`,
        );
      return true;
    }
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    if (await hostedPage(res, method, url.pathname)) return;
    const body = method === 'POST' ? decodeForm(Buffer.concat(chunks).toString('utf8')) : {};
    const header = req.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' ? header : undefined;
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      idempotencyKey,
    });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      send(res, 401, {
        error: {
          type: 'invalid_request_error',
          message: `Invalid API Key provided: ${req.headers.authorization}`,
        },
      });
      return;
    }
    if (method === 'POST') {
      // Stripe answers a repeated idempotency key with the first response, an error included.
      const remembered = idempotencyKey && idempotent.get(`${url.pathname} ${idempotencyKey}`);
      if (remembered) return send(res, remembered.status, remembered.body);
      const created =
        url.pathname === '/v1/payment_intents'
          ? createPaymentIntent(body)
          : { status: 200, body: create(url.pathname, body) };
      if (!created.body) return missing(res, 'endpoint', url.pathname);
      if (idempotencyKey)
        idempotent.set(`${url.pathname} ${idempotencyKey}`, created as { status: number; body: Json });
      return send(res, created.status, created.body);
    }
    const saved = /^\/v1\/customers\/([^/]+)\/payment_methods$/.exec(url.pathname);
    if (saved) return send(res, 200, list(paymentMethods.get(saved[1]!) ?? [], url.pathname));
    if (url.pathname === '/v1/subscriptions') {
      const customer = url.searchParams.get('customer');
      const found = [...subscriptions.values()]
        .filter((s) => s.customer === customer)
        .sort((a, b) => Number(b.created) - Number(a.created));
      return send(res, 200, list(found, '/v1/subscriptions'));
    }
    const match =
      /^\/v1\/(subscriptions|invoices|checkout\/sessions|customers|payment_intents)\/([^/]+)$/.exec(
        url.pathname,
      );
    const store = {
      subscriptions,
      invoices,
      'checkout/sessions': sessions,
      customers,
      payment_intents: paymentIntents,
    }[match?.[1] ?? ''];
    const object = match && store?.get(decodeURIComponent(match[2]!));
    if (!object) return missing(res, match?.[1] ?? 'endpoint', match?.[2] ?? url.pathname);
    send(res, 200, object);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, { error: { type: 'api_error', message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const subscriptionOf = (id: string) => {
    const subscription = subscriptions.get(id);
    if (!subscription) throw new Error(`no subscription ${id}`);
    return subscription;
  };

  const fake: FakeStripe = {
    apiBase: base,
    secretKey,
    webhookSecret,
    webhookUrl: undefined,
    requests,
    customers,
    sessions,
    subscriptions,
    invoices,
    paymentIntents,
    completeCheckout(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      Object.assign(session, { status: 'complete', payment_status: 'paid' });
      if (session.mode !== 'subscription') return { session };
      const [line] = session.line_items_input as { price: string }[];
      const start = now();
      const subscription: Json = {
        id: newId('sub'),
        object: 'subscription',
        customer: session.customer,
        status: 'active',
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        created: start,
        livemode: false,
        metadata: (session.subscription_data as { metadata?: Json } | null)?.metadata ?? {},
        latest_invoice: null,
        items: list(
          [
            {
              id: newId('si'),
              object: 'subscription_item',
              price: { id: line!.price, object: 'price' },
              quantity: 1,
              current_period_start: start,
              current_period_end: start + 30 * DAY,
            },
          ],
          '/v1/subscription_items',
        ),
      };
      subscriptions.set(subscription.id as string, subscription);
      const invoice = makeInvoice(subscription, 'subscription_create', 'paid');
      Object.assign(session, { subscription: subscription.id, invoice: invoice.id });
      return { session, subscription, invoice };
    },
    renew(subscriptionId) {
      const subscription = subscriptionOf(subscriptionId);
      const item = (subscription.items as { data: Json[] }).data[0]!;
      const start = Number(item.current_period_end);
      Object.assign(item, { current_period_start: start, current_period_end: start + 30 * DAY });
      subscription.status = 'active';
      return makeInvoice(subscription, 'subscription_cycle', 'paid');
    },
    failRenewal(subscriptionId) {
      const subscription = subscriptionOf(subscriptionId);
      const item = (subscription.items as { data: Json[] }).data[0]!;
      const start = Number(item.current_period_end);
      Object.assign(item, { current_period_start: start, current_period_end: start + 30 * DAY });
      subscription.status = 'past_due';
      return makeInvoice(subscription, 'subscription_cycle', 'open');
    },
    payInvoice(invoiceId) {
      const invoice = invoices.get(invoiceId);
      if (!invoice) throw new Error(`no invoice ${invoiceId}`);
      Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
      const subscriptionId = (invoice.parent as { subscription_details: { subscription: string } })
        .subscription_details.subscription;
      subscriptionOf(subscriptionId).status = 'active';
      return invoice;
    },
    savePaymentMethod(customerId, options = {}) {
      const customer = customers.get(customerId);
      if (!customer) throw new Error(`no customer ${customerId}`);
      const id = newId('pm');
      const method: Json = {
        id,
        object: 'payment_method',
        type: 'card',
        customer: customerId,
        card: { brand: 'visa', last4: options.declines ? '0341' : '4242', exp_month: 12, exp_year: 2030 },
        created: now(),
        livemode: false,
      };
      paymentMethods.set(customerId, [method, ...(paymentMethods.get(customerId) ?? [])]);
      if (options.declines) declining.add(id);
      customer.invoice_settings = { default_payment_method: id };
      return id;
    },
    giveUpRetries(subscriptionId) {
      const subscription = subscriptionOf(subscriptionId);
      subscription.status = 'unpaid';
      return subscription;
    },
    changePrice(subscriptionId, priceId) {
      const subscription = subscriptionOf(subscriptionId);
      (subscription.items as { data: Json[] }).data[0]!.price = { id: priceId, object: 'price' };
      return subscription;
    },
    cancel(subscriptionId, options = {}) {
      const subscription = subscriptionOf(subscriptionId);
      if (options.atPeriodEnd) {
        subscription.cancel_at_period_end = true;
      } else {
        Object.assign(subscription, { status: 'canceled', canceled_at: now(), ended_at: now() });
      }
      return subscription;
    },
    event(type, object, options = {}) {
      const id = options.id ?? newId('evt');
      const payload = JSON.stringify(
        {
          id,
          object: 'event',
          api_version: '2026-10-28.endive',
          created: now(),
          type,
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          data: { object: structuredClone(object) },
        },
        null,
        2,
      );
      return {
        id,
        payload,
        signature: signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}
