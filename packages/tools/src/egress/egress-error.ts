/** A request the egress guard did not make or did not finish; the message is fit for the person who asked. */
export class EgressError extends Error {
  override name = 'EgressError';
}

/**
 * The destination is not allowed. One message for every reason (scheme, loopback, private, metadata…, first
 * hop or redirect), raised before any connection is made, so it tells nothing about what listens there.
 */
export class EgressRefusedError extends EgressError {
  override name = 'EgressRefusedError';

  constructor(readonly host: string) {
    super(`The request to ${host} is not allowed: it points to a private or internal address`);
  }
}
