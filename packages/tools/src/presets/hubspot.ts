import { EMAIL_PARAMETER, presetFunction, type ToolPreset, WHILE_WAITING } from './preset.ts';

/** HubSpot's API has one host for every account (the token says which account). */
export const HUBSPOT_API = 'https://api.hubapi.com';

/** The properties a lookup returns: enough to greet and identify the caller, small enough to read. */
const CONTACT_PROPERTIES = '["firstname", "lastname", "email", "phone", "mobilephone", "company"]';

/** HubSpot's association type "note to contact". */
const NOTE_TO_CONTACT = 202;

const NOT_ALOUD =
  'Use the first name to greet the caller; do not read out the contact ID, email addresses or phone numbers unless the caller asks to check them.';

/** HubSpot CRM API v3 (contacts search, contacts, notes) with a private app's access token. */
export const HUBSPOT_PRESET: ToolPreset<'hubspot'> = {
  info: {
    id: 'hubspot',
    name: 'HubSpot',
    system: 'CRM',
    description:
      'Recognize callers as HubSpot contacts, add new ones, and log a note of each call on the contact.',
    fields: [
      {
        name: 'accessToken',
        label: 'Private app access token',
        type: 'secret',
        placeholder: 'pat-…',
        help: 'Settings → Integrations → Private apps, with the scopes crm.objects.contacts.read and crm.objects.contacts.write. Stored encrypted.',
      },
    ],
  },
  build({ accessToken, name }) {
    return {
      name: name ?? 'HubSpot',
      config: {
        auth: { type: 'bearer', secret: 'hubspot_access_token' },
        functions: [
          presetFunction({
            name: 'find_contact_by_phone',
            description: `Find the caller in the CRM by phone number. Use the caller's number when you know it; otherwise ask for it. ${WHILE_WAITING} "total": 0 means no contact was found: then ask for their email address and try find_contact_by_email. ${NOT_ALOUD}`,
            parameters: {
              type: 'object',
              properties: {
                phone: {
                  type: 'string',
                  minLength: 3,
                  description: 'The phone number, digits with an optional leading +, e.g. +14155550123.',
                },
              },
              required: ['phone'],
              additionalProperties: false,
            },
            method: 'POST',
            url: `${HUBSPOT_API}/crm/v3/objects/contacts/search`,
            body: `{"query": "{{phone}}", "properties": ${CONTACT_PROPERTIES}, "limit": 3}`,
          }),
          presetFunction({
            name: 'find_contact_by_email',
            description: `Find the caller in the CRM by email address. First ask for the address and spell it back to confirm. ${WHILE_WAITING} "total": 0 means no contact was found: offer to create one. ${NOT_ALOUD}`,
            parameters: {
              type: 'object',
              properties: { email: EMAIL_PARAMETER },
              required: ['email'],
              additionalProperties: false,
            },
            method: 'POST',
            url: `${HUBSPOT_API}/crm/v3/objects/contacts/search`,
            body: `{"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "{{email}}"}]}], "properties": ${CONTACT_PROPERTIES}, "limit": 3}`,
          }),
          presetFunction({
            name: 'create_contact',
            description: `Add the caller as a new contact, only after find_contact_by_phone and find_contact_by_email found nobody. First ask for their first and last name and confirm the spelling; use the caller's number as the phone unless they give another. ${WHILE_WAITING} Keep the "id" of the result for log_call_note; do not read it out.`,
            parameters: {
              type: 'object',
              properties: {
                first_name: { type: 'string', minLength: 1, description: 'The caller’s first name.' },
                last_name: { type: 'string', description: 'The caller’s last name, if they gave it.' },
                email: { ...EMAIL_PARAMETER, description: `${EMAIL_PARAMETER.description} Optional.` },
                phone: { type: 'string', description: 'The caller’s phone number, e.g. +14155550123.' },
              },
              required: ['first_name'],
              additionalProperties: false,
            },
            method: 'POST',
            url: `${HUBSPOT_API}/crm/v3/objects/contacts`,
            body: '{"properties": {"firstname": "{{first_name}}", "lastname": "{{last_name}}", "email": "{{email}}", "phone": "{{phone}}"}}',
          }),
          presetFunction({
            name: 'log_call_note',
            description: `Log a note of this call on the caller's contact (its "id" from a find or create function), timed now. Call it once, near the end of the call, without announcing it; there is nothing to read out.`,
            parameters: {
              type: 'object',
              properties: {
                contact_id: {
                  type: 'string',
                  pattern: '^[0-9]+$',
                  description: 'The contact’s "id" as the find or create function returned it.',
                },
                note: {
                  type: 'string',
                  minLength: 1,
                  description:
                    'A short summary for the team: why the caller called, what was agreed, what is still open.',
                },
              },
              required: ['contact_id', 'note'],
              additionalProperties: false,
            },
            method: 'POST',
            url: `${HUBSPOT_API}/crm/v3/objects/notes`,
            body: `{"properties": {"hs_timestamp": "{{$now}}", "hs_note_body": "{{note}}"}, "associations": [{"to": {"id": "{{contact_id}}"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": ${NOTE_TO_CONTACT}}]}]}`,
          }),
        ],
      },
      secrets: { hubspot_access_token: accessToken },
    };
  },
};
