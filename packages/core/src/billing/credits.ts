/** Millicredits (the database's integer unit) as the credits people read, with 3 decimals. */
export function toCredits(millicredits: number | string | bigint): number {
  return Number(millicredits) / 1000;
}

/** Credits as entered (at most 3 decimals) in the database's integer unit. */
export function toMillicredits(credits: number): number {
  return Math.round(credits * 1000);
}
