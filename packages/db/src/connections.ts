/** Database roles the services connect as; created by migration 001. */
export const APP_ROLE = 'switchboard_app';
export const WORKER_ROLE = 'switchboard_worker';

export interface DatabaseUrls {
  /** Owns the schema and runs migrations. Never used to serve requests. */
  owner: string;
  /** The API: subject to RLS, cannot read worker-tier secrets. */
  app: string;
  /** The worker tier: voice worker and background jobs. */
  worker: string;
}

export interface RolePasswords {
  app: string;
  worker: string;
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
  };
}
