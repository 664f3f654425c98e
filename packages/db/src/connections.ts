/** Database roles the services connect as; created by migrations 001 (app, worker) and 010 (system, auth). */
export const APP_ROLE = 'switchboard_app';
export const WORKER_ROLE = 'switchboard_worker';
export const SYSTEM_ROLE = 'switchboard_system';
export const AUTH_ROLE = 'switchboard_auth';

export interface DatabaseUrls {
  /** Owns the schema and runs migrations. Never used to serve requests. */
  owner: string;
  /** The API: subject to RLS, cannot read worker-tier secrets. */
  app: string;
  /** The worker tier: voice worker and background jobs. */
  worker: string;
  /** Cross-tenant work (withSystem): a separate login, so no statement on a tenant connection opens it. */
  system: string;
  /** better-auth alone: password hashes, sessions, OAuth tokens, verification values. */
  auth: string;
}

export interface RolePasswords {
  app: string;
  worker: string;
  system: string;
  auth: string;
}

/** The same server and database as `ownerUrl`, logged in as `role`. */
export function urlForRole(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

export function databaseUrls(ownerUrl: string, passwords: RolePasswords): DatabaseUrls {
  return {
    owner: ownerUrl,
    app: urlForRole(ownerUrl, APP_ROLE, passwords.app),
    worker: urlForRole(ownerUrl, WORKER_ROLE, passwords.worker),
    system: urlForRole(ownerUrl, SYSTEM_ROLE, passwords.system),
    auth: urlForRole(ownerUrl, AUTH_ROLE, passwords.auth),
  };
}
