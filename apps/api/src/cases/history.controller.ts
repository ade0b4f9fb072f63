import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryVerifier, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { HistoryVerificationDto } from './case.responses';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class HistoryController {
  constructor(private readonly verifier: HistoryVerifier) {}

  @Get(':id/history/verify')
  @ApiOperation({
    summary: "Recompute the case history's hash chain",
    description:
      'Answers {caseId, valid, records, firstBroken: {seq, reason} | null, authenticated}; reason is hash, prev_hash, seq, key or head. ' +
      'authenticated is false when the server holds no HISTORY_KEY or the case has records from before the keyed chain.',
  })
  @ApiOkResponse({ type: HistoryVerificationDto })
  verify(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<HistoryVerificationDto> {
    return this.verifier.verifyCase(principal, id);
  }
}
