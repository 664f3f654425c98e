import type { GoogleCalendarConfig } from '@switchboard/contracts/tools';
import type { ToolFunctionDefinition } from '../../tool-function.ts';
import { WEEKDAY_NAMES } from './zoned-time.ts';

/** Longest range check_availability and list_events accept, so one answer stays short enough to speak. */
export const MAX_RANGE_DAYS = 14;

/** "Monday–Friday 09:00–17:00", or "Monday, Wednesday 09:00–12:00" for days that are not a run. */
export function describeWorkingHours(workingHours: GoogleCalendarConfig['workingHours']): string {
  const days = [...new Set(workingHours.days)].sort((a, b) => a - b);
  const first = days[0];
  const last = days[days.length - 1];
  const isRun =
    first !== undefined && last !== undefined && days.length > 2 && last - first === days.length - 1;
  const names = isRun
    ? `${WEEKDAY_NAMES[first]}–${WEEKDAY_NAMES[last]}`
    : days.map((d) => WEEKDAY_NAMES[d]).join(', ');
  return `${names} ${workingHours.start}–${workingHours.end}`;
}

/**
 * The five functions as the model sees them. With a configuration the descriptions name the time zone,
 * working hours and slot length; without one (the dashboard's catalog) they say so in general terms.
 */
export function googleCalendarFunctionDefinitions(config?: GoogleCalendarConfig): ToolFunctionDefinition[] {
  const zone = config ? `the organization's time zone (${config.timeZone})` : "the organization's time zone";
  const hours = config ? ` (${describeWorkingHours(config.workingHours)})` : '';
  const slot = config ? `${config.defaultEventMinutes}-minute` : 'appointment-length';
  const dateTime = (what: string) =>
    `${what}, ISO 8601 date-time such as 2025-03-14T14:30. Read as ${zone} unless it carries an offset.`;
  const range = {
    date: {
      type: 'string',
      description: 'A single day, YYYY-MM-DD (e.g. 2025-03-14). Use this or start and end.',
    },
    start: { type: 'string', description: dateTime('Start of the range') },
    end: { type: 'string', description: dateTime('End of the range') },
  };
  const eventId = {
    type: 'string',
    minLength: 1,
    description: 'The id of the event, as returned by list_events or create_event.',
  };

  return [
    {
      name: 'check_availability',
      description:
        `Find free ${slot} appointment slots in the calendar within working hours${hours}. ` +
        `Give either a date or a start and end (at most ${MAX_RANGE_DAYS} days apart). ` +
        `Returns the free slots with start and end in ${zone}; past times are never offered. ` +
        'Check availability before creating or rescheduling an event.',
      parameters: { type: 'object', properties: range, additionalProperties: false },
      mutates: false,
    },
    {
      name: 'list_events',
      description:
        `List the events in the calendar for a date or a time range (at most ${MAX_RANGE_DAYS} days). ` +
        `Returns each event's id, summary, start and end in ${zone}.`,
      parameters: { type: 'object', properties: range, additionalProperties: false },
      mutates: false,
    },
    {
      name: 'create_event',
      description:
        `Book an event in the calendar. The time must be in the future and inside working hours${hours}. ` +
        `Without end or durationMinutes the event lasts ${config ? `${config.defaultEventMinutes} minutes` : 'the default appointment length'}. ` +
        'Returns the new event with its id.',
      parameters: {
        type: 'object',
        properties: {
          summary: {
            type: 'string',
            minLength: 1,
            maxLength: 300,
            description: 'Title of the event, e.g. "Consultation with Jane Doe".',
          },
          start: { type: 'string', description: dateTime('When the event starts') },
          end: { type: 'string', description: dateTime('When the event ends (optional)') },
          durationMinutes: {
            type: 'integer',
            minimum: 5,
            maximum: 480,
            description: 'Length in minutes, used when end is not given.',
          },
          attendeeEmail: {
            type: 'string',
            format: 'email',
            description: "The caller's email address, if they gave one; they receive an invitation.",
          },
          description: { type: 'string', maxLength: 4000, description: 'Notes for the event (optional).' },
        },
        required: ['summary', 'start'],
        additionalProperties: false,
      },
      mutates: true,
    },
    {
      name: 'reschedule_event',
      description:
        `Move an existing event to a new time in the future, inside working hours${hours}. ` +
        'Without end the event keeps its length. Returns the event with its new times.',
      parameters: {
        type: 'object',
        properties: {
          eventId,
          start: { type: 'string', description: dateTime('The new start') },
          end: { type: 'string', description: dateTime('The new end (optional)') },
        },
        required: ['eventId', 'start'],
        additionalProperties: false,
      },
      mutates: true,
    },
    {
      name: 'cancel_event',
      description: 'Cancel (delete) an event in the calendar; attendees are notified.',
      parameters: {
        type: 'object',
        properties: { eventId },
        required: ['eventId'],
        additionalProperties: false,
      },
      mutates: true,
    },
  ];
}

/** The functions for the dashboard's tool catalog, shown before any calendar is connected. */
export const GOOGLE_CALENDAR_FUNCTIONS: ToolFunctionDefinition[] = googleCalendarFunctionDefinitions();
