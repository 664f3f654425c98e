import { type DestinationStream, type Logger, pino } from 'pino';

/** Headers that carry credentials: logged as [Redacted], whatever the level. */
const REDACTED = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: REDACTED }, destination);
}
