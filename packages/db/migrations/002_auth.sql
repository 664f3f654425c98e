-- Purpose: better-auth's tables (users, sessions, accounts, verifications, rate limits) in schema auth.
-- Generated from packages/core/src/auth/auth-schema.ts with `npm run db:auth-sql`, then given grants and a
-- not-null default for is_platform_admin. Touches: schema auth.
-- Not tenant tables: a user exists before and across organizations.

create schema if not exists "auth";

create table "auth"."users" ("id" uuid default pg_catalog.gen_random_uuid() not null primary key, "name" text not null, "email" text not null unique, "email_verified" boolean not null, "image" text, "created_at" timestamptz default CURRENT_TIMESTAMP not null, "updated_at" timestamptz default CURRENT_TIMESTAMP not null, "is_platform_admin" boolean not null default false);

create table "auth"."sessions" ("id" uuid default pg_catalog.gen_random_uuid() not null primary key, "expires_at" timestamptz not null, "token" text not null unique, "created_at" timestamptz default CURRENT_TIMESTAMP not null, "updated_at" timestamptz not null, "ip_address" text, "user_agent" text, "user_id" uuid not null references "auth"."users" ("id") on delete cascade);

create table "auth"."accounts" ("id" uuid default pg_catalog.gen_random_uuid() not null primary key, "account_id" text not null, "provider_id" text not null, "user_id" uuid not null references "auth"."users" ("id") on delete cascade, "access_token" text, "refresh_token" text, "id_token" text, "access_token_expires_at" timestamptz, "refresh_token_expires_at" timestamptz, "scope" text, "password" text, "created_at" timestamptz default CURRENT_TIMESTAMP not null, "updated_at" timestamptz not null);

create table "auth"."verifications" ("id" uuid default pg_catalog.gen_random_uuid() not null primary key, "identifier" text not null, "value" text not null, "expires_at" timestamptz not null, "created_at" timestamptz default CURRENT_TIMESTAMP not null, "updated_at" timestamptz default CURRENT_TIMESTAMP not null);

create table "auth"."rate_limits" ("id" uuid default pg_catalog.gen_random_uuid() not null primary key, "key" text not null unique, "count" integer not null, "last_request" bigint not null);

create index "sessions_user_id_idx" on "auth"."sessions" ("user_id");

create index "accounts_user_id_idx" on "auth"."accounts" ("user_id");

create index "verifications_identifier_idx" on "auth"."verifications" ("identifier");

grant usage on schema auth to switchboard_app, switchboard_worker;
grant select, insert, update, delete on all tables in schema auth to switchboard_app;
grant select on auth.users to switchboard_worker;
