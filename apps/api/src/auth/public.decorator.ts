import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'jixiao:public';

/** Marks a route that needs no sign-in (health, login). Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
