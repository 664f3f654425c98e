import type { ServerResponse } from 'node:http';
import { type EchoedRequest, startTestServer, type TestServer } from './test-server.ts';

/*
 * Local fakes of the REST APIs the presets call (packages/tools/src/presets/), on 127.0.0.1: the providers'
 * real paths, authentication and JSON shapes (trimmed to the fields that matter), with state in memory so a
 * created record can be found again. Each refuses a request without the right credential the way the
 * provider does.
 */

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const record = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};

// ---------------------------------------------------------------------------------------------- Zendesk

export interface ZendeskTicket {
  id: number;
  url: string;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'solved' | 'closed';
  priority: string | null;
  requester_id: number;
  created_at: string;
  updated_at: string;
  tags: string[];
}

export interface FakeZendesk extends TestServer {
  tickets: ZendeskTicket[];
  users: { id: number; name: string; email: string }[];
  comments: { ticketId: number; body: string; public: boolean }[];
}

/** Zendesk Support API v2: tickets (show, create, update with a comment) and search, API token auth. */
export async function startFakeZendesk(credentials: {
  email: string;
  apiToken: string;
}): Promise<FakeZendesk> {
  const expected = `Basic ${Buffer.from(`${credentials.email}/token:${credentials.apiToken}`).toString('base64')}`;
  const users = [{ id: 9001, name: 'Maria Lopez', email: 'maria@example.com' }];
  const time = '2026-11-30T09:15:00Z';
  const tickets: ZendeskTicket[] = [
    {
      id: 4312,
      url: '',
      subject: 'Invoice shows the wrong address',
      description: 'My November invoice has my old address.',
      status: 'pending',
      priority: 'normal',
      requester_id: 9001,
      created_at: time,
      updated_at: time,
      tags: ['billing'],
    },
  ];
  const comments: FakeZendesk['comments'] = [];
  let nextId = 4313;
  let baseUrl = '';
  const withUrl = (ticket: ZendeskTicket) => ({
    ...ticket,
    url: `${baseUrl}/api/v2/tickets/${ticket.id}.json`,
  });

  const server = await startTestServer({
    '/api/v2/': (req, res, echoed: EchoedRequest) => {
      if (req.headers.authorization !== expected) {
        return send(res, 401, { error: "Couldn't authenticate you" });
      }
      const ticketPath = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(echoed.path);
      if (echoed.method === 'GET' && ticketPath) {
        const ticket = tickets.find((t) => t.id === Number(ticketPath[1]));
        if (!ticket) return send(res, 404, { error: 'RecordNotFound', description: 'Not found' });
        return send(res, 200, { ticket: withUrl(ticket) });
      }
      if (echoed.method === 'GET' && echoed.path === '/api/v2/search.json') {
        const query = echoed.query.query?.[0] ?? '';
        const email = /requester:(\S+)/.exec(query)?.[1];
        const user = users.find((u) => u.email === email);
        const results = /type:ticket/.test(query)
          ? tickets
              .filter((t) => t.requester_id === user?.id)
              .map((t) => ({ ...withUrl(t), result_type: 'ticket' }))
          : [];
        return send(res, 200, {
          results,
          facets: null,
          next_page: null,
          previous_page: null,
          count: results.length,
        });
      }
      if (echoed.method === 'POST' && echoed.path === '/api/v2/tickets.json') {
        const input = record(record(echoed.body).ticket);
        const comment = record(input.comment);
        const requester = record(input.requester);
        if (typeof comment.body !== 'string' || comment.body === '') {
          return send(res, 422, {
            error: 'RecordInvalid',
            description: 'Record validation errors',
            details: { description: [{ description: 'Description: cannot be blank', error: 'BlankValue' }] },
          });
        }
        let user = users.find((u) => u.email === requester.email);
        if (!user) {
          user = {
            id: 9000 + users.length + 1,
            name: String(requester.name),
            email: String(requester.email),
          };
          users.push(user);
        }
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const ticket: ZendeskTicket = {
          id: nextId++,
          url: '',
          subject: String(input.subject ?? ''),
          description: comment.body,
          status: 'new',
          priority: null,
          requester_id: user.id,
          created_at: now,
          updated_at: now,
          tags: [],
        };
        tickets.push(ticket);
        return send(res, 201, { ticket: withUrl(ticket) });
      }
      if (echoed.method === 'PUT' && ticketPath) {
        const ticket = tickets.find((t) => t.id === Number(ticketPath[1]));
        if (!ticket) return send(res, 404, { error: 'RecordNotFound', description: 'Not found' });
        const comment = record(record(record(echoed.body).ticket).comment);
        if (typeof comment.body === 'string') {
          comments.push({ ticketId: ticket.id, body: comment.body, public: comment.public !== false });
        }
        ticket.status = ticket.status === 'new' ? 'open' : ticket.status;
        return send(res, 200, {
          ticket: withUrl(ticket),
          audit: {
            id: 77000 + comments.length,
            ticket_id: ticket.id,
            events: [{ id: 1, type: 'Comment', body: comment.body, public: comment.public !== false }],
          },
        });
      }
      return send(res, 404, { error: 'InvalidEndpoint', description: 'Not found' });
    },
  });
  baseUrl = server.baseUrl;
  return Object.assign(server, { tickets, users, comments });
}

