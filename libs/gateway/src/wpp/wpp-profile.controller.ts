import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type MediaReference } from '@zapgate/contracts';
import {
  wppActionReply,
  WppActionReply,
  wppBusinessProfile,
  wppBusinessProfileEdit,
  WppBusinessProfileView,
  WppDisconnectedReply,
  WppEditBusinessProfileDto,
  WppErrorReply,
  WppErrorResponses,
  wppNumberProfile,
  WppNumberProfileReply,
  wppPathChat,
  wppProfileFileRequired,
} from '@zapgate/dialect-wppconnect';
import { InstanceService } from '../core/instance.service.js';
import { MediaUploadInterceptor, UploadedMedia } from '../core/media-upload.interceptor.js';
import { MessagingService } from '../core/messaging.service.js';
import { ProfileService } from '../core/profile.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });

/** The multipart body of `set-profile-pic` (Swagger only: the interceptor reads it). */
class WppProfilePicUpload {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    example: '(the file)',
    description: 'The image: JPEG, PNG or WebP',
  })
  file!: unknown;
}

class WppProfileFileRequiredReply {
  @ApiProperty({ example: 'Error' })
  status!: string;
  @ApiProperty({ example: 'File parameter is required!' })
  message!: string;
}

class WppPictureProblemReply {
  @ApiProperty({ example: 'error' })
  status!: string;
  @ApiProperty({ example: 'the file is not an image' })
  message!: string;
  @ApiPropertyOptional({ example: 'validation_failed' })
  code?: string;
}

/** WPPConnect-server's profile routes (catalog 4.11) and `profile/:phone` (4.3): thin, over ProfileService. */
@ApiTags('WPPConnect: profile')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppProfileController {
  constructor(
    private readonly instances: InstanceService,
    private readonly profiles: ProfileService,
    private readonly messaging: MessagingService,
  ) {}

  @Post(':session/set-profile-pic')
  @HttpCode(200)
  @UseInterceptors(MediaUploadInterceptor('image'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: WppProfilePicUpload })
  @ApiOperation({
    summary: "Set this session's profile picture",
    description:
      'Multipart `file` (JPEG, PNG or WebP, under the image size limit), made WhatsApp\'s 640 px JPEG; the account\'s contacts get WhatsApp\'s picture notification. No file: 400 `{"status": "Error", "message": "File parameter is required!"}`; not an image: 400; too large: 413.',
  })
  @ApiOkResponse({ type: WppActionReply })
  @ApiBadRequestResponse({ description: 'No file, or not an image', type: WppProfileFileRequiredReply })
  @ApiPayloadTooLargeResponse({
    description: 'The file is over the image size limit',
    type: WppPictureProblemReply,
  })
  @Disconnected()
  async setProfilePic(
    @WppSession() session: string,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppActionReply> {
    if (!upload) throw wppProfileFileRequired();
    await this.instances.requireConnected(session);
    await this.profiles.setPicture(session, upload);
    return wppActionReply('Profile photo successfully changed');
  }

  @Post(':session/edit-business-profile')
  @HttpCode(200)
  @ApiOperation({
    summary: "Edit this session's business profile",
    description:
      '`adress` (sic; `address` too), `email`, `description`, `website` (or `websites`, a string or up to 2). Answers the profile as WhatsApp has it afterwards (WA-JS field names). `categories` cannot be changed from a linked device and is not applied. A regular (non-business) account: 403.',
  })
  @ApiOkResponse({ type: WppBusinessProfileView })
  @ApiForbiddenResponse({ description: 'Not a WhatsApp Business account', type: WppErrorReply })
  @Disconnected()
  async editBusinessProfile(
    @WppSession() session: string,
    @Body() body: WppEditBusinessProfileDto,
  ): Promise<WppBusinessProfileView> {
    const edit = wppBusinessProfileEdit(body);
    await this.instances.requireConnected(session);
    return wppBusinessProfile(await this.profiles.editBusinessProfile(session, edit));
  }

  @Get(':session/profile/:phone')
  @ApiOperation({
    summary: "A number's profile (getNumberProfile; deprecated by WPPConnect)",
    description:
      'Whether the number is on WhatsApp (`numberExists`, `status` 200 or 404 inside a 200, as wppconnect answers) and whether it is a business account (`isBusiness`: WhatsApp answers a business profile for it, given in `businessProfile`).',
  })
  @ApiParam({ name: 'phone', example: '5511999999999', description: 'Bare digits, or a user id' })
  @ApiOkResponse({ type: WppNumberProfileReply })
  @Disconnected()
  async numberProfile(
    @WppSession() session: string,
    @Param('phone') phone: string,
  ): Promise<WppNumberProfileReply> {
    const jid = wppPathChat(phone);
    if (!jid.endsWith('@s.whatsapp.net'))
      throw new DomainError(ErrorCode.ValidationFailed, 'phone must be a phone number');
    await this.instances.requireConnected(session);
    const [found] = await this.messaging.checkNumbers(session, [jid.split('@')[0]!]);
    const exists = found ?? { exists: false };
    const business = exists.exists
      ? await this.profiles.businessProfile(session, exists.jid ?? jid)
      : undefined;
    return wppNumberProfile(jid, exists, business);
  }
}
