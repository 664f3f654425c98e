import { z } from 'zod';
import { EmailSchema, TimestampSchema, UuidSchema } from './common.ts';
import { RoleKeySchema } from './permissions.ts';

export const MemberSchema = z
  .object({
    userId: UuidSchema,
    name: z.string(),
    email: z.string(),
    role: RoleKeySchema,
    joinedAt: TimestampSchema,
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof MemberSchema>;

export const MemberParamsSchema = z.object({ orgId: UuidSchema, userId: UuidSchema });
export const UpdateMemberSchema = z.strictObject({ role: RoleKeySchema });
export type UpdateMember = z.infer<typeof UpdateMemberSchema>;

export const InvitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);

export const InvitationSchema = z
  .object({
    id: UuidSchema,
    email: z.string(),
    role: RoleKeySchema,
    status: InvitationStatusSchema,
    invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
    expiresAt: TimestampSchema,
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof InvitationSchema>;

export const CreateInvitationSchema = z.strictObject({ email: EmailSchema, role: RoleKeySchema });
export type CreateInvitation = z.infer<typeof CreateInvitationSchema>;

export const InvitationParamsSchema = z.object({ orgId: UuidSchema, invitationId: UuidSchema });

/** The invitation token travels only in the emailed link. */
export const InvitationTokenParamsSchema = z.object({ token: z.string().min(20).max(200) });

/** What the accept page shows before the invitee acts. */
export const InvitationPreviewSchema = z
  .object({
    organizationName: z.string(),
    email: z.string(),
    role: RoleKeySchema,
    roleName: z.string(),
    status: InvitationStatusSchema,
    inviterName: z.string().nullable(),
    expiresAt: TimestampSchema,
  })
  .meta({ id: 'InvitationPreview' });
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

export const AcceptedInvitationSchema = z.object({ organizationId: UuidSchema });
export type AcceptedInvitation = z.infer<typeof AcceptedInvitationSchema>;
