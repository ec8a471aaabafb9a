/** A dependency the gateway needs to serve (transport, storage); the app provides the checks. */
export abstract class ReadinessChecks {
  abstract checks(): Record<string, () => Promise<void>>;
}
