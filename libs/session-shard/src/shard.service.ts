import { randomUUID } from 'node:crypto';
import {
  DomainError,
  ErrorCode,
  SHARD_QUEUE,
  Subjects,
  type EventData,
  type EventEnvelope,
  type EventName,
} from '@zapgate/contracts';
import type { InstanceRepository } from '@zapgate/storage';
import { KeyedSerialQueue } from '@zapgate/storage';
import type { CommandBus, EventLog, LeaseEntry, LeaseStore, Subscription } from '@zapgate/transport';
import type { WhatsAppSession, WhatsAppSessionFactory } from '@zapgate/whatsapp';
import type { Logger } from 'pino';
import { CommandValidator } from './command-validator.js';
import { EventPublisher, type EventPublisherOptions } from './event-publisher.js';
import type { ShardMetrics } from './shard-metrics.js';
import { handleInstanceCommand, LIFECYCLE_VERBS } from './instance-command.handler.js';

/** Why a session is released when its instance left the registry. */
const INSTANCE_DELETED = 'instance deleted';

/**
 * Instances adopted at once in one round. An adoption is a few store round trips (lease, command
 * subscription, creds) up to the socket's creation, not the login (the handshakes of all of them
 * run side by side after that): after a failover the surviving shard's rounds wait on those round
 * trips, 8 at a time a 100-instance takeover took seconds (shard-scale), so more go at once.
 */
const ADOPT_CONCURRENCY = 32;

/** How long after another shard's lease lapses this shard looks again (timer slack). */
const LAPSE_MARGIN_MS = 25;

export interface ShardOptions {
  shardId: string;
  /** Most instances this shard holds at once. */
  capacity: number;
  /** How often leases are renewed and unowned instances looked for (well under the lease TTL). */
  tickMs: number;
  /** The in-memory buffer events wait in while the event log does not store them (NATS down). */
  eventBuffer?: EventPublisherOptions;
  /** How long a stop waits for buffered events to be stored (default 5 s). */
  eventFlushMs?: number;
}

export interface ShardDeps {
  bus: CommandBus;
  events: EventLog;
  leases: LeaseStore;
  instances: InstanceRepository;
  /** Makes the WhatsApp session of each instance adopted (Baileys; a fake in tests). */
  sessions: WhatsAppSessionFactory;
  logger: Logger;
  /** Prometheus metrics (instances, leases, commands, event publishing); none when absent. */
  metrics?: ShardMetrics;
}

interface Owned {
  session: WhatsAppSession;
  revision: number;
  commands: Subscription;
  /** The `at` of the last write of the lease that succeeded: it stands for a TTL from then. */
  leasedAt: number;
  /** Closes the session when no renewal succeeded in time, however stuck the round is. */
  watchdog?: NodeJS.Timeout;
}

export interface LeaseValue {
  shard: string;
  at: string;
}

/**
 * A session shard: leases instances (create-if-absent, renewed with compare-and-set), owns their
 * WhatsApp sessions, answers `zg.cmd.<instance>.*` for them (each command checked against its
 * schema first), and publishes their events to the log before anything else happens to them. A lease it fails to renew is dropped at once: two sockets
 * on one device make WhatsApp kick both. A renewal the lease store did not answer (NATS down for a
 * moment) is retried while the lease still stands, and the session closed before it could lapse.
 */
export class ShardService {
  private readonly owned = new Map<string, Owned>();
  private readonly serial = new KeyedSerialQueue();
  private timer?: NodeJS.Timeout;
  private placement?: Subscription;
  private stopping = false;
  private ticking = false;
  /** A round was asked for while one ran: it runs again once done. */
  private roundAgain = false;
  /** Wakes an adoption round when the earliest lease seen held by another shard lapses. */
  private lapseTimer?: NodeJS.Timeout;
  private lapseAt = Infinity;
  private renewing?: Promise<void>;
  private readonly adopting = new Map<string, Promise<boolean>>();
  private readonly validator = new CommandValidator();
  private readonly publisher: EventPublisher;

