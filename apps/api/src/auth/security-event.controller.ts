import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecurityLog, type Page, type Principal, type SecurityEventView } from '@jixiao/evaluation';
import { PageQuery } from '../http/page.query';
import { CurrentPrincipal } from './current-principal.decorator';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('security-events')
export class SecurityEventController {
  constructor(private readonly securityLog: SecurityLog) {}

  @Get()
  @ApiOperation({
    summary: "The security log of your organisation's people, newest first",
    description: 'Sign-ins, sign-outs, refreshes, password changes and refused requests. For unit admins and finance officers.',
  })
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<SecurityEventView>> {
    return this.securityLog.list(principal, page);
  }
}
