-- Purpose: an email the provider refused for good, or whose delivery job ran out of attempts, is marked
-- failed with the reason, and platform admins can list such emails. Touches: email_outbox (status 'failed',
-- failed_at, an index of failed emails, a column grant to switchboard_system).
-- The system role reads only the columns an admin needs to see what went wrong and to whom: not the html or
-- text bodies, which hold sign-in, verification and reset links.

alter table email_outbox drop constraint email_outbox_status_check;
alter table email_outbox
  add constraint email_outbox_status_check check (status in ('pending', 'sent', 'failed'));
alter table email_outbox add column failed_at timestamptz;
create index email_outbox_failed_idx on email_outbox (failed_at desc) where status = 'failed';

grant select (id, organization_id, template, to_address, subject, status, attempts, last_error, created_at, failed_at)
  on email_outbox to switchboard_system;
