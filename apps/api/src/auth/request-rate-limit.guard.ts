import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, SecurityLog, type Principal } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import type { HttpRequest } from '../http/http-types';
import { ApiError } from '../http/api-error';
import type { AuthenticatedRequest } from './current-principal.decorator';
import { requestOrigin } from './request-origin';
import { RequestRateLimiter } from './request-rate-limiter';

export const REQUESTS_PER_MINUTE = Symbol('REQUESTS_PER_MINUTE');

/**
 * A ceiling on the requests of one session per minute (its access tokens change at each refresh;
 * the session does not). One per process: the guard below and the routes that admit their session
 * in their own read (`SessionChecks`) count against the same ceiling.
 */
@Injectable()
export class RequestRateLimit {
  private readonly logger = new Logger('RequestRateLimit');
  private readonly limiter: RequestRateLimiter;

  constructor(
    private readonly clock: Clock,
    private readonly securityLog: SecurityLog,
    private readonly transactor: Transactor,
    @Inject(REQUESTS_PER_MINUTE) private readonly perMinute: number,
  ) {
    this.limiter = new RequestRateLimiter(perMinute);
  }

  /** Counts the request against its session; over the ceiling it throws REQUEST.RATE_LIMITED (logged once a window). */
  async admit(request: HttpRequest, principal: Principal): Promise<void> {
    const decision = this.limiter.take(principal.sessionId, this.clock.now().getTime());
    if (decision.allowed) return;
    const code = 'REQUEST.RATE_LIMITED';
    if (decision.firstInWindow) {
      try {
        await this.securityLog.record(this.transactor.manager, {
          kind: 'request_refused',
          outcome: 'throttled',
          userId: principal.userId,
          username: principal.username,
          origin: requestOrigin(request),
          code,
          details: { statusCode: 429, sessionId: principal.sessionId, ceiling: this.perMinute, retryAfterSeconds: decision.retryAfterSeconds },
        });
      } catch (failure) {
        this.logger.error({ err: failure }, 'Could not write a rate limit to the security log');
      }
    }
    throw new ApiError(
      code,
      `More than ${this.perMinute} requests in a minute with this session. Try again in ${decision.retryAfterSeconds} seconds.`,
      { details: { retryAfterSeconds: decision.retryAfterSeconds } },
    );
  }
}

/** Applies `RequestRateLimit` after AuthGuard; public routes have their own limits or none. */
@Injectable()
export class RequestRateLimitGuard implements CanActivate {
  constructor(private readonly limit: RequestRateLimit) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<HttpRequest & AuthenticatedRequest>();
    // No principal: a public route, or one that admits its session in its own read (and counts it there).
    if (request.principal) await this.limit.admit(request, request.principal);
    return true;
  }
}
