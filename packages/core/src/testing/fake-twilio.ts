import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

/** One request as the fake received it (form fields as Twilio reads them, PascalCase). */
export interface FakeTwilioRequest {
  method: string;
  /** Under the product: /api/2010-04-01/…, /trunking/v1/…. */
  path: string;
  form: Record<string, string>;
  query: Record<string, string>;
}

/**
 * A stand-in for Twilio's REST API as far as Switchboard uses it, in Twilio's JSON shapes (snake_case, list
 * pages with their meta keys), objects kept in memory: IncomingPhoneNumbers (list, fetch, buy, release),
 * AvailablePhoneNumbers (Local, TollFree, Mobile), SIP CredentialLists and their Credentials, and Trunking
 * v1 Trunks with OriginationUrls, PhoneNumbers and CredentialLists. Requests must carry HTTP Basic auth with
 * the account's Auth Token or one of its API keys. The SDK reaches it through TWILIO_API_BASE, which maps
 * https://<product>.twilio.com/<path> to <apiBase>/<product>/<path>.
 */
export interface FakeTwilio {
  /** TWILIO_API_BASE. */
  apiBase: string;
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  requests: FakeTwilioRequest[];
  /** Requests refused for their credentials. */
  refused: number;
  /** Numbers in the account (IncomingPhoneNumbers), by SID. */
  incomingNumbers: Map<string, Json>;
  trunks: Map<
    string,
    Json & { origination_urls: Json[]; phone_numbers: string[]; credential_lists: string[] }
  >;
  credentialLists: Map<string, Json & { credentials: Json[] }>;
  /** Adds a number to the account as if bought in Twilio's console (to import). */
  addAccountNumber(e164: string, friendlyName?: string): Json;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const sid = (prefix: string) => `${prefix}${hex(16)}`;

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = sid('AC');
  const authToken = hex(16);
  const apiKeySid = sid('SK');
  const apiKeySecret = hex(16);
  const accountPath = `/api/2010-04-01/Accounts/${accountSid}`;

  const incomingNumber = (e164: string, friendlyName?: string): Json => {
    const number: Json = {
      sid: sid('PN'),
      account_sid: accountSid,
      phone_number: e164,
      friendly_name: friendlyName ?? e164,
      trunk_sid: null,
      voice_url: '',
      capabilities: { voice: true, sms: true, mms: false, fax: false },
      date_created: new Date().toUTCString(),
      status: 'in-use',
    };
    number.uri = `${accountPath}/IncomingPhoneNumbers/${number.sid}.json`;
    fake.incomingNumbers.set(String(number.sid), number);
    return number;
  };

  const available = (country: string, areaCode: string | undefined, limit: number): Json[] => {
    const area = areaCode ?? '415';
    return Array.from({ length: Math.min(limit, 5) }, (_, index) => {
      const e164 = `+1${area}555${String(100 + index).padStart(4, '0')}`;
      return {
        phone_number: e164,
        friendly_name: `(${area}) 555-${String(100 + index).padStart(4, '0')}`,
        locality: 'San Francisco',
        region: 'CA',
        iso_country: country,
        postal_code: '94105',
        lata: '722',
        rate_center: 'SNFC CNTRL',
        latitude: '37.78',
        longitude: '-122.39',
        beta: false,
        capabilities: { voice: true, SMS: true, MMS: true },
        address_requirements: 'none',
      };
    });
  };

