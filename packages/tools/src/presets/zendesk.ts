import { ZENDESK_DOMAIN_EXAMPLE } from '@switchboard/contracts/tool-presets';
import { EMAIL_PARAMETER, presetFunction, type ToolPreset, WHILE_WAITING } from './preset.ts';

const TICKET_ID = {
  type: 'integer',
  minimum: 1,
  description: 'The ticket number the caller gives (digits only, e.g. 4312).',
};

/**
 * Zendesk Support API v2. Authentication is an API token: HTTP basic with `{email}/token` as the user name
 * and the token as the password, so the user name is stored (sealed) already joined.
 */
export const ZENDESK_PRESET: ToolPreset<'zendesk'> = {
  info: {
    id: 'zendesk',
    name: 'Zendesk',
    system: 'Ticketing',
    description: 'Look up support tickets, open a new one for the caller, and add what was said on the call.',
    fields: [
      {
        name: 'domain',
        label: 'Zendesk domain',
        type: 'domain',
        placeholder: ZENDESK_DOMAIN_EXAMPLE,
        help: 'Your account’s address, without https:// or a path.',
      },
      {
        name: 'email',
        label: 'Agent email',
        type: 'email',
        placeholder: 'agent@acme.com',
        help: 'The Zendesk agent the API token acts as; tickets and comments are written as this agent.',
      },
      {
        name: 'apiToken',
        label: 'API token',
        type: 'secret',
        placeholder: 'Admin Center → Apps and integrations → Zendesk API',
        help: 'Stored encrypted; only the voice worker can read it.',
      },
    ],
  },
  build({ domain, email, apiToken, name }) {
    const api = `https://${domain}/api/v2`;
    return {
      name: name ?? 'Zendesk',
      config: {
        auth: { type: 'basic', usernameSecret: 'zendesk_user', passwordSecret: 'zendesk_api_token' },
        functions: [
          presetFunction({
            name: 'find_ticket',
            description: `Look up one support ticket by its number: its subject, status (new, open, pending, solved, closed) and when it was last updated. First ask the caller for the ticket number. ${WHILE_WAITING} Tell the caller the status and subject in plain words; do not read out internal IDs, URLs, tags or the requester’s details.`,
            parameters: {
              type: 'object',
              properties: { ticket_id: TICKET_ID },
              required: ['ticket_id'],
              additionalProperties: false,
            },
            method: 'GET',
            url: `${api}/tickets/{{ticket_id}}.json`,
          }),
          presetFunction({
            name: 'find_tickets_by_email',
            description: `Find the caller’s tickets when they do not know the number, newest first. First ask for the email address they wrote to support from and confirm it. ${WHILE_WAITING} If there are several, name the subjects and statuses of the most recent two or three and ask which one they mean; never read out other people’s names or addresses, IDs or URLs.`,
            parameters: {
              type: 'object',
              properties: { email: EMAIL_PARAMETER },
              required: ['email'],
              additionalProperties: false,
            },
            method: 'GET',
            url: `${api}/search.json?query=type%3Aticket%20requester%3A{{email}}&sort_by=updated_at&sort_order=desc`,
          }),
          presetFunction({
            name: 'create_ticket',
            description: `Open a new support ticket for the caller. First ask for their name, their email address (confirm the spelling) and what the problem is; summarize it back and get a yes before calling. ${WHILE_WAITING} Then give the caller the new ticket number (the "id" of the ticket), digit by digit.`,
            parameters: {
              type: 'object',
              properties: {
                requester_name: { type: 'string', minLength: 1, description: 'The caller’s full name.' },
                requester_email: EMAIL_PARAMETER,
                subject: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 150,
                  description: 'A short title for the problem, in the caller’s language.',
                },
                description: {
                  type: 'string',
                  minLength: 1,
                  description:
                    'What the caller needs, in full sentences, including anything they already tried.',
                },
              },
              required: ['requester_name', 'requester_email', 'subject', 'description'],
              additionalProperties: false,
            },
            method: 'POST',
            url: `${api}/tickets.json`,
            body: '{"ticket": {"subject": "{{subject}}", "comment": {"body": "{{description}}"}, "requester": {"name": "{{requester_name}}", "email": "{{requester_email}}"}}}',
          }),
          presetFunction({
            name: 'add_ticket_comment',
            description: `Add a note to an existing ticket with what the caller said on this call. Only after find_ticket or create_ticket gave you the ticket number. The note is internal (the requester does not get an email). ${WHILE_WAITING} Confirm to the caller that it was added; do not read the note back word for word.`,
            parameters: {
              type: 'object',
              properties: {
                ticket_id: TICKET_ID,
                comment: {
                  type: 'string',
                  minLength: 1,
                  description: 'What to add, written for the support team: what the caller said and wants.',
                },
              },
              required: ['ticket_id', 'comment'],
              additionalProperties: false,
            },
            method: 'PUT',
            url: `${api}/tickets/{{ticket_id}}.json`,
            body: '{"ticket": {"comment": {"body": "{{comment}}", "public": false}}}',
          }),
        ],
      },
      secrets: { zendesk_user: `${email}/token`, zendesk_api_token: apiToken },
    };
  },
};
