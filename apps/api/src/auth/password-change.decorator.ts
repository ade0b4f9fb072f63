import { SetMetadata } from '@nestjs/common';

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'jixiao:allowed-before-password-change';

/**
 * Marks a route an account may use while it must still change a password someone else chose
 * (reading one's profile, changing the password, signing out). Every other route answers 403
 * AUTH.PASSWORD_CHANGE_REQUIRED until then.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
