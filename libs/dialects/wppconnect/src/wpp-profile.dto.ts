import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError, ErrorCode, type BusinessProfile, type BusinessProfileEdit } from '@zapgate/contracts';
import { IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';
import { WppWid, wppWid } from './wpp-chat.dto.js';

/** WPPConnect-server's answer to `set-profile-pic` without a file (catalog 4.11). */
export const WPP_PROFILE_FILE_REQUIRED = { status: 'Error', message: 'File parameter is required!' } as const;
/** WPPConnect-server's answer to `group-pic` without an image (catalog 4.5). */
export const WPP_GROUP_IMAGE_MANDATORY = { message: 'Sending the image is mandatory' } as const;

/** `set-profile-pic` without a multipart `file`: WPPConnect's 400. */
export const wppProfileFileRequired = (): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, WPP_PROFILE_FILE_REQUIRED.message, {
    wppBody: WPP_PROFILE_FILE_REQUIRED,
  });

/** `group-pic` with neither a `path` nor a `file`: WPPConnect's 401. */
export const wppGroupImageMandatory = (): DomainError =>
  new DomainError(ErrorCode.Unauthorized, WPP_GROUP_IMAGE_MANDATORY.message, {
    wppBody: WPP_GROUP_IMAGE_MANDATORY,
  });

/** `group-pic` (catalog 4.5): `groupId` and `path` (an http(s) URL or a data URI) or multipart `file`. */
export class WppGroupPicDto {
  @ApiProperty({ example: '120363040000000001', description: 'The group (`@g.us` optional)' })
  @IsDefined({ message: 'groupId is required' })
  groupId!: unknown;

  @ApiPropertyOptional({
    example: 'https://example.com/logo.jpg',
    description: 'An http(s) URL or a data URI of the image (else the multipart `file`)',
  })
  @IsOptional()
  @IsString({ message: 'path must be a string' })
  @MaxLength(64 * 1024 * 1024)
  path?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    example: '(the file)',
    description: 'multipart/form-data only: the image, used when there is no `path`',
  })
  file?: unknown;
}

/**
 * `edit-business-profile` (catalog 4.11): the body is passed through as WPPConnect does; `adress`
 * (sic) and `address`, `website` and `websites` (a string or an array) are both read.
 */
export class WppEditBusinessProfileDto {
  @ApiPropertyOptional({
    example: 'Rua Augusta 100, São Paulo',
    description: 'WPPConnect spells it `adress`',
  })
  @IsOptional()
  adress?: unknown;

  @ApiPropertyOptional({ example: 'Rua Augusta 100, São Paulo' })
  @IsOptional()
  address?: unknown;

  @ApiPropertyOptional({ example: 'hello@bakery.example' })
  @IsOptional()
  email?: unknown;

  @ApiPropertyOptional({ example: 'Fresh bread every morning' })
  @IsOptional()
  description?: unknown;

  @ApiPropertyOptional({
    example: ['https://bakery.example'],
    type: [String],
    description: 'At most 2 (WhatsApp shows two)',
  })
  @IsOptional()
  website?: unknown;

  @ApiPropertyOptional({
    type: [String],
    example: ['https://bakery.example'],
    description: 'Same as `website` (the swagger schema name)',
  })
  @IsOptional()
  websites?: unknown;

  @ApiPropertyOptional({
    example: ['Bakery'],
    description:
      "Accepted and not applied: a business's category is set on the WhatsApp Business app; a linked device cannot change it (the reply shows the category WhatsApp has)",
  })
  @IsOptional()
  categories?: unknown;
}

const text = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new DomainError(ErrorCode.ValidationFailed, `${field} must be a string`);
  if (value.length > max)
    throw new DomainError(ErrorCode.ValidationFailed, `${field} must be at most ${max} characters`);
  return value;
};