// ---------------------------------------------------------------------------------------------- HubSpot

interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export interface FakeHubSpot extends TestServer {
  contacts: HubSpotObject[];
  notes: (HubSpotObject & { associations: unknown })[];
}

/** HubSpot CRM v3: contacts search (filterGroups EQ and `query`), create contact, create note, bearer auth. */
export async function startFakeHubSpot(accessToken: string): Promise<FakeHubSpot> {
  const time = '2026-10-02T14:00:00.000Z';
  const contacts: HubSpotObject[] = [
    {
      id: '51',
      properties: {
        firstname: 'Maria',
        lastname: 'Lopez',
        email: 'maria@example.com',
        phone: '+14155550123',
        mobilephone: null,
        company: 'Lopez Dental',
        hs_object_id: '51',
        createdate: time,
        lastmodifieddate: time,
      },
      createdAt: time,
      updatedAt: time,
      archived: false,
    },
  ];
  const notes: FakeHubSpot['notes'] = [];
  let nextId = 100;
  const pick = (contact: HubSpotObject, names: unknown) => ({
    ...contact,
    properties: Object.fromEntries(
      [...(Array.isArray(names) ? names : []), 'hs_object_id', 'createdate', 'lastmodifieddate'].map(
        (name) => [name, contact.properties[name] ?? null],
      ),
    ),
  });
  const digits = (value: unknown) => String(value ?? '').replace(/\D/g, '');

  const server = await startTestServer({
    '/crm/v3/objects/': (req, res, echoed) => {
      if (req.headers.authorization !== `Bearer ${accessToken}`) {
        return send(res, 401, {
          status: 'error',
          message: 'Authentication credentials not found.',
          correlationId: '4f2c7a9e-0000-4000-8000-000000000000',
          category: 'INVALID_AUTHENTICATION',
        });
      }
      const body = record(echoed.body);
      if (echoed.method === 'POST' && echoed.path === '/crm/v3/objects/contacts/search') {
        const groups = Array.isArray(body.filterGroups) ? body.filterGroups : [];
        const matches = contacts.filter((contact) => {
          const byQuery =
            typeof body.query === 'string' &&
            digits(body.query).length > 0 &&
            [contact.properties.phone, contact.properties.mobilephone].some(
              (phone) => phone && digits(phone) === digits(body.query),
            );
          const byFilters = groups.some((group) =>
            (record(group).filters as unknown[] | undefined)?.every((raw) => {
              const filter = record(raw);
              return (
                filter.operator === 'EQ' &&
                String(contact.properties[String(filter.propertyName)] ?? '').toLowerCase() ===
                  String(filter.value).toLowerCase()
              );
            }),
          );
          return byQuery || byFilters;
        });
        return send(res, 200, {
          total: matches.length,
          results: matches.map((c) => pick(c, body.properties)),
        });
      }
      if (echoed.method === 'POST' && echoed.path === '/crm/v3/objects/contacts') {
        const properties = record(body.properties) as Record<string, string>;
        if (properties.email && contacts.some((c) => c.properties.email === properties.email)) {
          return send(res, 409, {
            status: 'error',
            message: 'Contact already exists. Existing ID: 51',
            category: 'CONFLICT',
          });
        }
        const now = new Date().toISOString();
        const id = String(nextId++);
        const contact: HubSpotObject = {
          id,
          properties: { ...properties, hs_object_id: id, createdate: now, lastmodifieddate: now },
          createdAt: now,
          updatedAt: now,
          archived: false,
        };
        contacts.push(contact);
        return send(res, 201, contact);
      }
      if (echoed.method === 'POST' && echoed.path === '/crm/v3/objects/notes') {
        const properties = record(body.properties) as Record<string, string>;
        if (!properties.hs_timestamp || Number.isNaN(Date.parse(properties.hs_timestamp))) {
          return send(res, 400, {
            status: 'error',
            message: 'Property values were not valid: hs_timestamp is required',
            category: 'VALIDATION_ERROR',
          });
        }
        const now = new Date().toISOString();
        const id = String(nextId++);
        const note = {
          id,
          properties: { ...properties, hs_object_id: id, hs_createdate: now, hs_lastmodifieddate: now },
          createdAt: now,
          updatedAt: now,
          archived: false as const,
          associations: body.associations,
        };
        notes.push(note);
        const { associations: _, ...answer } = note;
        return send(res, 201, answer);
      }
      return send(res, 404, { status: 'error', message: 'Not found', category: 'OBJECT_NOT_FOUND' });
    },
  });
  return Object.assign(server, { contacts, notes });
}

