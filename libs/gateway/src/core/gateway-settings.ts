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
  /** The body limit of the routes that carry a file as base64 JSON (default: the largest media kind in base64). */
  abstract readonly mediaBodyLimitBytes?: number;
  /**
   * Requests per credential (per second, plus a burst in any 10 s); over it, 429 with
   * `Retry-After` in the dialect's body. Undefined: no limit.
   */
  abstract readonly rateLimit?: { perSecond: number; burst: number };
  /** The pause between two sends of a send to many, per instance (ms; default 1000). */
  abstract readonly bulkDelayMs?: number;
  /** How much each such pause varies, as a fraction of it (default 0.3: ±30%). */
  abstract readonly bulkJitter?: number;
  /** How long finished bulk jobs are kept (ms; default 24 h). */
  abstract readonly bulkJobRetentionMs?: number;
  /**
   * After how long without a heartbeat a bulk job's owner counts as gone and another gateway takes
   * the job over (ms; default the larger of 30 s and the command timeout + 10 s).
   */
  abstract readonly bulkJobStaleMs?: number;
  /** How long a resumed bulk job waits for its instance to be connected again (ms; default 5 min). */
  abstract readonly bulkResumeWaitMs?: number;
  /**
   * True when this gateway is the only one on its bulk job store (standalone): on start it resumes
   * every unfinished job at once, as they were all its predecessor's.
   */
  abstract readonly bulkJobsOwnedAlone?: boolean;
}
