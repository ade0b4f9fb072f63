import { unprocessable } from '../errors';

/** Letters, digits, dots, dashes and underscores: what the people API accepts as a user name. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE = /^1[3-9]\d{9}$/;
/** Area code (0 and 2-3 digits), the number (7-8 digits), an optional extension. */
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/**
 * A mainland mobile number (1[3-9] and 9 digits, +86 allowed before it) or a landline with its
 * area code, spaces ignored; null when the value is neither.
 */
export function normalisePhone(value: string): string | null {
  const compact = value.replace(/[\s\u3000]/g, '').replace(/[（(]/g, '').replace(/[）)]/g, '-').replace(/—|－/g, '-');
  const mobile = compact.replace(/^\+?86-?/, '');
  if (MOBILE.test(mobile)) return mobile;
  if (LANDLINE.test(compact)) return compact;
  return null;
}

/** The phone as stored, or 422 USER.PHONE_INVALID naming the field. */
export function checkedPhone(value: string | null | undefined, field = 'phone'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const phone = normalisePhone(value);
  if (phone === null) throw unprocessable('USER.PHONE_INVALID', `${value} is neither a mainland mobile number nor a landline with its area code.`, { fields: [field] });
  return phone;
}
