import { isLidUser, isPnUser, jidNormalizedUser, type Contact } from '@whiskeysockets/baileys';
import type { ContactUpdate } from '@zapgate/contracts';

/**
 * A `contacts.update` Baileys emits for WhatsApp's `picture` notification (`imgUrl` 'changed' or
 * 'removed', nothing else known) as a `contact-updated`; undefined for other updates and groups
 * (a group's picture change is a group matter).
 */
export function pictureUpdateOf(contact: Partial<Contact>): ContactUpdate | undefined {
  const id = contact.id ? jidNormalizedUser(contact.id) : undefined;
  if (!id || !(isPnUser(id) || isLidUser(id))) return undefined;
  if (contact.imgUrl !== 'changed' && contact.imgUrl !== 'removed') return undefined;
  return { contact: id, picture: contact.imgUrl };
}

/** Whether an update carries nothing but a picture change (no names or addresses to store). */
export function isPictureOnly(contact: Partial<Contact>): boolean {
  return Object.keys(contact).every((k) => k === 'id' || k === 'imgUrl');
}
