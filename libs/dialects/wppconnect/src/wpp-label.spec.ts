import { ErrorCode, type EventData, type EventEnvelope } from '@zapgate/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  WppAddNewLabelDto,
  WppAddOrRemoveLabelDto,
  wppLabel,
  wppLabelChats,
  wppLabelId,
  wppLabelledChats,
  wppNewLabel,
} from './wpp-label.dto.js';
import { renderWppWebhook } from './wpp-webhook.renderer.js';

const envelope = (data: EventData['label-updated']): EventEnvelope<'label-updated'> => ({
  id: 'e1',
  instance: 'biz',
  event: 'label-updated',
  at: '2026-01-01T00:00:00.000Z',
  data,
});
const label = { id: '5', name: 'VIP', color: 4, deleted: false, chats: 2 };
const errors = (cls: new () => object, body: unknown) =>
  validateSync(plainToInstance(cls, body) as object).map((e) => e.property);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('WPPConnect labels', () => {
  it('renders a chat labelled or unlabelled as onupdatelabel, and nothing for label edits', () => {
    expect(
      renderWppWebhook(
        envelope({
          action: 'added',
          labelId: '5',
          label,
          chat: '5511999990002@s.whatsapp.net',
          chatLabels: ['1', '5'],
        }),
        { key: 'biz' },
      ),
    ).toEqual([
      {
        event: 'onupdatelabel',
        body: {
          event: 'onupdatelabel',
          session: 'biz',
          chat: { id: '5511999990002@c.us', labels: ['1', '5'] },
          ids: ['5'],
          labels: [{ id: '5', name: 'VIP', color: null, colorIndex: 4, count: 2 }],
          type: 'add',
        },
      },
    ]);
    const removed = renderWppWebhook(
      envelope({ action: 'removed', labelId: '9', chat: '120363000000000001@g.us', chatLabels: [] }),
      { key: 'biz' },
    );
    expect(removed[0]!.body).toMatchObject({
      chat: { id: '120363000000000001@g.us' },
      labels: [],
      type: 'remove',
    });
    expect(renderWppWebhook(envelope({ action: 'edited', labelId: '5', label }), { key: 'biz' })).toEqual([]);
  });

  it("maps add-new-label: labelColor is WhatsApp's colour index (an ARGB colour is a 400)", () => {
    expect(errors(WppAddNewLabelDto, { name: 'VIP', options: { labelColor: 4 } })).toEqual([]);
    expect(errors(WppAddNewLabelDto, {})).toEqual(['name']);
    expect(errors(WppAddNewLabelDto, { name: '' })).toEqual(['name']);
    expect(errors(WppAddNewLabelDto, { name: 'VIP', options: 'red' })).toEqual(['options']);
    expect(wppNewLabel('biz', { name: 'VIP', options: { labelColor: 4 } })).toEqual({
      instance: 'biz',
      name: 'VIP',
      color: 4,
    });
    expect(wppNewLabel('biz', { name: 'VIP' })).toEqual({ instance: 'biz', name: 'VIP' });
    for (const labelColor of [4292849392, '#dfaef0', 20, -1, 1.5])
      expect(codeOf(() => wppNewLabel('biz', { name: 'VIP', options: { labelColor } }))).toBe(
        ErrorCode.ValidationFailed,
      );
  });

  it('maps add-or-remove-label to one command over the chats (ids as WhatsApp writes them)', () => {
    const body = {
      chatIds: ['5511999990002@c.us', '5511999990003', '5511999990002'],
      options: [
        { labelId: '76', type: 'add' as const },
        { labelId: '75', type: 'remove' as const },
      ],
    };
    expect(errors(WppAddOrRemoveLabelDto, body)).toEqual([]);
    expect(wppLabelChats('biz', body)).toEqual({
      instance: 'biz',
      chats: ['5511999990002@s.whatsapp.net', '5511999990003@s.whatsapp.net'],
      changes: [
        { label: '76', action: 'add' },
        { label: '75', action: 'remove' },
      ],
    });
    expect(errors(WppAddOrRemoveLabelDto, { chatIds: [], options: [] })).toEqual(['chatIds', 'options']);
    expect(
      errors(WppAddOrRemoveLabelDto, { chatIds: ['x'], options: [{ labelId: 'a', type: 'toggle' }] }),
    ).toEqual(['options']);
    expect(codeOf(() => wppLabelChats('biz', { chatIds: ['not a chat'], options: body.options }))).toBe(
      ErrorCode.ValidationFailed,
    );
  });

  it("renders labels as wa-js does (colour index, chat count) and checks a path's label id", () => {
    expect(wppLabel({ ...label, predefinedId: '1' })).toEqual({
      id: '5',
      name: 'VIP',
      color: null,
      colorIndex: 4,
      count: 2,
      predefinedId: '1',
    });
    expect(wppLabelledChats([{ chat: '5511999990002@s.whatsapp.net', labels: ['5'] }])).toEqual([
      { id: '5511999990002@c.us', labels: ['5'] },
    ]);
    expect(wppLabelId('12')).toBe('12');
    expect(codeOf(() => wppLabelId('abc'))).toBe(ErrorCode.ValidationFailed);
  });
});
