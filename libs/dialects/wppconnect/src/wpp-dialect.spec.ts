import { ErrorCode } from '@zapgate/contracts';
import { DEFAULT_STATUS } from '@zapgate/dialect-common';
import { renderWppError } from './wpp-dialect.js';

const error = (code: ErrorCode, message: string, details?: Record<string, unknown>) => ({
  status: DEFAULT_STATUS[code],
  code,
  message,
  ...(details ? { details } : {}),
});

describe(renderWppError.name, () => {
  it("answers a number without WhatsApp with statusConnection's 400, naming the number in Portuguese", () => {
    expect(
      renderWppError(
        error(ErrorCode.NumberNotOnWhatsApp, 'the number 5511989999999 is not on WhatsApp', {
          number: '5511989999999',
        }),
      ),
    ).toEqual({
      status: 400,
      body: { response: null, status: 'Connected', message: 'O número 5511989999999 não existe.' },
    });
  });

  it('finds the number in the message when the details do not carry it', () => {
    expect(
      renderWppError(error(ErrorCode.NumberNotOnWhatsApp, 'the number 5511989999999 is not on WhatsApp'))
        .body,
    ).toMatchObject({ message: 'O número 5511989999999 não existe.' });
  });

  it("answers a session that is not connected with statusConnection's 404", () => {
    expect(renderWppError(error(ErrorCode.NotConnected, 'the instance is not connected'))).toEqual({
      status: 404,
      body: { response: null, status: 'Disconnected', message: 'A sessão do WhatsApp não está ativa.' },
    });
  });

  it('sends the bodies WPPConnect-server sends verbatim as they are', () => {
    const wppBody = { error: 'Check that the Session and Token are correct' };
    expect(renderWppError(error(ErrorCode.Unauthorized, wppBody.error, { wppBody }))).toEqual({
      status: 401,
      body: wppBody,
    });
  });

  it('answers anything else as {status: "error", message, code}, with the field errors', () => {
    expect(
      renderWppError({
        ...error(ErrorCode.ValidationFailed, 'phone is required'),
        fieldErrors: ['phone is required'],
      }),
    ).toEqual({
      status: 400,
      body: {
        status: 'error',
        message: 'phone is required',
        code: 'validation_failed',
        errors: ['phone is required'],
      },
    });
  });
});
