import { Injectable } from '@nestjs/common';
import { DomainError } from './errors';

/** Codes of the password rules, as listed in `details.rules` of AUTH.PASSWORD_TOO_WEAK. */
export type PasswordRule = 'min_length' | 'character_classes' | 'contains_username';

export const PASSWORD_MIN_LENGTH = 10;
/** Of upper-case letters, lower-case letters, digits and symbols (anything else). */
export const PASSWORD_MIN_CLASSES = 3;

const RULE_TEXT: Record<PasswordRule, string> = {
  min_length: `at least ${PASSWORD_MIN_LENGTH} characters`,
  character_classes: `at least ${PASSWORD_MIN_CLASSES} of: upper-case letters, lower-case letters, digits, symbols`,
  contains_username: 'must not contain the user name',
};

/**
 * Password rules for 等保 2.0 level 3 (身份鉴别: 口令复杂度): length, character classes, and not the
 * user name. Checked when a password is set, never at sign-in, so existing passwords keep working.
 */
@Injectable()
export class PasswordPolicy {
  /** The rules the password breaks; empty when it is acceptable. */
  unmetRules(password: string, username: string): PasswordRule[] {
    const unmet: PasswordRule[] = [];
    if ([...password].length < PASSWORD_MIN_LENGTH) unmet.push('min_length');
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
    if (classes < PASSWORD_MIN_CLASSES) unmet.push('character_classes');
    const name = username.trim().toLowerCase();
    if (name !== '' && password.toLowerCase().includes(name)) unmet.push('contains_username');
    return unmet;
  }

  /** Throws 422 AUTH.PASSWORD_TOO_WEAK with every unmet rule when the password is not acceptable. */
  check(password: string, username: string): void {
    const rules = this.unmetRules(password, username);
    if (rules.length === 0) return;
    throw new DomainError(
      'AUTH.PASSWORD_TOO_WEAK',
      `Choose a stronger password: ${rules.map((rule) => RULE_TEXT[rule]).join('; ')}.`,
      { rules },
    );
  }
}
