import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  megaAck,
  MegaAckReply,
  megaArchiveChat,
  megaBlockChat,
  MegaChatDto,
  MegaChatOptionDto,
  megaChats,
  MegaChatsReply,
  megaContacts,
  MegaContactsReply,
  MegaErrorReply,
  MegaErrorResponses,
  megaPinChat,
  MegaProfileNameDto,
  MegaProfilePictureReply,
  megaProfileTarget,
  megaReadChat,
} from '@zapgate/dialect-mega';
import { ChatService } from '../core/chat.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const AppState = () =>
  ApiResponse({
    status: 501,
    description:
      'WhatsApp makes this change through app-state sync, which needs the app-state key the phone shares with its linked devices; a session that has not received it cannot',
    type: MegaErrorReply,
  });

@ApiTags('mega-API: chat')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/chat')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaChatStateController {
  constructor(
    private readonly instances: InstanceService,
    private readonly chats: ChatService,
  ) {}

  @Post(':instance_key/pinChat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pin (option true) or unpin (false) a chat',
    description: 'Unwrapped `{to, option}`.',
  })
  @ApiOkResponse({ type: MegaAckReply })
  @AppState()
  async pinChat(@Param('instance_key') key: string, @Body() body: MegaChatOptionDto): Promise<MegaAckReply> {
    const command = megaPinChat(key, body);
    await this.instances.requireConnected(key);
    await this.chats.modify(command);
    return megaAck(command.action === 'pin' ? 'Chat pinned' : 'Chat unpinned');
  }

  @Post(':instance_key/blockChat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Block (option true) or unblock (false) a contact',
    description: 'Unwrapped `{to, option}`; a group is a 400.',
  })
  @ApiOkResponse({ type: MegaAckReply })
  async blockChat(
    @Param('instance_key') key: string,
    @Body() body: MegaChatOptionDto,
  ): Promise<MegaAckReply> {
    const { contact, block } = megaBlockChat(body);
    await this.instances.requireConnected(key);
    await this.chats.block(key, contact, block);
    return megaAck(block ? 'Contact blocked' : 'Contact unblocked');
  }

  @Post(':instance_key/archiveChat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Archive (option true) or unarchive (false) a chat (zapgate extension)',
    description:
      "mega-API lists the feature without a known path (catalog 5.7); this is zapgate's. Unwrapped `{to, option}`.",
  })
  @ApiOkResponse({ type: MegaAckReply })
  @AppState()
  async archiveChat(
    @Param('instance_key') key: string,
    @Body() body: MegaChatOptionDto,
  ): Promise<MegaAckReply> {
    const command = megaArchiveChat(key, body);
    await this.instances.requireConnected(key);
    await this.chats.modify(command);
    return megaAck(command.action === 'archive' ? 'Chat archived' : 'Chat unarchived');
  }

  @Post(':instance_key/readChat')
  @HttpCode(200)
  @ApiOperation({
    summary: "Read all of a chat's messages (zapgate extension)",
    description:
      'mega-API lists "Ler todas as mensagens" without a known path (catalog 5.7); this is zapgate\'s. Sends read receipts for the chat\'s unread messages and sets its unread count to 0.',
  })
  @ApiOkResponse({ type: MegaAckReply })
  async readChat(@Param('instance_key') key: string, @Body() body: MegaChatDto): Promise<MegaAckReply> {
    const command = megaReadChat(key, body);
    await this.instances.requireConnected(key);
    await this.chats.modify(command);
    return megaAck('Chat read');
  }
}

@ApiTags('mega-API: instance')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/instance')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaProfileController {
  constructor(
    private readonly instances: InstanceService,
    private readonly chats: ChatService,
  ) {}

  @Get('getProfilePicture/:instance_key')
  @ApiOperation({ summary: "A contact's or group's profile picture URL" })
  @ApiQuery({ name: 'to', example: '5511999999999@s.whatsapp.net' })
  @ApiQuery({
    name: 'type',
    required: false,
    example: 'image',
    description: '`image` (default) or `icon` (small)',
  })
  @ApiOkResponse({ type: MegaProfilePictureReply })
  async getProfilePicture(
    @Param('instance_key') key: string,
    @Query('to') to?: string,
    @Query('type') type?: string,
  ): Promise<MegaProfilePictureReply> {
    const jid = megaProfileTarget(to);
    await this.instances.requireConnected(key);
    return { error: false, data: (await this.chats.profilePicture(key, jid, type === 'icon')) ?? null };
  }

  @Post('setProfileName/:instance_key')
  @HttpCode(200)
  @ApiOperation({ summary: "Set this instance's push name", description: '`{messageData: {name}}`.' })
  @ApiOkResponse({ type: MegaAckReply })
  @AppState()
  async setProfileName(
    @Param('instance_key') key: string,
    @Body() body: MegaProfileNameDto,
  ): Promise<MegaAckReply> {
    await this.instances.requireConnected(key);
    await this.chats.setProfileName(key, body.messageData.name);
    return megaAck('Profile name updated');
  }

  @Get('chats/:instance_key')
  @ApiOperation({
    summary: 'Every chat (zapgate extension)',
    description:
      'mega-API lists "Buscar todos Chats" without a known path (catalog 2.14); this is the sibling API\'s path. From the chat store, newest first.',
  })
  @ApiOkResponse({ type: MegaChatsReply })
  async allChats(@Param('instance_key') key: string): Promise<MegaChatsReply> {
    await this.instances.requireConnected(key);
    return megaChats(await this.chats.list({ instance: key, limit: 1_000 }));
  }

  @Get('contacts/:instance_key')
  @ApiOperation({
    summary: 'Every contact (zapgate extension)',
    description:
      'mega-API lists "Buscar todos Contatos" without a known path (catalog 2.14); this is the sibling API\'s path.',
  })
  @ApiOkResponse({ type: MegaContactsReply })
  async allContacts(@Param('instance_key') key: string): Promise<MegaContactsReply> {
    await this.instances.requireConnected(key);
    return megaContacts(await this.chats.contacts(key));
  }
}
