import { Injectable, SetMetadata } from '@nestjs/common';
import { AuthService, type Principal, type SessionCheck } from '@jixiao/evaluation';
import type { HttpRequest } from '../http/http-types';
import type { AuthenticatedRequest } from './current-principal.decorator';
import { RequestRateLimit } from './request-rate-limit.guard';

export const SESSION_IN_READ = 'jixiao:session-in-read';

/**
 * The route looks its caller's session up in its own first read, one round trip for both (the
 * lifecycle events, the hot path of a season). AuthGuard only checks the bearer token's form and
 * hands the token on; the handler admits the session through `SessionChecks` before anything else
 * is looked at, with the same refusals, security log and request ceiling as every other route.
 *
 * One difference a client can see: on such a route a body that fails validation is answered 400
 * before a well-formed but unknown, expired or revoked token is answered 401 (validation runs
 * before the handler). A missing or malformed token is still refused first.
 */
export const SessionInRead = () => SetMetadata(SESSION_IN_READ, true);

/** The session checks of `@SessionInRead()` routes. */
@Injectable()
export class SessionChecks {
  constructor(
    private readonly auth: AuthService,
    private readonly limit: RequestRateLimit,
  ) {}

  of(request: HttpRequest & AuthenticatedRequest): SessionCheck {
    const token = request.accessToken;
    if (token === undefined) throw new Error('SessionChecks used on a route that is not marked @SessionInRead()');
    const query = this.auth.sessionQuery(token);
    return {
      query,
      admit: async (found): Promise<Principal> => {
        const principal = this.auth.admit(found, query);
        // From here the request is the person's, in the access log and the error answers too.
        request.principal = principal;
        await this.limit.admit(request, principal);
        return principal;
      },
    };
  }
}