  constructor(
    private readonly o: ShardOptions,
    private readonly d: ShardDeps,
  ) {
    const m = d.metrics;
    this.publisher = new EventPublisher(d.events, o.eventBuffer, {
      stored: (e, ms, attempts) => {
        m?.eventsStored.inc({ event: e.kind });
        m?.eventPublishLatency.observe(ms / 1000);
        m?.eventsBuffered.set(this.publisher.depth);
        if (attempts > 1)
          d.logger.debug({ instance: e.key, event: e.kind, attempts, ms }, 'event published after retrying');
      },
      failed: (e, err, attempt, retryInMs) => {
        m?.eventPublishFailures.inc({ event: e.kind });
        m?.eventsBuffered.set(this.publisher.depth);
        // the first failure of a lane, then every tenth: an outage is visible, not a flood
        if (attempt === 1 || attempt % 10 === 0)
          d.logger.warn(
            { instance: e.key, event: e.kind, err, attempt, retryInMs, buffered: this.publisher.depth },
            'publishing the event failed; it is kept and tried again',
          );
      },
      refused: (e) => m?.eventsRefused.inc({ event: e.kind }),
    });
  }

  /** Events emitted and not yet stored in the event log. */
  get bufferedEvents(): number {
    return this.publisher.depth;
  }

  get instances(): string[] {
    return [...this.owned.keys()];
  }

  /**
   * Instances held or being adopted, each once: an adoption is owned (its lease taken) while it
   * still starts the session, and counting it twice refused placements below the capacity.
   */
  private get held(): number {
    let n = this.owned.size;
    for (const instance of this.adopting.keys()) if (!this.owned.has(instance)) n++;
    return n;
  }

  async start(): Promise<void> {
    this.placement = await this.d.bus.serve<{ instance: string }, { shard?: string }>(
      Subjects.control('place-instance'),
      (r) => this.place(r.instance),
      { queue: SHARD_QUEUE },
    );
    // the rounds are timed from now: the first one, which adopts every unowned instance (hundreds
    // at a cold start, a few at a time), can take longer than a lease's TTL, and the leases it took
    // first must be renewed meanwhile (else their watchdogs close those sessions mid-start)
    this.timer = setInterval(
      () => void this.tick().catch((err) => this.d.logger.error({ err }, 'shard tick failed')),
      this.o.tickMs,
    );
    try {
      await this.tick();
    } catch (err) {
      clearInterval(this.timer); // as before: a start that failed leaves no rounds running
      throw err;
    }
  }

  /**
   * Stops taking work (no adoption, no placement requests), closes every session (their auth
   * state flushed), deletes the leases, then asks the other shards to adopt those instances now
   * rather than at their next round. A command still in flight when its session closes fails
   * with a clear error; the caller retries against the new holder.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    clearTimeout(this.lapseTimer);
    await this.placement?.unsubscribe();
    await Promise.allSettled(this.adopting.values());
    const released = this.instances;
    await Promise.all(released.map((instance) => this.release(instance, 'shard stopping')));
    // the sessions' last events (and any still waiting for the log) go out before the hand-over
    if (!(await this.publisher.flush(this.o.eventFlushMs ?? 5_000)))
      this.d.logger.error(
        { dropped: this.publisher.depth },
        'events still not stored when the shard stopped: they are lost',
      );
    this.publisher.close();
    // this shard left the placement queue group: another shard answers
    await Promise.all(
      released.map((instance) =>
        this.d.bus
          .request<{ shard?: string }>(Subjects.control('place-instance'), { instance }, { timeoutMs: 5_000 })
          .then(
            (r) => this.d.logger.info({ instance, to: r.shard }, 'instance handed over'),
            (err: unknown) =>
              // no other shard running (the standalone, the last shard of a cluster) is the
              // normal case: the instance waits for the next shard that starts
              err instanceof DomainError && err.code === ErrorCode.Unavailable
                ? this.d.logger.info({ instance }, 'no other shard running: the next one to start adopts it')
                : this.d.logger.warn(
                    { instance, err },
                    'no shard took the instance now; one will at its next round',
                  ),
          ),
      ),
    );
  }

  /**
   * One round: renew what we own, drop what we lost, adopt unowned instances up to capacity.
   * Renewals go on even while an earlier round is still adopting (a session start waiting for a
   * slow database must not starve the leases held); renewals never overlap each other (two racing
   * on one revision would make the loser drop a lease it holds), nor do adoption rounds (a slow
   * one skips the next).
   */
  async tick(): Promise<void> {
    if (this.stopping) return;
    await this.renewAll();
    await this.adoptionRound();
  }

