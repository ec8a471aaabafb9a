import { Body, Controller, Get, HttpCode, Param, Post, Put, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  WppAddNewLabelDto,
  WppAddOrRemoveLabelDto,
  WppDeleteLabelReply,
  WppDeleteLabelsReply,
  WppErrorReply,
  WppErrorResponses,
  WppLabelChatsReply,
  WppLabelReply,
  WppLabelsReply,
  wppLabel,
  wppLabelChats,
  wppLabelId,
  wppLabelledChats,
  wppNewLabel,
} from '@zapgate/dialect-wppconnect';
import { InstanceService } from '../core/instance.service.js';
import { LabelService } from '../core/label.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const NOT_BUSINESS =
  'The account is not a WhatsApp Business account: labels are a Business feature, WhatsApp keeps none for it';
const NotBusiness = () => ApiForbiddenResponse({ description: NOT_BUSINESS, type: WppErrorReply });

/**
 * WPPConnect's label routes (catalog 4.9): the account's labels as WhatsApp syncs them to the
 * session (app state), changed through WhatsApp; successes are 201 as WPPConnect answers them.
 */
@ApiTags('WPPConnect: chats and contacts')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppLabelsController {
  constructor(
    private readonly instances: InstanceService,
    private readonly labels: LabelService,
  ) {}

  @Post(':session/add-new-label')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a label',
    description:
      "A `label_edit` app-state patch (Baileys `addLabel`) under the next free label id; the phone and the account's other devices see it. `options.labelColor` is WhatsApp's colour index (0..19).",
  })
  @ApiCreatedResponse({ type: WppLabelReply })
  @NotBusiness()
  async addNewLabel(@WppSession() session: string, @Body() body: WppAddNewLabelDto): Promise<WppLabelReply> {
    const command = wppNewLabel(session, body);
    await this.instances.requireConnected(session);
    return { status: 'success', response: wppLabel(await this.labels.edit(command)) };
  }

  @Post(':session/add-or-remove-label')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Label or unlabel chats',
    description:
      'Each option applied to each chat as a `label_jid` app-state patch (Baileys `addChatLabel`/`removeChatLabel`). An unknown or deleted label id is a 404 and changes nothing.',
  })
  @ApiCreatedResponse({ type: WppLabelChatsReply })
  @ApiNotFoundResponse({ description: 'An unknown label id', type: WppErrorReply })
  @NotBusiness()
  async addOrRemoveLabel(
    @WppSession() session: string,
    @Body() body: WppAddOrRemoveLabelDto,
  ): Promise<WppLabelChatsReply> {
    const command = wppLabelChats(session, body);
    await this.instances.requireConnected(session);
    return { status: 'success', response: wppLabelledChats(await this.labels.labelChats(command)) };
  }

  @Get(':session/get-all-labels')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Every label',
    description:
      "The account's labels (not the deleted ones) as WhatsApp synced them, with how many chats carry each",
  })
  @ApiCreatedResponse({ type: WppLabelsReply })
  @NotBusiness()
  async getAllLabels(@WppSession() session: string): Promise<WppLabelsReply> {
    await this.instances.requireConnected(session);
    return { status: 'success', response: (await this.labels.list(session)).map(wppLabel) };
  }

  @Put(':session/delete-all-labels')
  @HttpCode(201)
  @ApiOperation({ summary: 'Delete every label', description: 'One `label_edit` (deleted) patch per label' })
  @ApiCreatedResponse({ type: WppDeleteLabelsReply })
  @NotBusiness()
  async deleteAllLabels(@WppSession() session: string): Promise<WppDeleteLabelsReply> {
    await this.instances.requireConnected(session);
    const deleted = await this.labels.deleteAll(session);
    return { status: 'success', response: deleted.map((l) => ({ id: l.id, deleteLabelResult: l.deleted })) };
  }

  @Put(':session/delete-label/:id')
  @HttpCode(201)
  @ApiOperation({ summary: 'Delete a label', description: 'A `label_edit` (deleted) app-state patch' })
  @ApiParam({ name: 'id', example: '5', description: 'The label id' })
  @ApiCreatedResponse({ type: WppDeleteLabelReply })
  @ApiNotFoundResponse({ description: 'An unknown or already deleted label id', type: WppErrorReply })
  @NotBusiness()
  async deleteLabel(@WppSession() session: string, @Param('id') id: string): Promise<WppDeleteLabelReply> {
    const label = wppLabelId(id);
    await this.instances.requireConnected(session);
    const deleted = await this.labels.edit({ instance: session, id: label, deleted: true });
    return { status: 'success', response: { id: deleted.id, deleteLabelResult: deleted.deleted } };
  }
}
