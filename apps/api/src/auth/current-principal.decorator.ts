import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@jixiao/evaluation';

export interface AuthenticatedRequest {
  principal?: Principal;
  /** On a `@SessionInRead()` route: the bearer token, its session not looked up yet. */
  accessToken?: string;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
