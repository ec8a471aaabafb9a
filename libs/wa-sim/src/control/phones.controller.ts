import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PhoneMessage } from '../phone/phone-message.js';
import { WaSimulator, type PhoneView } from '../wa-simulator.js';
import { OkDto } from './control-result.dto.js';
import { ApiSimErrors } from './error-body.dto.js';
import { PhoneMessageDto } from './phone-message.dto.js';
import { PhoneNumberPipe } from './phone-number.pipe.js';
import { PhoneViewDto, ScanResultDto } from './phone-view.dto.js';
import {
  CreatePhoneDto,
  PairingCodeDto,
  PresenceDto,
  ReadMessagesDto,
  ScanQrDto,
  SendTextDto,
} from './phone.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

const NUMBER_PARAM = { name: 'number', example: '5511999990001', description: "The phone's number, digits" };

@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class PhonesController {
  constructor(private readonly sim: WaSimulator) {}

  @Post()
  @ApiOperation({ summary: 'Create an account and bring its phone online' })
  @ApiCreatedResponse({ type: PhoneViewDto })
  @ApiSimErrors(400, 409)
  create(@Body() body: CreatePhoneDto): Promise<PhoneView> {
    return this.sim.createPhone(body);
  }

  @Get()
  @ApiOperation({ summary: 'List phones with their linked devices' })
  @ApiOkResponse({ type: [PhoneViewDto] })
  list(): PhoneView[] {
    return this.sim.listPhones();
  }

  @Get(':number')
  @ApiOperation({ summary: 'One phone with its linked devices' })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: PhoneViewDto })
  @ApiSimErrors(400, 404)
  get(@Param('number', PhoneNumberPipe) number: string): PhoneView {
    return this.sim.getPhone(number);
  }

  @Post(':number/scan')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone scans a QR code (text or PNG data URL) and links the device showing it',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: ScanResultDto })
  @ApiSimErrors(400, 404, 409, 410)
  scan(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: ScanQrDto,
  ): Promise<{ number: string; device: number; jid: string }> {
    return this.sim.scanQr(number, body.qr);
  }

  @Post(':number/pairing-code')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone user types the pairing code a device displays',
    description:
      'Answers once the phone accepted the code (the device then finishes linking on its own); 409 no_pairing_request if no device asked for that code.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: OkDto })
  @ApiSimErrors(400, 404, 409)
  async pairingCode(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: PairingCodeDto,
  ): Promise<OkDto> {
    await this.sim.enterPairingCode(number, body.code);
    return { ok: true };
  }

  @Post(':number/messages')
  @ApiOperation({ summary: 'The phone sends a text message (answers once the server acknowledged it)' })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  send(@Param('number', PhoneNumberPipe) number: string, @Body() body: SendTextDto): Promise<PhoneMessage> {
    return this.sim.sendFromPhone(number, body.to, body.text);
  }

  @Get(':number/messages')
  @ApiOperation({ summary: 'What the phone received and sent, oldest first, with delivery and read status' })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: [PhoneMessageDto] })
  @ApiSimErrors(400, 404)
  messages(@Param('number', PhoneNumberPipe) number: string): PhoneMessage[] {
    return this.sim.messagesOf(number);
  }

  @Post(':number/read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone reads received messages (read receipts go to their senders)',
    description: 'Answers with the messages it marked read; unknown ids are skipped.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: [PhoneMessageDto] })
  @ApiSimErrors(400, 404, 503)
  read(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: ReadMessagesDto,
  ): Promise<PhoneMessage[]> {
    return this.sim.markRead(number, body.ids);
  }

  @Post(':number/presence')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone goes available/unavailable, or types/records/pauses in a chat',
    description: 'composing, recording and paused need the chat partner in `to`.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: OkDto })
  @ApiSimErrors(400, 404, 503)
  async presence(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: PresenceDto,
  ): Promise<OkDto> {
    await this.sim.sendPresence(number, body.type, body.to);
    return { ok: true };
  }
}
