import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService } from '@jixiao/evaluation';
import { headerOf, type HttpRequest } from '../http/http-types';
import { ApiError } from '../http/api-error';
import type { AuthenticatedRequest } from './current-principal.decorator';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from './password-change.decorator';
import { IS_PUBLIC } from './public.decorator';
import { SESSION_IN_READ } from './session-in-read';

/** Every route needs a bearer token unless it is marked @Public(); a @SessionInRead() route looks its session up itself. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<HttpRequest & AuthenticatedRequest>();
    const header = headerOf(request, 'authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match) {
      throw new ApiError('AUTH.REQUIRED', 'Sign in first: send the token from POST /api/auth/login as "Authorization: Bearer <token>".');
    }
    if (this.reflector.getAllAndOverride<boolean>(SESSION_IN_READ, [context.getHandler(), context.getClass()])) {
      request.accessToken = match[1]!;
      return true;
    }
    const passwordChangePending = this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, [context.getHandler(), context.getClass()]) === true;
    request.principal = await this.auth.authenticate(match[1]!, { passwordChangePending });
    return true;
  }
}
