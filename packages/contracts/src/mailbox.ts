import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

export const MailboxMessageSummarySchema = z
  .object({ id: UuidSchema, to: z.string(), subject: z.string(), createdAt: TimestampSchema })
  .meta({ id: 'MailboxMessageSummary' });
export type MailboxMessageSummary = z.infer<typeof MailboxMessageSummarySchema>;

export const MailboxMessageSchema = MailboxMessageSummarySchema.extend({
  html: z.string(),
  text: z.string(),
}).meta({ id: 'MailboxMessage' });
export type MailboxMessage = z.infer<typeof MailboxMessageSchema>;

export const MailboxParamsSchema = z.object({ messageId: UuidSchema });