  /** An adoption round, or one more after the one running (never two at once). */
  private async adoptionRound(): Promise<void> {
    if (this.stopping) return;
    if (this.ticking) {
      this.roundAgain = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.roundAgain = false;
        await this.round();
      } while (this.roundAgain && !this.stopping);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Schedules an adoption round for when a lease held by another shard lapses (unless an earlier
   * one is due), rather than waiting for the next tick: after a holder dies its instances are
   * taken over a whole TTL after its last renewal, not up to a tick later. Every holder renews
   * its leases together, so one wake-up takes over all of a dead shard's instances.
   */
  private wakeAt(lapsesAt: number): void {
    if (this.stopping || lapsesAt >= this.lapseAt) return;
    clearTimeout(this.lapseTimer);
    this.lapseAt = lapsesAt;
    this.armLapseTimer();
  }

  private armLapseTimer(): void {
    this.lapseTimer = setTimeout(
      () => {
        if (this.stopping) return;
        // timers run on the event loop's cached clock, which lags the wall clock after a long
        // turn: one may fire before the lease lapsed, and is then set again for the rest
        if (Date.now() < this.lapseAt + LAPSE_MARGIN_MS) return this.armLapseTimer();
        this.lapseTimer = undefined;
        this.lapseAt = Infinity;
        void this.adoptionRound().catch((err: unknown) =>
          this.d.logger.error({ err }, 'adoption round failed'),
        );
      },
      Math.max(1, this.lapseAt - Date.now() + LAPSE_MARGIN_MS),
    );
    this.lapseTimer.unref?.();
  }

  /** Renews every lease held, all at once; a call while renewals run waits for those. */
  private renewAll(): Promise<void> {
    // all at once: with the store slow to answer, one renewal after another would outlast the TTL
    this.renewing ??= Promise.all([...this.owned].map(([instance, owned]) => this.renew(instance, owned)))
      .then(() => undefined)
      .finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async round(): Promise<void> {
    const registry = await this.d.instances.list();
    // instances deleted from the registry are let go
    const known = new Set(registry.map((r) => r.key));
    for (const instance of this.instances)
      if (!known.has(instance)) await this.release(instance, INSTANCE_DELETED);
    // unowned instances are adopted a few at a time: after a failover each reconnect loads its
    // auth state, and one by one they would queue behind each other well past the lease TTL
    const candidates = registry.map((r) => r.key).filter((key) => !this.owned.has(key));
    const next = () => candidates.shift();
    const worker = async () => {
      for (let key = next(); key !== undefined; key = next()) {
        if (this.held >= this.o.capacity || this.stopping) return;
        await this.tryAdopt(key).catch((err: unknown) =>
          this.d.logger.error({ err, instance: key }, 'adopting the instance failed'),
        );
      }
    };
    await Promise.all(Array.from({ length: ADOPT_CONCURRENCY }, worker));
  }

  private async renew(instance: string, owned: Owned): Promise<void> {
    const value = this.leaseValue();
    let revision: number | undefined;
    try {
      revision = await this.d.leases.update<LeaseValue>(instance, value, owned.revision);
    } catch (err) {
      // no answer says nothing of the lease: it stands for a TTL after its last write, so keep
      // the session while the next round still comes before then
      if (this.owned.get(instance) !== owned) return;
      const left = owned.leasedAt + this.d.leases.ttlMs - Date.now();
      this.d.metrics?.leaseRenewals.inc({ outcome: 'failed' });
      if (left > this.o.tickMs) {
        this.d.logger.warn({ instance, err, leaseLeftMs: left }, 'renewing the lease failed; retrying');
        return;
      }
      this.d.logger.error({ instance, err }, 'lease not renewed in time: closing the session');
      await this.release(instance, 'lease not renewed', false);
      return;
    }
    if (this.owned.get(instance) !== owned) return;
    if (revision === undefined) {
      this.d.metrics?.leaseRenewals.inc({ outcome: 'lost' });
      this.d.logger.warn({ instance }, 'lease lost: closing the session at once');
      await this.release(instance, 'lease lost', false);
    } else {
      this.d.metrics?.leaseRenewals.inc({ outcome: 'ok' });
      owned.revision = revision;
      owned.leasedAt = Date.parse(value.at);
      this.arm(instance, owned);
    }
  }

  /** Placement request from the gateway: adopt now if nobody holds it. */
  private async place(instance: string): Promise<{ shard?: string }> {
    if (this.owned.has(instance)) return { shard: this.o.shardId };
    if (!(await this.d.instances.get(instance)))
      throw new DomainError(ErrorCode.InstanceNotFound, `instance ${instance} does not exist`);
    if (await this.tryAdopt(instance)) return { shard: this.o.shardId };
    const lease = await this.d.leases.get<LeaseValue>(instance);
    return { shard: lease?.value.shard };
  }

  /**
   * Adopts the instance if this shard has room and can take its lease. Adoptions in flight count
   * against the capacity, and a stop waits for them so none outlives it.
   */
  private tryAdopt(instance: string): Promise<boolean> {
    if (this.stopping || this.owned.has(instance) || this.adopting.has(instance))
      return Promise.resolve(false);
    if (this.held >= this.o.capacity) return Promise.resolve(false);
    const adoption = this.adopt(instance).finally(() => this.adopting.delete(instance));
    this.adopting.set(instance, adoption);
    return adoption;
  }

  private async adopt(instance: string): Promise<boolean> {
    const value = this.leaseValue();
    // a lease held by another shard (most of them, each round, once several shards run) costs one
    // read; only a free one is created (on JetStream KV a create on a taken key is two requests,
    // and the read after it a third)
    const lease = await this.d.leases.get<LeaseValue>(instance);
    const revision = lease
      ? await this.takeOverStale(instance, value, lease)
      : ((await this.d.leases.create<LeaseValue>(instance, value)) ??
        (await this.takeOverStale(instance, value)));
    if (revision === undefined) return false;
    const session = this.d.sessions.create(instance, {
      logger: this.d.logger.child({ instance }),
      // `id`: derived by the session for events of a message (the same when it arrives again)
      emit: (event, data, id) => this.publish(instance, event, data, id),
      // an incoming message's receipt waits for this: resolved once the log STORED the event
      emitStored: (event, data, id) => this.publishStored(instance, event, data, id),
    });
    const commands = await this.d.bus.serve(Subjects.allCommandsOf(instance), async (request, subject) => {
      const verb = subject.split('.').pop()!;
      if (!this.validator.isVerb(verb)) {
        this.d.metrics?.commands.inc({ verb: 'unknown', outcome: ErrorCode.NotImplemented });
        throw new DomainError(ErrorCode.NotImplemented, `unknown command ${verb}`);
      }
      const started = performance.now();
      try {
        // a malformed command is refused here: it never reaches the session
        const valid = this.validator.validate(verb, instance, request);
        const run = () => handleInstanceCommand(verb, session, valid);
        const result = await (LIFECYCLE_VERBS.has(verb) ? this.serial.run(instance, run) : run());
        this.d.metrics?.commands.inc({ verb, outcome: 'ok' });
        return result;
      } catch (err) {
        this.d.metrics?.commands.inc({
          verb,
          outcome: err instanceof DomainError ? err.code : ErrorCode.Internal,
        });
        throw err;
      } finally {
        this.d.metrics?.commandLatency.observe({ verb }, (performance.now() - started) / 1000);
      }
    });
    const owned: Owned = { session, revision, commands, leasedAt: Date.parse(value.at) };
    this.owned.set(instance, owned);
    this.arm(instance, owned);
    this.d.metrics?.adoptions.inc();
    this.d.metrics?.instances.set(this.owned.size);
    this.d.logger.info({ instance, shard: this.o.shardId }, 'instance adopted');
    // an instance that was paired before reconnects on its own (after a failover or restart)
    if (await session.hasCredentials()) await this.serial.run(instance, () => session.start());
    return true;
  }

  /**
   * A lease whose holder stopped renewing it for a whole TTL is taken over with compare-and-set,
   * without waiting for the store to purge it (JetStream applies a bucket's max age lazily).
   */
  private async takeOverStale(
    instance: string,
    value: LeaseValue,
    known?: LeaseEntry<LeaseValue>,
  ): Promise<number | undefined> {
    const lease = known ?? (await this.d.leases.get<LeaseValue>(instance));
    if (!lease) return undefined;
    const lapsesAt = Date.parse(lease.value.at) + this.d.leases.ttlMs;
    if (Date.now() < lapsesAt) {
      // held: look again the moment it would lapse, should its holder stop renewing it
      if (this.held <= this.o.capacity) this.wakeAt(lapsesAt);
      return undefined;
    }
    this.d.logger.warn(
      { instance, from: lease.value.shard },
      'taking over a lease its holder stopped renewing',
    );
    return this.d.leases.update<LeaseValue>(instance, value, lease.revision);
  }

  /**
   * (Re)arms the watchdog of a held lease: unless a renewal succeeds first, the session closes
   * half a round before the lease could lapse, even when the round renewing it is stuck (a store
   * request hanging while NATS reconnects). Another shard may take a lease over only after a
   * whole TTL without renewal, so two sockets on one account never overlap.
   */
  private arm(instance: string, owned: Owned): void {
    clearTimeout(owned.watchdog);
    const closeAt = owned.leasedAt + this.d.leases.ttlMs - this.o.tickMs / 2;
    owned.watchdog = setTimeout(
      () => {
        if (this.owned.get(instance) !== owned) return;
        this.d.logger.error({ instance }, 'lease not renewed in time: closing the session');
        void this.release(instance, 'lease not renewed', false).catch((err: unknown) =>
          this.d.logger.error({ instance, err }, 'releasing the instance failed'),
        );
      },
      Math.max(0, closeAt - Date.now()),
    );
    owned.watchdog.unref?.();
  }

  private async release(instance: string, reason: string, deleteLease = true): Promise<void> {
    const owned = this.owned.get(instance);
    if (!owned) return;
    this.owned.delete(instance);
    clearTimeout(owned.watchdog);
    this.d.metrics?.releases.inc({ reason });
    this.d.metrics?.instances.set(this.owned.size);
    this.d.logger.debug({ instance, reason }, 'releasing instance: closing the session');
    // the socket goes first, whatever the transport says: a lease we may no longer hold must not
    // keep a socket open a moment longer (close ends it before its first await)
    const closing = owned.session.close(reason).then(
      () => undefined,
      (err: unknown) => this.d.logger.error({ instance, err }, 'closing the session failed'),
    );
    await owned.commands
      .unsubscribe()
      .catch((err: unknown) => this.d.logger.warn({ instance, err }, 'unsubscribing its commands failed'));
    await closing;
    this.d.logger.debug({ instance }, 'session closed');
    // a deleted instance's messages, chats and contacts go with it (a logout cleared them already)
    if (reason === INSTANCE_DELETED)
      await owned.session
        .forget()
        .catch((err: unknown) =>
          this.d.logger.error({ instance, err }, 'forgetting the instance’s data failed'),
        );
    let leaseDeleted = false;
    if (deleteLease) {
      leaseDeleted = await this.d.leases.delete(instance).then(
        () => true,
        (err: unknown) => {
          this.d.logger.warn({ instance, err }, 'deleting the lease failed; it lapses after its TTL');
          return false;
        },
      );
    }
    this.d.logger.info({ instance, reason, leaseDeleted }, 'instance released');
  }

  private async publish<E extends EventName>(
    instance: string,
    event: E,
    data: EventData[E],
    id?: string,
  ): Promise<void> {
    const envelope: EventEnvelope<E> = {
      id: id ?? randomUUID(),
      instance,
      event,
      at: new Date().toISOString(),
      data,
    };
    // accepted into the buffer, stored as soon as the log can (in order per instance); only a
    // full buffer refuses it (the session logs that)
    this.publisher.publish({
      key: instance,
      subject: Subjects.event(instance, event),
      id: envelope.id,
      kind: event,
      data: envelope,
    });
    this.d.metrics?.eventsBuffered.set(this.publisher.depth);
  }

  /**
   * Publishes under the caller's id (the same for the same message delivered again, so the log
   * and the webhook outbox keep one) and resolves once the log stored it.
   */
  private async publishStored<E extends EventName>(
    instance: string,
    event: E,
    data: EventData[E],
    id: string,
  ): Promise<void> {
    const envelope: EventEnvelope<E> = { id, instance, event, at: new Date().toISOString(), data };
    const stored = this.publisher.publishStored({
      key: instance,
      subject: Subjects.event(instance, event),
      id,
      kind: event,
      data: envelope,
    });
    this.d.metrics?.eventsBuffered.set(this.publisher.depth);
    await stored;
  }

  private leaseValue(): LeaseValue {
    return { shard: this.o.shardId, at: new Date().toISOString() };
  }
}
