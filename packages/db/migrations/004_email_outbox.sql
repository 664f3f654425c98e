-- Purpose: the durable email outbox and the local mailbox (the default transport when no email provider is
-- configured). Touches: email_outbox, mailbox_messages.
-- System tables, not tenant tables: sign-up and reset emails belong to no organization. The API may only
-- add to the outbox (in the transaction of the change that causes the email) and read the local mailbox;
-- the worker tier delivers.

create table email_outbox (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations (id) on delete set null,
  template text not null,
  to_address text not null,
  subject text not null,
  html text not null,
  text_body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent')),
  attempts integer not null default 0,
  last_error text,
  provider_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index email_outbox_pending_idx on email_outbox (created_at) where status = 'pending';

create table mailbox_messages (
  id uuid primary key default gen_random_uuid(),
  outbox_id uuid not null unique references email_outbox (id) on delete cascade,
  to_address text not null,
  subject text not null,
  html text not null,
  text_body text not null,
  created_at timestamptz not null default now()
);

grant insert on email_outbox to switchboard_app;
grant select, insert, update on email_outbox to switchboard_worker;
grant select on mailbox_messages to switchboard_app;
grant select, insert on mailbox_messages to switchboard_worker;
