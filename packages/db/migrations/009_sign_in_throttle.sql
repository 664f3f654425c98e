-- Purpose: failed sign-ins counted per account, so guessing one account's password slows down whatever
-- client addresses the guesses come from; kept in PostgreSQL so every API process sees the same count.
-- Touches: table auth.sign_in_throttle; role switchboard_auth.
-- Not tenant data. The address is stored only as an HMAC (keyed with the session secret), never in plaintext,
-- and it is counted whether or not an account exists, so the table says nothing about who has an account.
-- Only better-auth's own connection (switchboard_auth) reads or writes it: the API's tenant role and the
-- worker have no business with it.

-- switchboard_auth is the role of better-auth's connection; migration 010 gives it the rest of schema auth.
-- Created here, with the same attributes, because this table is granted to it first.
do $$
begin
  if not exists (select from pg_roles where rolname = 'switchboard_auth') then
    create role switchboard_auth nologin nosuperuser nocreatedb nocreaterole nobypassrls noinherit;
  end if;
end
$$;

create table auth.sign_in_throttle (
  -- hex HMAC-SHA256 of the lower-cased address
  email_hash text primary key,
  -- attempts since the last successful sign-in (an attempt counts before its password is checked)
  failures integer not null default 0,
  -- no attempt is checked before this time
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);

grant usage on schema auth to switchboard_auth;
grant select, insert, update, delete on auth.sign_in_throttle to switchboard_auth;
