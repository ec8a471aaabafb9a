import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseFilters,
  UsePipes,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LABEL_COLORS, PhoneLabels } from '../labels/phone-labels.js';
import type { PhoneLabel } from '../phone/phone-chats.js';
import { SimError } from '../sim-error.js';
import { WaSimulator } from '../wa-simulator.js';
import { ApiSimErrors } from './error-body.dto.js';
import { NUMBER_PARAM, PhoneNumberPipe } from './phone-number.pipe.js';
import { PhoneLabelViewDto } from './phone-view.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

export class CreateLabelDto {
  @ApiProperty({ example: 'VIP' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    example: 3,
    description: "WhatsApp's colour index (0..19); default the first unused",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LABEL_COLORS - 1)
  color?: number;
}

export class EditLabelDto {
  @ApiPropertyOptional({ example: 'Gold' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ example: 5, description: "WhatsApp's colour index (0..19)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LABEL_COLORS - 1)
  color?: number;
}

export class LabelChatDto {
  @ApiProperty({ example: '5511999990002', description: 'The chat: digits, a user jid or a group jid' })
  @IsString()
  @Length(6, 64)
  chat!: string;
}

export class LabelledChatDto {
  @ApiProperty({ example: '5511999990002@s.whatsapp.net' })
  chat!: string;

  @ApiProperty({ example: ['1'], description: "The chat's labels after, as the phone shows them" })
  labels!: string[];
}

const LABEL_PARAM = { name: 'id', example: '1', description: 'A label id' };

/**
 * Labels made on a WhatsApp Business phone (one with a business profile, `PUT
 * …/profile/business`, before its devices link): pushed by the phone's client as app-state
 * mutations (`label_edit`, `label_jid`) that its linked devices sync.
 */
@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class PhoneLabelsController {
  constructor(private readonly sim: WaSimulator) {}

  private labels(number: string): PhoneLabels {
    const phone = this.sim.phone(number);
    if (!phone.isOnline) throw new SimError('phone_offline', `phone ${number} is not connected`);
    return new PhoneLabels(phone, this.sim.profiles.business(phone.account) !== undefined);
  }

  @Get(':number/labels')
  @ApiOperation({ summary: "The phone's labels (what its client synced; deleted ones with ?deleted=true)" })
  @ApiParam(NUMBER_PARAM)
  @ApiQuery({ name: 'deleted', required: false, example: 'false' })
  @ApiOkResponse({ type: [PhoneLabelViewDto] })
  @ApiSimErrors(400, 404)
  list(@Param('number', PhoneNumberPipe) number: string, @Query('deleted') deleted?: string): PhoneLabel[] {
    return new PhoneLabels(this.sim.phone(number), true).list(deleted === 'true');
  }

  @Post(':number/labels')
  @ApiOperation({
    summary: 'The phone creates a label (a `label_edit` app-state mutation; Baileys `addLabel`)',
    description: '409 not_business unless the account has a business profile.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneLabelViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  create(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: CreateLabelDto,
  ): Promise<PhoneLabel> {
    return this.labels(number).create(body.name, body.color);
  }

  @Put(':number/labels/:id')
  @ApiOperation({ summary: 'The phone renames or recolours a label (`label_edit`)' })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(LABEL_PARAM)
  @ApiOkResponse({ type: PhoneLabelViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  edit(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Body() body: EditLabelDto,
  ): Promise<PhoneLabel> {
    return this.labels(number).edit(id, body);
  }

  @Delete(':number/labels/:id')
  @ApiOperation({ summary: 'The phone deletes a label (`label_edit` with deleted)' })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(LABEL_PARAM)
  @ApiOkResponse({ type: PhoneLabelViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  remove(@Param('number', PhoneNumberPipe) number: string, @Param('id') id: string): Promise<PhoneLabel> {
    return this.labels(number).delete(id);
  }

  @Post(':number/labels/:id/chats')
  @HttpCode(200)
  @ApiOperation({ summary: 'The phone puts a label on a chat (`label_jid`; Baileys `addChatLabel`)' })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(LABEL_PARAM)
  @ApiOkResponse({ type: LabelledChatDto })
  @ApiSimErrors(400, 404, 409, 503)
  assign(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Body() body: LabelChatDto,
  ): Promise<{ chat: string; labels: string[] }> {
    return this.labels(number).assign(id, body.chat, true);
  }

  @Delete(':number/labels/:id/chats/:chat')
  @ApiOperation({ summary: 'The phone takes a label off a chat (`label_jid`; Baileys `removeChatLabel`)' })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(LABEL_PARAM)
  @ApiParam({
    name: 'chat',
    example: '5511999990002',
    description: 'The chat: digits, a user jid or a group jid',
  })
  @ApiOkResponse({ type: LabelledChatDto })
  @ApiSimErrors(400, 404, 409, 503)
  unassign(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Param('chat') chat: string,
  ): Promise<{ chat: string; labels: string[] }> {
    return this.labels(number).assign(id, chat, false);
  }
}
