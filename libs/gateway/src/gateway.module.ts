import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MediaIntake, MediaStore } from '@zapgate/media';
import {
  AuthStateRepository,
  BulkJobRepository,
  EmbeddedBulkJobRepository,
  InstanceRepository,
  MessageRepository,
  WebhookDeliveryRepository,
} from '@zapgate/storage';
import { CommandBus } from '@zapgate/transport';
import { AuthThrottle } from './core/auth-throttle.js';
import { BulkPacer } from './core/bulk-pacer.js';
import { BulkSendService } from './core/bulk-send.service.js';
import { GatewaySettings } from './core/gateway-settings.js';
import { InstanceClient } from './core/instance-client.js';
import { GroupsService } from './core/groups.service.js';
import { MegaGroupController } from './mega/mega-group.controller.js';
import { WppCommunityController } from './wpp/wpp-community.controller.js';
import { WppGroupController } from './wpp/wpp-group.controller.js';
import { InstanceRegistry } from './core/instance-registry.js';
import { InstanceService } from './core/instance.service.js';
import { MediaService } from './core/media.service.js';
import { MediaSendService } from './core/media-send.service.js';
import { WppMediaController } from './wpp/wpp-media.controller.js';
import { MessagingService } from './core/messaging.service.js';
import { WebhookConfigService, WebhookGatewaySettings } from './core/webhook-config.service.js';
import { ForwardPreviewService } from './core/forward-preview.service.js';
import { MegaForwardPreviewController } from './mega/mega-forward-preview.controller.js';
import { WppForwardPreviewController } from './wpp/wpp-forward-preview.controller.js';
import { MessageReadService } from './core/message-read.service.js';
import { MegaInstanceController } from './mega/mega-instance.controller.js';
import { MegaMediaDownloadController } from './mega/mega-media-download.controller.js';
import { MegaBulkController } from './mega/mega-bulk.controller.js';
import { MegaChatController } from './mega/mega-chat.controller.js';
import { MegaCompatController } from './mega/mega-compat.controller.js';
import { MegaChatStateController, MegaProfileController } from './mega/mega-chat-state.controller.js';
import { MegaProfilePictureController } from './mega/mega-profile-picture.controller.js';
import { WppProfileController } from './wpp/wpp-profile.controller.js';
import { ProfileService } from './core/profile.service.js';
import { WppChatController } from './wpp/wpp-chat.controller.js';
import { WppPresenceController } from './wpp/wpp-presence.controller.js';
import { WppCallController } from './wpp/wpp-call.controller.js';
import { WppLabelsController } from './wpp/wpp-labels.controller.js';
import { ChatService } from './core/chat.service.js';
import { LabelService } from './core/label.service.js';
import { MegaMessagingController } from './mega/mega-messaging.controller.js';
import { MegaRichMessageController } from './mega/mega-rich-message.controller.js';
import { MegaInteractiveController } from './mega/mega-interactive.controller.js';
import { MegaWebhookController } from './mega/mega-webhook.controller.js';
import { HealthController } from './ops/health.controller.js';
import {
  EXTRA_METRICS,
  GatewayMetrics,
  MetricsController,
  MetricsInterceptor,
  type MetricsSource,
} from './ops/metrics.js';
import { ReadinessChecks } from './ops/readiness.js';
import { WppBulkController } from './wpp/wpp-bulk.controller.js';
import { WppMessageController } from './wpp/wpp-message.controller.js';
import { WppRichMessageController } from './wpp/wpp-rich-message.controller.js';
import { WppPollListController } from './wpp/wpp-poll-list.controller.js';
import { WppMessageReadController } from './wpp/wpp-message-read.controller.js';
import { WppMessageActionController } from './wpp/wpp-message-action.controller.js';
import { WppStatusController } from './wpp/wpp-status.controller.js';
import { StatusActionService } from './core/status-action.service.js';
import { MessageActionService } from './core/message-action.service.js';
import { PollVotesService } from './core/poll-votes.service.js';
import { WppSessionController } from './wpp/wpp-session.controller.js';
import { WppWebhookController } from './wpp/wpp-webhook.controller.js';
import { WppTokenService } from './wpp/wpp-token.service.js';
import { SessionBackupService } from './core/session-backup.service.js';
import { WppSessionDataController } from './wpp/wpp-session-data.controller.js';

