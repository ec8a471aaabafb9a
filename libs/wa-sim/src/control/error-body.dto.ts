import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({
    example: 'unknown_phone',
    description:
      'validation_failed, invalid_number, invalid_recipient, invalid_qr, invalid_fault, invalid_media (400); unknown_phone, unknown_message, unknown_group, not_found (404); phone_exists, already_paired, no_pairing_request, not_received, not_media, media_unavailable, group_refused (409); qr_expired (410); media_too_large, payload_too_large (413); internal (500); phone_offline (503)',
  })
  code!: string;

  @ApiProperty({ example: 'no phone 5511999990009 on the simulated network' })
  message!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['number must be 6 to 15 digits, country code first'],
    description: 'validation_failed: one entry per broken rule',
  })
  details?: string[];
}

/** Body of every failed control-API call. */
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorDetailDto })
  error!: ErrorDetailDto;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid body or path (validation_failed, invalid_number, invalid_recipient, invalid_qr, invalid_fault, invalid_media)',
  404: 'No phone with that number (unknown_phone), no message with that id on it (unknown_message), or no such group (unknown_group)',
  409: 'Conflicts with the current state (phone_exists, already_paired, no_pairing_request, not_received, not_media, media_unavailable), or WhatsApp refused a group operation (group_refused, with its code: 403 not a member, 401 not an admin, 406 unknown invite code, 410 revoked invite code)',
  410: 'The QR code expired (qr_expired)',
  413: 'The body or the media is too large (payload_too_large, media_too_large)',
  503: 'The phone is not connected (phone_offline)',
};

/** Documents the `{ error: { code, message } }` responses a route can give. */
export function ApiSimErrors(...statuses: (keyof typeof DESCRIPTIONS)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBodyDto }),
    ),
  );
}
