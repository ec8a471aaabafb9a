import { Body, Controller, Get, Param, Post, UseFilters, UsePipes } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { SimCall } from '../calls/call-service.js';
import { WaSimulator } from '../wa-simulator.js';
import { ApiSimErrors } from './error-body.dto.js';
import { NUMBER_PARAM as PHONE_NUMBER_PARAM, PhoneNumberPipe } from './phone-number.pipe.js';
import { PhoneCallViewDto } from './phone-view.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

export class PlaceCallDto {
  @ApiProperty({ example: '5511999990001', description: 'The account called: a number or a user jid' })
  @IsString()
  @MaxLength(64)
  to!: string;

  @ApiPropertyOptional({ example: false, description: 'A video call (default voice)' })
  @IsOptional()
  @IsBoolean()
  video?: boolean;
}

const NUMBER_PARAM = { ...PHONE_NUMBER_PARAM, example: '5511999990002' };

@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class PhoneCallsController {
  constructor(private readonly sim: WaSimulator) {}

  @Post(':number/call')
  @ApiOperation({
    summary: 'The phone calls an account',
    description:
      "Every device of the callee is offered the call (`<call><offer>`, Baileys' `call` event); it rings until a device rejects it (Baileys `rejectCall`), which the caller's phone is told and its view shows. No media flows.",
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: PhoneCallViewDto })
  @ApiSimErrors(400, 404)
  call(@Param('number', PhoneNumberPipe) number: string, @Body() body: PlaceCallDto): Promise<SimCall> {
    return this.sim.placeCall(number, body.to, body.video ?? false);
  }

  @Get(':number/calls')
  @ApiOperation({ summary: 'The calls the phone placed or received, newest first' })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: [PhoneCallViewDto] })
  @ApiSimErrors(400, 404)
  calls(@Param('number', PhoneNumberPipe) number: string): SimCall[] {
    return this.sim.callsOf(number);
  }
}
