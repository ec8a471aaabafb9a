import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { normalizeMessageContent, proto } from '@whiskeysockets/baileys';

/** A poll as the phone shows it: the question, its options, and the phone's own vote. */
export interface PhonePoll {
  name: string;
  options: string[];
  /** How many options a voter may pick; 0: any number. */
  selectableCount: number;
  /** The options this phone picked last (absent until it votes; empty: it took its vote back). */
  myVote?: string[];
}

/** An answer to a list, buttons or template message, as the phone sent or received it. */
export interface PhoneReply {
  kind: 'list' | 'buttons' | 'template' | 'interactive';
  id?: string;
  title?: string;
  /** The message answered. */
  to?: string;
}

/** A list, buttons, template or interactive message as the phone shows it: its text and choices. */
export interface PhoneInteractive {
  kind: 'list' | 'buttons' | 'template' | 'interactive';
  text?: string;
  /** The rows (lists) or buttons, with the id an answer sends back. */
  choices: { id: string; title: string }[];
  /** A list's or buttons' title, a template's title text. */
  title?: string;
  footer?: string;
  /** A list: the button that opens it, and its sections as sent. */
  buttonText?: string;
  sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
  /** A template's buttons with their kind (a quick reply's id, a link's URL, a call's phone). */
  buttons?: { type: 'reply' | 'url' | 'call'; title: string; value: string }[];
  /** An image header (a template's or buttons'): its MIME type as the message declares it. */
  image?: { mimetype?: string };
}

/** What a list, buttons, template or interactive (native flow) message offers; undefined otherwise. */
export function interactiveOf(message: proto.IMessage | null | undefined): PhoneInteractive | undefined {
  const c = normalizeMessageContent(message);
  const text = (t: string | null | undefined) => (t ? { text: t } : {});
  if (c?.listMessage) {
    const l = c.listMessage;
    return {
      kind: 'list',
      ...text(l.description ?? l.title),
      choices: (l.sections ?? []).flatMap((s) =>
        (s.rows ?? []).map((r) => ({ id: r.rowId ?? '', title: r.title ?? '' })),
      ),
      ...(l.title ? { title: l.title } : {}),
      ...(l.footerText ? { footer: l.footerText } : {}),
      ...(l.buttonText ? { buttonText: l.buttonText } : {}),
      sections: (l.sections ?? []).map((s) => ({
        ...(s.title ? { title: s.title } : {}),
        rows: (s.rows ?? []).map((r) => ({
          id: r.rowId ?? '',
          title: r.title ?? '',
          ...(r.description ? { description: r.description } : {}),
        })),
      })),
    };
  }
  if (c?.buttonsMessage) {
    const b = c.buttonsMessage;
    return {
      kind: 'buttons',
      ...text(b.contentText),
      choices: (b.buttons ?? []).map((x) => ({
        id: x.buttonId ?? '',
        title: x.buttonText?.displayText ?? '',
      })),
      ...(b.text ? { title: b.text } : {}),
      ...(b.footerText ? { footer: b.footerText } : {}),
      ...(b.imageMessage
        ? { image: { ...(b.imageMessage.mimetype ? { mimetype: b.imageMessage.mimetype } : {}) } }
        : {}),
    };
  }
  const template = c?.templateMessage?.hydratedTemplate ?? c?.templateMessage?.hydratedFourRowTemplate;
  if (template)
    return {
      kind: 'template',
      ...text(template.hydratedContentText),
      choices: (template.hydratedButtons ?? []).flatMap((x) => {
        const button = x.quickReplyButton ?? x.urlButton ?? x.callButton;
        const id = x.quickReplyButton?.id ?? x.urlButton?.url ?? x.callButton?.phoneNumber ?? '';
        return button ? [{ id, title: button.displayText ?? '' }] : [];
      }),
      ...(template.hydratedTitleText ? { title: template.hydratedTitleText } : {}),
      ...(template.hydratedFooterText ? { footer: template.hydratedFooterText } : {}),
      buttons: (template.hydratedButtons ?? []).flatMap((x): NonNullable<PhoneInteractive['buttons']> =>
        x.quickReplyButton
          ? [
              {
                type: 'reply' as const,
                title: x.quickReplyButton.displayText ?? '',
                value: x.quickReplyButton.id ?? '',
              },
            ]
          : x.urlButton
            ? [{ type: 'url' as const, title: x.urlButton.displayText ?? '', value: x.urlButton.url ?? '' }]
            : x.callButton
              ? [
                  {
                    type: 'call' as const,
                    title: x.callButton.displayText ?? '',
                    value: x.callButton.phoneNumber ?? '',
                  },
                ]
              : [],
      ),
      ...(template.imageMessage
        ? {
            image: {
              ...(template.imageMessage.mimetype ? { mimetype: template.imageMessage.mimetype } : {}),
            },
          }
        : {}),
    };
  if (c?.interactiveMessage) {
    const i = c.interactiveMessage;
    return {
      kind: 'interactive',
      ...text(i.body?.text),
      choices: (i.nativeFlowMessage?.buttons ?? []).map((x) => {
        let params: { id?: unknown; display_text?: unknown } = {};
        try {
          params = JSON.parse(x.buttonParamsJson ?? '{}') as typeof params;
        } catch {
          // a button without JSON params
        }
        return {
          id: typeof params.id === 'string' ? params.id : (x.name ?? ''),
          title: typeof params.display_text === 'string' ? params.display_text : (x.name ?? ''),
        };
      }),
    };
  }
  return undefined;
}

