import { z } from 'zod';
import { CallSchema } from './calls.ts';

/** The first steps of a new organization, in the order the home page lists them. */
export const SETUP_STEPS = ['create_agent', 'add_tool', 'chat', 'talk', 'phone_number', 'billing'] as const;
export const SetupStepKeySchema = z.enum(SETUP_STEPS);
export type SetupStepKey = z.infer<typeof SetupStepKeySchema>;

/**
 * An organization's home page in one request: the setup checklist ticked from what the organization has
 * (agents, tools, chat and voice calls, phone numbers, credits bought or granted), the latest calls and this
 * month's usage for those who may read calls, and the balance (this month's spending for billing readers).
 */
export const HomeStateSchema = z
  .object({
    checklist: z.array(
      z.object({
        key: SetupStepKeySchema,
        done: z.boolean(),
        /** False when the installation does not offer the step (no voice, no phone, metering off). */
        available: z.boolean(),
      }),
    ),
    /** Null without calls:read. */
    recentCalls: z.array(CallSchema).nullable(),
    /** Calendar month in the organization's time zone; null without calls:read. */
    month: z
      .object({
        calls: z.number().int(),
        minutes: z.number(),
        /** Null without billing:read, or when calls cost nothing (metering off). */
        spentCredits: z.number().nullable(),
      })
      .nullable(),
    /** Null when calls cost nothing on this installation (metering off). */
    balanceCredits: z.number().nullable(),
  })
  .meta({ id: 'HomeState' });
export type HomeState = z.infer<typeof HomeStateSchema>;
