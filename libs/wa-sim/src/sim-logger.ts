import { pino, type Logger } from 'pino';

export type SimLogger = Logger;

/** The simulator's own logger; silent unless the caller asks for a level. */
export function createSimLogger(level = 'silent'): SimLogger {
  return pino({ name: 'wa-sim', level });
}
