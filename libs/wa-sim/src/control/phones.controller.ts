import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PhoneMessage } from '../phone/phone-message.js';
import { WaSimulator, type PhoneView } from '../wa-simulator.js';
import {
  CreatePhoneDto,
  PairingCodeDto,
  PresenceDto,
  ReadMessagesDto,
  ScanQrDto,
  SendTextDto,
} from './phone.dto.js';
import { SimControlExceptionFilter } from './sim-control.filter.js';
import { simControlValidation } from './sim-control.validation.js';

@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimControlExceptionFilter)
@UsePipes(simControlValidation)
export class PhonesController {
  constructor(private readonly sim: WaSimulator) {}

  @Post()
  @ApiOperation({ summary: 'Create an account and bring its phone online (409 if the number exists)' })
  create(@Body() body: CreatePhoneDto): Promise<PhoneView> {
    return this.sim.createPhone(body);
  }

  @Get()
  @ApiOperation({ summary: 'List phones with their linked devices' })
  list(): PhoneView[] {
    return this.sim.listPhones();
  }

  @Get(':number')
  @ApiOperation({ summary: 'One phone with its linked devices (404 if unknown)' })
  get(@Param('number') number: string): PhoneView {
    return this.sim.getPhone(number);
  }

  @Post(':number/scan')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone scans a QR code (text or PNG data URL) and links the device showing it',
  })
  scan(
    @Param('number') number: string,
    @Body() body: ScanQrDto,
  ): Promise<{ number: string; device: number; jid: string }> {
    return this.sim.scanQr(number, body.qr);
  }

  @Post(':number/pairing-code')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone user types the pairing code a device displays (409 if no device asked for one)',
  })
  async pairingCode(
    @Param('number') number: string,
    @Body() body: PairingCodeDto,
  ): Promise<{ accepted: true }> {
    await this.sim.enterPairingCode(number, body.code);
    return { accepted: true };
  }

  @Post(':number/messages')
  @ApiOperation({ summary: 'The phone sends a text message' })
  send(@Param('number') number: string, @Body() body: SendTextDto): Promise<PhoneMessage> {
    return this.sim.sendFromPhone(number, body.to, body.text);
  }

  @Get(':number/messages')
  @ApiOperation({ summary: 'What the phone received and sent, with delivery and read status' })
  messages(@Param('number') number: string): PhoneMessage[] {
    return this.sim.messagesOf(number);
  }

  @Post(':number/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'The phone reads received messages (read receipts go to their senders)' })
  read(@Param('number') number: string, @Body() body: ReadMessagesDto): Promise<PhoneMessage[]> {
    return this.sim.markRead(number, body.ids);
  }

  @Post(':number/presence')
  @HttpCode(200)
  @ApiOperation({ summary: 'The phone goes available/unavailable, or types/records/pauses in a chat' })
  async presence(@Param('number') number: string, @Body() body: PresenceDto): Promise<{ sent: true }> {
    await this.sim.sendPresence(number, body.type, body.to);
    return { sent: true };
  }
}
