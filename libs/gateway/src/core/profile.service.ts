import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type BusinessProfile,
  type BusinessProfileEdit,
  type MediaReference,
} from '@zapgate/contracts';
import { GroupsService } from './groups.service.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import { MediaService, type DialectMediaInput } from './media.service.js';

const userOf = (jid: string): string => jid.split('@')[0]!.split(':')[0]!;

/**
 * Profile pictures and business profiles, the same for both dialects. This account's picture and
 * business profile are commands to the owning shard; a group's picture goes through the groups
 * service (`set-group-picture`), like every group change. Pictures are taken in as images (the
 * media intake's image types and size limit) and deleted once WhatsApp has them.
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly groups: GroupsService,
    private readonly media: MediaService,
  ) {}

  /** A picture from a URL (fetched under the URL policy) or base64, taken in as an image. */
  takePicture(input: DialectMediaInput): Promise<MediaReference> {
    return this.media.take(input, 'image');
  }

  /**
   * Sets the picture of this account (`target` absent, or its own number or LID) or of a group it
   * administers (`…@g.us`); any other user is validation_failed (nobody sets someone else's). The
   * file is deleted afterwards, set or not.
   */
  async setPicture(instance: string, media: MediaReference, target?: string): Promise<void> {
    try {
      await this.registry.get(instance);
      if (target?.endsWith('@g.us')) {
        await this.groups.call('set-group-picture', { instance, group: target, media });
        return;
      }
      if (target) await this.requireSelf(instance, target);
      await this.client.send('set-profile-picture', { instance, media });
    } finally {
      await this.media.discard(media).catch(() => undefined);
    }
  }

  async removePicture(instance: string): Promise<void> {
    await this.registry.get(instance);
    await this.client.send('remove-profile-picture', { instance });
  }

  /** A user's business profile; undefined for a regular account. */
  async businessProfile(instance: string, jid: string): Promise<BusinessProfile | undefined> {
    await this.registry.get(instance);
    return (await this.client.send('get-business-profile', { instance, jid })).profile;
  }

  /** Edits this account's business profile (forbidden unless it is a business account). */
  async editBusinessProfile(instance: string, profile: BusinessProfileEdit): Promise<BusinessProfile> {
    await this.registry.get(instance);
    return this.client.send('set-business-profile', { instance, profile });
  }

  private async requireSelf(instance: string, target: string): Promise<void> {
    const { me } = await this.client.send('get-status', { instance });
    const own = [me?.id, me?.lid].filter((j): j is string => !!j).map(userOf);
    if (!own.includes(userOf(target)))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${target} is not this instance's number: only its own picture, or a group's it administers, can be set`,
      );
  }
}
