import type { SocketConfig } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';

type BaileysLogger = SocketConfig['logger'];
type LogArgs = [obj: unknown, msg?: string];

export interface BaileysLoggerOptions {
  /** True while the session links a device (a QR or pairing code was offered, not yet connected). */
  linking(): boolean;
}

/**
 * The logger Baileys gets: the session's pino logger, with what Baileys logs as an error although
 * it is the normal course told as what it is. Right after a phone links the device (QR scan or
 * pairing code), WhatsApp closes the stream with 515 "restart required" and Baileys logs
 * `stream errored out` at error level before the session reconnects: that is info while linking,
 * and a warning at any other time (the session still reconnects on its own). Every other line
 * passes through unchanged.
 */
export function baileysLogger(logger: Logger, o: BaileysLoggerOptions): BaileysLogger {
  const call = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', args: LogArgs) =>
    (logger[level] as (...a: LogArgs) => void).apply(logger, args);
  return {
    get level() {
      return logger.level;
    },
    set level(level: string) {
      logger.level = level;
    },
    child: (bindings) => baileysLogger(logger.child(bindings), o),
    trace: (...args: LogArgs) => call('trace', args),
    debug: (...args: LogArgs) => call('debug', args),
    info: (...args: LogArgs) => call('info', args),
    warn: (...args: LogArgs) => call('warn', args),
    error: (...args: LogArgs) => {
      if (args[1] === 'stream errored out' && streamErrorCode(args[0]) === '515') {
        if (o.linking())
          logger.info('device linked: WhatsApp asks for the usual restart (515); reconnecting');
        else logger.warn('WhatsApp asked for a restart (stream error 515); reconnecting');
        return;
      }
      call('error', args);
    },
  };
}

/** The `code` of the `<stream:error>` node Baileys logs with `stream errored out`. */
function streamErrorCode(obj: unknown): string | undefined {
  const node = (obj as { fullErrorNode?: { attrs?: { code?: unknown } } } | undefined)?.fullErrorNode;
  const code = node?.attrs?.code;
  return typeof code === 'string' ? code : undefined;
}
