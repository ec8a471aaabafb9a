import { Body, Controller, Delete, Get, Param, Put, UseFilters, UsePipes } from '@nestjs/common';
import {
  ApiOkResponse,
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
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { PhoneProfileView } from '../profile/phone-profile.js';
import { MAX_ABOUT_LENGTH } from '../profile/profile-service.js';
import { WaSimulator } from '../wa-simulator.js';
import { ApiSimErrors } from './error-body.dto.js';
import { NUMBER_PARAM, PhoneNumberPipe } from './phone-number.pipe.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

export class SetPictureDto {
  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgo…', description: 'The image as a data: URL' })
  @IsString()
  @MaxLength(64 * 1024 * 1024)
  data!: string;
}

export class SetAboutDto {
  @ApiProperty({
    example: 'At the bakery',
    description: `The about text (at most ${MAX_ABOUT_LENGTH} characters)`,
  })
  @IsString()
  @MaxLength(MAX_ABOUT_LENGTH)
  text!: string;
}

export class BusinessCategoryDto {
  @ApiProperty({ example: '133436743388217' })
  @IsString()
  @Length(1, 32)
  id!: string;

  @ApiProperty({ example: 'Bakery' })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class SetBusinessDto {
  @ApiPropertyOptional({
    example: true,
    description: 'false makes the account a regular one again (the other fields are then ignored)',
  })
  @IsOptional()
  @IsBoolean()
  business?: boolean;

  @ApiPropertyOptional({ example: 'Fresh bread every morning' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  description?: string;

  @ApiPropertyOptional({ example: 'Rua Augusta 100, São Paulo' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  address?: string;

  @ApiPropertyOptional({ example: 'hello@bakery.example' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: ['https://bakery.example'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  websites?: string[];

  @ApiPropertyOptional({ type: BusinessCategoryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessCategoryDto)
  category?: BusinessCategoryDto;
}

class PictureViewDto {
  @ApiProperty({ example: '1764440000', description: 'Changes on every set' })
  id!: string;
  @ApiProperty({ example: 'https://127.0.0.1:40123/pp/0f…e1.jpg' })
  url!: string;
  @ApiProperty({ example: 'image/jpeg' })
  mimetype!: string;
  @ApiProperty({ example: '/9j/4AAQSkZJRgABAQ…', description: 'The picture bytes, base64' })
  data!: string;
}

class AboutViewDto {
  @ApiProperty({ example: 'At the bakery' })
  text!: string;
  @ApiPropertyOptional({ example: '2026-11-29T20:00:00.000Z' })
  setAt?: string;
}

class BusinessViewDto {
  @ApiProperty({ example: 'Fresh bread every morning' })
  description!: string;
  @ApiPropertyOptional({ example: 'Rua Augusta 100, São Paulo' })
  address?: string;
  @ApiPropertyOptional({ example: 'hello@bakery.example' })
  email?: string;
  @ApiProperty({ type: [String], example: ['https://bakery.example'] })
  websites!: string[];
  @ApiPropertyOptional({ example: 'Bakery' })
  category?: string;
}

class NotifiedViewDto {
  @ApiProperty({ enum: ['changed', 'removed'], example: 'changed' })
  change!: 'changed' | 'removed';
  @ApiProperty({ example: '2026-11-29T20:00:00.000Z' })
  at!: string;
}

export class PhoneProfileViewDto {
  @ApiProperty({ example: '5511999990001@s.whatsapp.net' })
  jid!: string;
  @ApiProperty({ type: PictureViewDto, nullable: true })
  picture!: PictureViewDto | null;
  @ApiProperty({ type: AboutViewDto, nullable: true, description: 'Groups: null' })
  about!: AboutViewDto | null;
  @ApiProperty({ type: BusinessViewDto, nullable: true, description: 'null for a regular account' })
  business!: BusinessViewDto | null;
  @ApiProperty({
    type: NotifiedViewDto,
    nullable: true,
    description: "The latest picture notification the phone's client got about this jid",
  })
  notified!: NotifiedViewDto | null;
}

@ApiTags('sandbox: simulated phones')
@Controller('sandbox/phones')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class PhoneProfileController {
  constructor(private readonly sim: WaSimulator) {}

  @Put(':number/profile/picture')
  @ApiOperation({
    summary: 'The phone sets its profile picture',
    description:
      "Through its own client (Baileys `updateProfilePicture`: a 640 px JPEG, `w:profile:picture` set); every account of the network gets a `picture` notification. Answers the phone's own profile as its client reads it back.",
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: PhoneProfileViewDto })
  @ApiSimErrors(400, 404, 413, 503)
  setPicture(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SetPictureDto,
  ): Promise<PhoneProfileView> {
    return this.sim.setPictureFromPhone(number, body.data);
  }

  @Delete(':number/profile/picture')
  @ApiOperation({ summary: 'The phone removes its profile picture (Baileys `removeProfilePicture`)' })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: PhoneProfileViewDto })
  @ApiSimErrors(400, 404, 503)
  removePicture(@Param('number', PhoneNumberPipe) number: string): Promise<PhoneProfileView> {
    return this.sim.removePictureFromPhone(number);
  }

  @Put(':number/profile/about')
  @ApiOperation({ summary: 'The phone sets its about text (Baileys `updateProfileStatus`)' })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: PhoneProfileViewDto })
  @ApiSimErrors(400, 404, 503)
  setAbout(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SetAboutDto,
  ): Promise<PhoneProfileView> {
    return this.sim.setAboutFromPhone(number, body.text);
  }

  @Put(':number/profile/business')
  @ApiOperation({
    summary: 'Makes the account a WhatsApp Business account with this profile',
    description:
      "WhatsApp registers business accounts itself: this sets the flag and the whole profile on the server, which `w:biz` then answers (Baileys `getBusinessProfile`) and lets the account's devices edit (`updateBussinesProfile`). `business: false` makes it a regular account again.",
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: PhoneProfileViewDto })
  @ApiSimErrors(400, 404, 503)
  setBusiness(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: SetBusinessDto,
  ): Promise<PhoneProfileView> {
    if (body.business === false) return this.sim.setBusinessProfile(number, null);
    return this.sim.setBusinessProfile(number, {
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.address !== undefined ? { address: body.address } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      websites: body.websites ?? [],
      ...(body.category ? { category: { id: body.category.id, name: body.category.name } } : {}),
    });
  }

  @Get(':number/profiles/:jid')
  @ApiOperation({
    summary: "Someone's profile as the phone sees it",
    description:
      "Through the phone's own client: the picture (`w:profile:picture`, downloaded from the media host), the about text (usync status) and the business profile (`w:biz`) of an account (number or user jid) or a group (`…@g.us`), and the latest picture notification the client got about it.",
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam({ name: 'jid', example: '5511999990002', description: 'A number, a user jid or a group jid' })
  @ApiOkResponse({ type: PhoneProfileViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  read(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('jid') jid: string,
  ): Promise<PhoneProfileView> {
    return this.sim.readProfileFromPhone(number, jid);
  }
}