/** The canonical business profile edit of a WPPConnect body: validation_failed when it changes nothing. */
export function wppBusinessProfileEdit(body: WppEditBusinessProfileDto): BusinessProfileEdit {
  const address = text(body.adress ?? body.address, 'adress', 256);
  const email = text(body.email, 'email', 128);
  const description = text(body.description, 'description', 512);
  const rawSites = body.website ?? body.websites;
  let websites: string[] | undefined;
  if (rawSites !== undefined && rawSites !== null) {
    const list = Array.isArray(rawSites) ? rawSites : [rawSites];
    if (!list.every((w): w is string => typeof w === 'string'))
      throw new DomainError(ErrorCode.ValidationFailed, 'website must be a string or an array of strings');
    websites = list.map((w) => w.trim()).filter(Boolean);
    if (websites.length > 2)
      throw new DomainError(ErrorCode.ValidationFailed, 'website takes at most 2 addresses');
    if (websites.some((w) => w.length > 256))
      throw new DomainError(ErrorCode.ValidationFailed, 'a website must be at most 256 characters');
  }
  const edit: BusinessProfileEdit = {
    ...(address !== undefined ? { address } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(websites !== undefined ? { websites } : {}),
  };
  if (!Object.keys(edit).length)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      body.categories !== undefined
        ? 'categories cannot be changed from a linked device (WhatsApp Business app only); give adress, email, description or website'
        : 'give at least one of adress, email, description or website',
    );
  return edit;
}

export class WppBusinessCategory {
  @ApiProperty({ example: 'Bakery' })
  localized_display_name!: string;
}

/** A business profile as WA-JS names its fields. */
export class WppBusinessProfileView {
  @ApiProperty({ type: WppWid })
  id!: WppWid;
  @ApiProperty({ example: 'Fresh bread every morning' })
  description!: string;
  @ApiPropertyOptional({ example: 'Rua Augusta 100, São Paulo' })
  address?: string;
  @ApiPropertyOptional({ example: 'hello@bakery.example' })
  email?: string;
  @ApiProperty({ type: [String], example: ['https://bakery.example'] })
  website!: string[];
  @ApiProperty({ type: [WppBusinessCategory] })
  categories!: WppBusinessCategory[];
  @ApiPropertyOptional({
    example: { timezone: 'America/Sao_Paulo', config: [{ day_of_week: 'mon', mode: 'open_24h' }] },
    description: 'Opening hours: `{timezone, config: [{day_of_week, mode, open_time, close_time}]}`',
  })
  business_hours?: { timezone?: string; config: Record<string, unknown>[] };
}

export function wppBusinessProfile(p: BusinessProfile): WppBusinessProfileView {
  return {
    id: wppWid(p.jid),
    description: p.description ?? '',
    ...(p.address ? { address: p.address } : {}),
    ...(p.email ? { email: p.email } : {}),
    website: p.websites,
    categories: p.category ? [{ localized_display_name: p.category }] : [],
    ...(p.hours
      ? {
          business_hours: {
            ...(p.hours.timezone ? { timezone: p.hours.timezone } : {}),
            config: p.hours.days.map((d) => ({
              day_of_week: d.day,
              mode: d.mode,
              ...(d.openTime !== undefined ? { open_time: d.openTime } : {}),
              ...(d.closeTime !== undefined ? { close_time: d.closeTime } : {}),
            })),
          },
        }
      : {}),
  };
}

/** WPPConnect's `profile/:phone` (getNumberProfile): the number's status, and its business profile when it has one. */
export class WppNumberProfileView {
  @ApiProperty({ type: WppWid })
  id!: WppWid;
  @ApiProperty({ example: true, description: 'Whether WhatsApp answers a business profile for it' })
  isBusiness!: boolean;
  @ApiProperty({ example: true })
  canReceiveMessage!: boolean;
  @ApiProperty({ example: true })
  numberExists!: boolean;
  @ApiProperty({ example: 200, description: '200, or 404 when the number is not on WhatsApp' })
  status!: number;
  @ApiPropertyOptional({ type: WppBusinessProfileView, description: 'A business account: its profile' })
  businessProfile?: WppBusinessProfileView;
}

export class WppNumberProfileReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: WppNumberProfileView })
  response!: WppNumberProfileView;
}

export function wppNumberProfile(
  asked: string,
  found: { exists: boolean; jid?: string },
  business: BusinessProfile | undefined,
): WppNumberProfileReply {
  return {
    status: 'success',
    response: {
      id: wppWid(found.jid ?? asked),
      isBusiness: found.exists && !!business,
      canReceiveMessage: found.exists,
      numberExists: found.exists,
      status: found.exists ? 200 : 404,
      ...(found.exists && business ? { businessProfile: wppBusinessProfile(business) } : {}),
    },
  };
}
