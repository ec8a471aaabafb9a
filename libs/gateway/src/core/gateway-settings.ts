/** What the gateway needs to know, decided by the app (from its validated env). */
export abstract class GatewaySettings {
  /** mega-API admin token: creates and lists instances, and works on every instance route. */
  abstract readonly adminToken: string;
  /** WPPConnect SECRET_KEY: bcrypt(session + SECRET_KEY) tokens, and the secret-key routes. */
  abstract readonly secretKey: string;
  /** How long a command may take end to end. */
  abstract readonly commandTimeoutMs: number;
  /** The largest request body read, of any content type (bytes; default 1 MiB); over it, a 413 in the dialect. */
  abstract readonly bodyLimitBytes?: number;
}