export interface GatewayDeps {
  settings: GatewaySettings;
  bus: CommandBus;
  instances: InstanceRepository;
  readiness: ReadinessChecks;
  /** Webhook settings routes and the delivery log (both dialects). */
  webhooks: { settings: WebhookGatewaySettings; deliveries: WebhookDeliveryRepository };
  /**
   * Media: the intake puts callers' files into the store the shards open them from (temp files in
   * one process, the JetStream object store between processes); commands carry references.
   */
  media: { store: MediaStore; intake: MediaIntake };
  /** The message store the shards fill (routes that read messages by id or chat). */
  messages: MessageRepository;
  /** The auth state the shards keep (session backup, restore and clear-session-data). */
  auth: AuthStateRepository;
  /**
   * Sends to many recipients as durable jobs (resumed after a restart). Without it, the jobs live
   * in this process's memory only.
   */
  bulkJobs?: BulkJobRepository;
  /** More metrics for `/metrics` (the standalone process's shard and webhook dispatcher). */
  metrics?: MetricsSource[];
}

/** Both dialects, health and metrics, over a command bus and the instance registry. */
@Module({})
export class GatewayModule {
  static register(deps: GatewayDeps): DynamicModule {
    return {
      module: GatewayModule,
      // global, and exporting the services other modules on the same app build on (the web
      // manager of libs/manager); its providers are not duplicated
      global: true,
      exports: [
        GatewaySettings,
        InstanceService,
        InstanceRegistry,
        MessagingService,
        WebhookConfigService,
        WppTokenService,
        AuthThrottle,
      ],
      controllers: [
        MegaInstanceController,
        MegaMediaDownloadController,
        MegaMessagingController,
        MegaBulkController,
        MegaRichMessageController,
        MegaInteractiveController,
        MegaChatController,
        MegaCompatController,
        MegaChatStateController,
        MegaProfileController,
        MegaProfilePictureController,
        MegaForwardPreviewController,
        MegaWebhookController,
        WppSessionController,
        WppSessionDataController,
        WppMessageController,
        WppBulkController,
        WppRichMessageController,
        WppPollListController,
        WppMessageReadController,
        WppMessageActionController,
        WppChatController,
        WppProfileController,
        WppPresenceController,
        WppCallController,
        WppLabelsController,
        WppStatusController,
        WppForwardPreviewController,
        WppMediaController,
        WppWebhookController,
        MegaGroupController,
        WppGroupController,
        WppCommunityController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: GatewaySettings, useValue: deps.settings },
        { provide: CommandBus, useValue: deps.bus },
        { provide: InstanceRepository, useValue: deps.instances },
        { provide: ReadinessChecks, useValue: deps.readiness },
        { provide: WebhookGatewaySettings, useValue: deps.webhooks.settings },
        { provide: WebhookDeliveryRepository, useValue: deps.webhooks.deliveries },
        { provide: MediaStore, useValue: deps.media.store },
        { provide: MediaIntake, useValue: deps.media.intake },
        { provide: MessageRepository, useValue: deps.messages },
        { provide: AuthStateRepository, useValue: deps.auth },
        SessionBackupService,
        deps.bulkJobs
          ? { provide: BulkJobRepository, useValue: deps.bulkJobs }
          : { provide: BulkJobRepository, useFactory: () => EmbeddedBulkJobRepository.inMemory() },
        // one rhythm per instance for every send to many of this process
        {
          provide: BulkPacer,
          useFactory: (s: GatewaySettings) => new BulkPacer(s.bulkDelayMs ?? 1000, s.bulkJitter ?? 0.3),
          inject: [GatewaySettings],
        },
        BulkSendService,
        WebhookConfigService,
        InstanceService,
        MessagingService,
        MediaService,
        MessageReadService,
        MessageActionService,
        ChatService,
        ProfileService,
        LabelService,
        StatusActionService,
        PollVotesService,
        ForwardPreviewService,
        MediaSendService,
        InstanceClient,
        GroupsService,
        InstanceRegistry,
        WppTokenService,
        // failed authentications per client address, shared by both guards and PreBodyAuth
        { provide: AuthThrottle, useFactory: () => new AuthThrottle() },
        GatewayMetrics,
        { provide: EXTRA_METRICS, useValue: deps.metrics ?? [] },
        { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
      ],
    };
  }
}
