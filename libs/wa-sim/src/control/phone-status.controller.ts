import { Body, Controller, Param, Post, UseFilters, UsePipes } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { PhoneMessage } from '../phone/phone-message.js';
import { WaSimulator } from '../wa-simulator.js';
import { ApiSimErrors } from './error-body.dto.js';
import { PhoneMessageDto } from './phone-message.dto.js';
import { NUMBER_PARAM, PhoneNumberPipe } from './phone-number.pipe.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

export class PostStatusDto {
  @ApiProperty({ example: 'Fresh bread until noon' })
  @IsString()
  @Length(1, 65_536)
  text!: string;

  @ApiPropertyOptional({ example: '#0275d8', description: 'Background colour, #RRGGBB' })
  @IsOptional()
  @Matches(/^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/)
  backgroundColor?: string;

  @ApiPropertyOptional({ example: 2, description: 'ExtendedTextMessage.FontType (0-10)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  font?: number;

  @ApiPropertyOptional({
    example: ['5511999990002'],
    description:
      "Who gets it (digits or user jids); default: the people of the phone's 1:1 chats (none: 400 invalid_recipient)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  to?: string[];
}

@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class PhoneStatusController {
  constructor(private readonly sim: WaSimulator) {}

  @Post(':number/status')
  @ApiOperation({
    summary: 'The phone posts a text status (story) to its contacts',
    description:
      'Sent to status@broadcast with the recipients listed (statusJidList): the server delivers it to their devices only, where it arrives as a message of chat status@broadcast from this phone. Answers once the server acknowledged it.',
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneMessageDto })
  @ApiSimErrors(400, 404, 503)
  post(@Param('number', PhoneNumberPipe) number: string, @Body() body: PostStatusDto): Promise<PhoneMessage> {
    const phone = this.sim.phone(number);
    const recipients = body.to?.map((to) => this.sim.recipientJid(to));
    return phone.postStatus(
      body.text,
      {
        ...(body.backgroundColor ? { backgroundColor: body.backgroundColor } : {}),
        ...(body.font !== undefined ? { font: body.font } : {}),
      },
      recipients,
    );
  }
}
