import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryVerifier, type HistoryVerification, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidPipe } from '../http/uuid.pipe';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class HistoryController {
  constructor(private readonly verifier: HistoryVerifier) {}

  @Get(':id/history/verify')
  @ApiOperation({
    summary: "Recompute the case history's hash chain",
    description: 'Answers {caseId, valid, records, firstBroken: {seq, reason} | null}; reason is hash, prev_hash, seq or head.',
  })
  verify(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<HistoryVerification> {
    return this.verifier.verifyCase(principal, id);
  }
}