// ---------------------------------------------------------------------------------------------- Shopify

export interface FakeShopify extends TestServer {
  orders: Record<string, unknown>[];
}

/** Shopify Admin REST API (orders with name/email filters and `fields`, customers search), token header auth. */
export async function startFakeShopify(accessToken: string, apiVersion: string): Promise<FakeShopify> {
  const order = (name: string, email: string, created: string, extra: Record<string, unknown>) => ({
    id: 5_000_000_000 + Number(name.slice(1)),
    name,
    email,
    created_at: created,
    cancelled_at: null,
    financial_status: 'paid',
    fulfillment_status: null,
    total_price: '54.90',
    currency: 'EUR',
    line_items: [{ id: 1, title: 'Ceramic mug', quantity: 2, price: '27.45' }],
    fulfillments: [],
    shipping_address: { address1: '1 Hidden Street' },
    ...extra,
  });
  const orders = [
    order('#1001', 'maria@example.com', '2026-11-20T10:00:00+01:00', {
      fulfillment_status: 'fulfilled',
      fulfillments: [
        {
          id: 1,
          status: 'success',
          shipment_status: 'in_transit',
          tracking_company: 'DHL',
          tracking_number: 'JJD0001',
          tracking_url: 'https://track.example/JJD0001',
        },
      ],
    }),
    order('#1002', 'maria@example.com', '2026-11-28T10:00:00+01:00', {}),
    order('#1003', 'sam@example.com', '2026-11-29T10:00:00+01:00', {}),
  ];
  const customers = [
    {
      id: 207119551,
      first_name: 'Maria',
      last_name: 'Lopez',
      email: 'maria@example.com',
      phone: '+14155550123',
      orders_count: 2,
      last_order_name: '#1002',
      total_spent: '109.80',
    },
  ];
  const only = (item: Record<string, unknown>, fields: string | undefined) =>
    fields ? Object.fromEntries(fields.split(',').map((field) => [field, item[field]])) : item;

  const server = await startTestServer({
    '/admin/api/': (req, res, echoed) => {
      if (req.headers['x-shopify-access-token'] !== accessToken) {
        return send(res, 401, {
          errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
        });
      }
      const prefix = `/admin/api/${apiVersion}`;
      const fields = echoed.query.fields?.[0];
      if (echoed.method === 'GET' && echoed.path === `${prefix}/orders.json`) {
        const name = echoed.query.name?.[0];
        const email = echoed.query.email?.[0];
        const limit = Number(echoed.query.limit?.[0] ?? 50);
        const found = orders
          .filter(
            (o) => (name === undefined || o.name === name) && (email === undefined || o.email === email),
          )
          .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
          .slice(0, limit);
        return send(res, 200, { orders: found.map((o) => only(o, fields)) });
      }
      if (echoed.method === 'GET' && echoed.path === `${prefix}/customers/search.json`) {
        const query = echoed.query.query?.[0] ?? '';
        const phone = /phone:(\S+)/.exec(query)?.[1];
        const found = customers.filter((c) => phone !== undefined && c.phone === phone);
        return send(res, 200, { customers: found.map((c) => only(c, fields)) });
      }
      return send(res, 404, { errors: 'Not Found' });
    },
  });
  return Object.assign(server, { orders });
}
