import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  StreamableFile,
  UseFilters,
  UsePipes,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { PhoneMessage } from '../phone/phone-message.js';
import { WaSimulator, type PhoneView } from '../wa-simulator.js';
import { OkDto } from './control-result.dto.js';
import { ApiSimErrors } from './error-body.dto.js';
import { PhoneMessageDto } from './phone-message.dto.js';
import { NUMBER_PARAM, PhoneNumberPipe } from './phone-number.pipe.js';
import { AnswerDto, SendPollDto, VoteDto } from './phone-poll.dto.js';
import { PhoneViewDto, ScanResultDto } from './phone-view.dto.js';
import {
  CreatePhoneDto,
  EditTextDto,
  PairingCodeDto,
  PresenceDto,
  ReactDto,
  ReadMessagesDto,
  ScanQrDto,
  SendContactsDto,
  SendLocationDto,
  SendMediaDto,
  SendTextDto,
} from './phone.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

const ID_PARAM = { name: 'id', example: '3EB0C431C26A1916E0E8', description: 'A message id from its inbox' };

@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class PhonesController {
  constructor(private readonly sim: WaSimulator) {}

  @Post()
  @ApiOperation({ summary: 'Create an account and bring its phone online (unless online is false)' })
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

  @Post(':number/media')
  @ApiOperation({
    summary: 'The phone sends a media message: image, video, audio, ptt (voice note), document or sticker',
    description:
      'The file comes as a data: URL. The phone encrypts it as WhatsApp does (random mediaKey, HKDF, AES-256-CBC and HMAC), uploads it to the HTTPS media host and sends the message with its URL, direct path, key and SHA-256s (and a JPEG thumbnail for images), so the receiving device downloads and decrypts it for real. Answers once the server acknowledged it, with media.size and media.sha256 of the file.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 413, 503)
  sendMedia(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SendMediaDto,
  ): Promise<PhoneMessage> {
    const { to, ...media } = body;
    return this.sim.sendMediaFromPhone(number, to, media);
  }

  @Post(':number/location')
  @ApiOperation({
    summary: 'The phone sends a location pin (locationMessage; answers once the server acknowledged it)',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  sendLocation(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SendLocationDto,
  ): Promise<PhoneMessage> {
    const { to, ...location } = body;
    return this.sim.sendLocationFromPhone(number, to, location);
  }

  @Post(':number/contacts')
  @ApiOperation({
    summary:
      'The phone sends contact cards (vCards): one is a contactMessage, several a contactsArrayMessage',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  sendContacts(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SendContactsDto,
  ): Promise<PhoneMessage> {
    const { to, ...contacts } = body;
    return this.sim.sendContactsFromPhone(number, to, contacts);
  }

  @Post(':number/messages/:id/react')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone reacts to a message of its inbox (received or sent)',
    description:
      'Sends a reactionMessage keyed to the message to its chat; an empty emoji takes the reaction off. Answers with the message, its reactions updated.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  react(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Body() body: ReactDto,
  ): Promise<PhoneMessage> {
    return this.sim.reactFromPhone(number, id, body.emoji);
  }

  @Post(':number/poll')
  @ApiOperation({
    summary: 'The phone sends a poll (with its messageSecret, which voters encrypt their votes with)',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  sendPoll(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SendPollDto,
  ): Promise<PhoneMessage> {
    const { to, ...poll } = body;
    return this.sim.sendPollFromPhone(number, to, poll);
  }

  @Post(':number/messages/:id/vote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone votes on a poll of its inbox',
    description:
      "Sends a pollUpdateMessage with the vote encrypted with the poll's messageSecret, as WhatsApp clients do; options by name, [] takes the vote back. 409 not_a_poll for another message, 400 invalid_vote for an option the poll does not have or too many. Answers with the poll, myVote set.",
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 409, 503)
  vote(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Body() body: VoteDto,
  ): Promise<PhoneMessage> {
    return this.sim.voteFromPhone(number, id, body.options);
  }

  @Post(':number/messages/:id/answer')
  @ApiOperation({
    summary: 'The phone answers a message as a list row, a button or a template button would',
    description:
      'Sends a listResponseMessage, buttonsResponseMessage, templateButtonReplyMessage or interactiveResponseMessage quoting the message (any message of its inbox). Answers with the reply message sent.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  answer(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Body() body: AnswerDto,
  ): Promise<PhoneMessage> {
    return this.sim.answerFromPhone(number, id, body);
  }

  @Post(':number/messages/:id/edit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone edits a text message it sent earlier',
    description:
      'Sends a protocolMessage of type MESSAGE_EDIT with the new text; 409 not_sent for a message the phone received or already deleted. Answers with the message, edited.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 409, 503)
  edit(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Body() body: EditTextDto,
  ): Promise<PhoneMessage> {
    return this.sim.editFromPhone(number, id, body.text);
  }

  @Post(':number/messages/:id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone deletes a message it sent, for everyone',
    description:
      'Sends a protocolMessage of type REVOKE; 409 not_sent for a message the phone received or already deleted. Answers with the message, revoked.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 409, 503)
  revoke(@Param('number', PhoneNumberPipe) number: string, @Param('id') id: string): Promise<PhoneMessage> {
    return this.sim.revokeFromPhone(number, id);
  }

  @Get(':number/messages/:id/media')
  @ApiOperation({
    summary: 'The decrypted file of a media message the phone received or sent',
    description:
      'Downloaded from the media host and decrypted again as it streams. Content-Type is the message mimetype; X-Sha256 is the SHA-256 the phone found when the message arrived (compare it with the bytes).',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiSimErrors(400, 404, 409)
  async media(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void },
  ): Promise<StreamableFile> {
    const { media, stream } = await this.sim.openPhoneMedia(number, id);
    const file = new StreamableFile(stream, {
      type: media.mimetype,
      ...(media.size !== undefined ? { length: media.size } : {}),
      ...(media.fileName
        ? { disposition: `attachment; filename*=UTF-8''${encodeURIComponent(media.fileName)}` }
        : {}),
    });
    // a failure after the headers went out (a MAC or hash mismatch) cuts the response short
    file.setErrorHandler((err, reply) => (reply as unknown as { destroy(e: Error): void }).destroy(err));
    if (media.sha256) res.setHeader('x-sha256', media.sha256);
    return file;
  }

  @Post(':number/messages/:id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone answers a received message with a retry receipt, as when it cannot decrypt it',
    description:
      'The receipt (<receipt type="retry"> with <retry count id t v> and <registration>) goes to the sender\'s device, which must send the message again: from Baileys\' recent-message cache or its getMessage (a message store). Poll the inbox: retry.resent counts the copies that came back and decrypted, retry.undecryptable those that did not; GET /sandbox/stats counts media.retryReceipts.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 409, 503)
  retry(@Param('number', PhoneNumberPipe) number: string, @Param('id') id: string): Promise<PhoneMessage> {
    return this.sim.requestRetry(number, id);
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