  const handle = (
    method: string,
    path: string,
    form: Record<string, string>,
    query: Record<string, string>,
  ): [number, unknown] => {
    // ---- IncomingPhoneNumbers ----
    if (path === `${accountPath}/IncomingPhoneNumbers.json`) {
      if (method === 'GET') {
        const numbers = [...fake.incomingNumbers.values()];
        return [200, { ...page2010(path, 'incoming_phone_numbers', query), incoming_phone_numbers: numbers }];
      }
      if (method === 'POST') {
        if (!form.PhoneNumber) return twilioError(400, 21452, 'A phone number is required');
        if ([...fake.incomingNumbers.values()].some((n) => n.phone_number === form.PhoneNumber))
          return twilioError(400, 21422, 'PhoneNumber Requested is not available');
        return [201, incomingNumber(form.PhoneNumber, form.FriendlyName)];
      }
    }
    const numberPath = path.match(
      new RegExp(`^${accountPath}/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$`),
    );
    if (numberPath) {
      const number = fake.incomingNumbers.get(numberPath[1] ?? '');
      if (!number) return twilioError(404, 20404, `The requested resource ${path} was not found`);
      if (method === 'GET') return [200, number];
      if (method === 'DELETE') {
        fake.incomingNumbers.delete(String(number.sid));
        return [204, undefined];
      }
    }
    const availablePath = path.match(
      new RegExp(`^${accountPath}/AvailablePhoneNumbers/([A-Z]{2})/(Local|TollFree|Mobile)\\.json$`),
    );
    if (method === 'GET' && availablePath) {
      const country = availablePath[1] ?? 'US';
      return [
        200,
        {
          ...page2010(path, 'available_phone_numbers', query),
          available_phone_numbers: available(country, query.AreaCode, Number(query.PageSize ?? 20)),
        },
      ];
    }
    // ---- SIP credential lists ----
    if (path === `${accountPath}/SIP/CredentialLists.json` && method === 'POST') {
      const list = {
        sid: sid('CL'),
        account_sid: accountSid,
        friendly_name: form.FriendlyName ?? '',
        credentials: [],
      };
      fake.credentialLists.set(list.sid, list);
      return [201, withoutCredentials(list)];
    }
    const credentialsPath = path.match(
      new RegExp(`^${accountPath}/SIP/CredentialLists/(CL[0-9a-f]{32})/Credentials\\.json$`),
    );
    if (method === 'POST' && credentialsPath) {
      const list = fake.credentialLists.get(credentialsPath[1] ?? '');
      if (!list) return twilioError(404, 20404, 'Credential list not found');
      if (!form.Username || !form.Password || form.Password.length < 12)
        return twilioError(400, 21604, 'Username and a password of 12 characters or more are required');
      const credential = {
        sid: sid('CR'),
        account_sid: accountSid,
        credential_list_sid: list.sid,
        username: form.Username,
      };
      list.credentials.push({ ...credential, password: form.Password });
      return [201, credential];
    }
    // ---- Trunking v1 ----
    if (path === '/trunking/v1/Trunks' && method === 'POST') {
      const trunk = {
        sid: sid('TK'),
        account_sid: accountSid,
        friendly_name: form.FriendlyName ?? null,
        domain_name: form.DomainName ?? null,
        secure: false,
        cnam_lookup_enabled: false,
        transfer_mode: 'disable-all',
        date_created: new Date().toISOString(),
        url: '',
        origination_urls: [],
        phone_numbers: [],
        credential_lists: [],
      };
      if (trunk.domain_name && !/^[a-z0-9-]+\.pstn\.twilio\.com$/.test(trunk.domain_name))
        return twilioError(400, 21245, 'Invalid domain name');
      fake.trunks.set(trunk.sid, trunk);
      return [201, trunkJson(trunk)];
    }
    const trunkPath = path.match(
      /^\/trunking\/v1\/Trunks\/(TK[0-9a-f]{32})(?:\/(OriginationUrls|PhoneNumbers|CredentialLists))?$/,
    );
    if (trunkPath) {
      const trunk = fake.trunks.get(trunkPath[1] ?? '');
      if (!trunk) return twilioError(404, 20404, 'Trunk not found');
      const sub = trunkPath[2];
      if (!sub && method === 'GET') return [200, trunkJson(trunk)];
      if (sub === 'OriginationUrls') {
        if (method === 'GET')
          return [200, { origination_urls: trunk.origination_urls, meta: meta(path, 'origination_urls') }];
        if (method === 'POST') {
          if (!form.SipUrl?.startsWith('sip:')) return twilioError(400, 21250, 'SipUrl must be a sip: URI');
          const url = {
            sid: sid('OU'),
            account_sid: accountSid,
            trunk_sid: trunk.sid,
            friendly_name: form.FriendlyName,
            sip_url: form.SipUrl,
            priority: Number(form.Priority),
            weight: Number(form.Weight),
            enabled: form.Enabled === 'true',
          };
          trunk.origination_urls.push(url);
          return [201, url];
        }
      }
      if (sub === 'PhoneNumbers') {
        const onTrunk = () =>
          trunk.phone_numbers.flatMap((numberSid) => {
            const number = fake.incomingNumbers.get(numberSid);
            return number ? [{ ...number, trunk_sid: trunk.sid }] : [];
          });
        if (method === 'GET') return [200, { phone_numbers: onTrunk(), meta: meta(path, 'phone_numbers') }];
        if (method === 'POST') {
          const number = fake.incomingNumbers.get(form.PhoneNumberSid ?? '');
          if (!number) return twilioError(404, 20404, 'Phone number not found');
          if (number.trunk_sid)
            return twilioError(400, 21219, 'Phone number is already associated with a trunk');
          number.trunk_sid = trunk.sid;
          trunk.phone_numbers.push(String(number.sid));
          return [201, { ...number }];
        }
      }
      if (sub === 'CredentialLists' && method === 'POST') {
        const list = fake.credentialLists.get(form.CredentialListSid ?? '');
        if (!list) return twilioError(404, 20404, 'Credential list not found');
        trunk.credential_lists.push(String(list.sid));
        return [
          201,
          { sid: list.sid, account_sid: accountSid, trunk_sid: trunk.sid, friendly_name: list.friendly_name },
        ];
      }
    }
    return twilioError(404, 20404, `The requested resource ${path} was not found`);
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    const form = Object.fromEntries(new URLSearchParams(raw));
    const query = Object.fromEntries(url.searchParams);
    if (!authorized(request)) {
      fake.refused += 1;
      return send(response, twilioError(401, 20003, 'Authenticate'));
    }
    fake.requests.push({ method: request.method ?? 'GET', path: url.pathname, form, query });
    send(response, handle(request.method ?? 'GET', url.pathname, form, query));
  });

  const authorized = (request: IncomingMessage) => {
    const header = request.headers.authorization ?? '';
    const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    return (
      (user === accountSid && password === authToken) || (user === apiKeySid && password === apiKeySecret)
    );
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeTwilio = {
    apiBase: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    apiKeySid,
    apiKeySecret,
    requests: [],
    refused: 0,
    incomingNumbers: new Map(),
    trunks: new Map(),
    credentialLists: new Map(),
    addAccountNumber: (e164, friendlyName) => incomingNumber(e164, friendlyName),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function page2010(path: string, key: string, query: Record<string, string>): Json {
  return {
    first_page_uri: path,
    next_page_uri: null,
    previous_page_uri: null,
    page: 0,
    page_size: Number(query.PageSize ?? 50),
    start: 0,
    end: 0,
    uri: `${path}?key=${key}`,
  };
}

function meta(path: string, key: string): Json {
  return {
    key,
    page: 0,
    page_size: 50,
    first_page_url: path,
    previous_page_url: null,
    next_page_url: null,
    url: path,
  };
}

function trunkJson(trunk: Json): Json {
  const { origination_urls: _o, phone_numbers: _p, credential_lists: _c, ...rest } = trunk;
  return rest;
}

function withoutCredentials(list: Json): Json {
  const { credentials: _credentials, ...rest } = list;
  return rest;
}

function twilioError(status: number, code: number, message: string): [number, Json] {
  return [status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }];
}

function send(response: ServerResponse, [status, body]: [number, unknown]) {
  if (body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}
