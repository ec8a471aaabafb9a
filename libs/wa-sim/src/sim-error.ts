export type SimErrorCode =
  | 'invalid_qr'
  | 'qr_expired'
  | 'already_paired'
  | 'no_pairing_request'
  | 'unknown_phone'
  | 'phone_exists'
  | 'invalid_number'
  | 'invalid_recipient'
  | 'phone_offline'
  | 'invalid_fault'
  | 'unknown_message'
  | 'not_received'
  | 'not_sent'
  | 'not_media'
  | 'not_a_poll'
  | 'invalid_vote'
  | 'media_unavailable'
  | 'invalid_media'
  | 'media_too_large'
  | 'unknown_group'
  | 'group_refused'
  | 'not_business'
  | 'unknown_label';

/** An error the control API reports to its caller as a 4xx with this code. */
export class SimError extends Error {
  constructor(
    readonly code: SimErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }
}
