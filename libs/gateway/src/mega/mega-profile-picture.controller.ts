import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  megaAck,
  MegaAckReply,
  MegaErrorResponses,
  megaPictureTarget,
  MegaProfilePictureUrlDto,
} from '@zapgate/dialect-mega';
import { InstanceService } from '../core/instance.service.js';
import { ProfileService } from '../core/profile.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

@ApiTags('mega-API: instance')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/instance')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaProfilePictureController {
  constructor(
    private readonly instances: InstanceService,
    private readonly profiles: ProfileService,
  ) {}

  @Post('setProfilePictureUrl/:instance_key')
  @HttpCode(200)
  @ApiOperation({
    summary: "Set this instance's (or a group's) profile picture from a URL",
    description:
      "`{messageData: {to, url}}` (catalog 2.12): `to` is the instance's own number, or a group it administers. The image (JPEG, PNG or WebP) is fetched under the media URL policy and the image size limit, then made WhatsApp's 640 px JPEG. Not an image: 400; too large: 413; another user's number: 400; a group where the instance is not an admin: 403.",
  })
  @ApiOkResponse({ type: MegaAckReply })
  async setProfilePictureUrl(
    @Param('instance_key') key: string,
    @Body() body: MegaProfilePictureUrlDto,
  ): Promise<MegaAckReply> {
    const { target, url } = megaPictureTarget(body);
    await this.instances.requireConnected(key);
    const media = await this.profiles.takePicture({ url });
    await this.profiles.setPicture(key, media, target);
    return megaAck('Profile picture updated');
  }
}