/** A poll creation message's question and options (any version), and its vote secret. */
export function pollOf(
  message: proto.IMessage | null | undefined,
): { poll: PhonePoll; secret?: Uint8Array } | undefined {
  const content = normalizeMessageContent(message);
  const p = content?.pollCreationMessage ?? content?.pollCreationMessageV2 ?? content?.pollCreationMessageV3;
  if (!p) return undefined;
  const secret = content?.messageContextInfo?.messageSecret ?? message?.messageContextInfo?.messageSecret;
  return {
    poll: {
      name: p.name ?? '',
      options: (p.options ?? []).map((o) => o.optionName ?? ''),
      selectableCount: p.selectableOptionsCount ?? 0,
    },
    ...(secret?.length ? { secret } : {}),
  };
}

/** The answer a list, buttons, template or interactive response message carries. */
export function replyOf(message: proto.IMessage | null | undefined): PhoneReply | undefined {
  const c = normalizeMessageContent(message);
  const to = (ctx: proto.IContextInfo | null | undefined) => (ctx?.stanzaId ? { to: ctx.stanzaId } : {});
  if (c?.listResponseMessage) {
    const l = c.listResponseMessage;
    return {
      kind: 'list',
      ...(l.singleSelectReply?.selectedRowId ? { id: l.singleSelectReply.selectedRowId } : {}),
      ...(l.title ? { title: l.title } : {}),
      ...to(l.contextInfo),
    };
  }
  if (c?.buttonsResponseMessage) {
    const b = c.buttonsResponseMessage;
    return {
      kind: 'buttons',
      ...(b.selectedButtonId ? { id: b.selectedButtonId } : {}),
      ...(b.selectedDisplayText ? { title: b.selectedDisplayText } : {}),
      ...to(b.contextInfo),
    };
  }
  if (c?.templateButtonReplyMessage) {
    const t = c.templateButtonReplyMessage;
    return {
      kind: 'template',
      ...(t.selectedId ? { id: t.selectedId } : {}),
      ...(t.selectedDisplayText ? { title: t.selectedDisplayText } : {}),
      ...to(t.contextInfo),
    };
  }
  return undefined;
}

/**
 * A vote on a poll, encrypted as WhatsApp clients do (what Baileys' `decryptPollVote` opens): the
 * options' SHA-256 hashes in a `PollVoteMessage`, AES-256-GCM with a key derived by HMAC-SHA256
 * from the poll's `messageSecret`, the poll id, its creator's and the voter's jids and
 * "Poll Vote"; the additional data is `<pollId>\0<voterJid>`, the tag follows the ciphertext.
 */
export function encryptPollVote(
  options: string[],
  context: { pollId: string; pollCreatorJid: string; voterJid: string; secret: Uint8Array },
): proto.Message.IPollEncValue {
  const plaintext = proto.Message.PollVoteMessage.encode({
    selectedOptions: options.map((o) => createHash('sha256').update(o).digest()),
  }).finish();
  const sign = Buffer.concat([
    Buffer.from(context.pollId),
    Buffer.from(context.pollCreatorJid),
    Buffer.from(context.voterJid),
    Buffer.from('Poll Vote'),
    Buffer.from([1]),
  ]);
  const key0 = createHmac('sha256', Buffer.alloc(32)).update(context.secret).digest();
  const key = createHmac('sha256', key0).update(sign).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${context.pollId}\u0000${context.voterJid}`));
  const encPayload = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { encPayload, encIv: iv };
}
