import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PHRASE_LIMITS, PhraseService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { NewPhraseDto, PhraseChangeDto, PhraseDto, PhraseListQuery } from './phrase.dto';

@ApiTags('me')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('me/phrases')
export class PhraseController {
  constructor(private readonly phrases: PhraseService) {}

  @Get()
  @ApiOperation({
    summary: 'Your saved phrases (常用语), oldest first; defaults for a use while you have none of your own for it',
  })
  @ApiOkResponse({ type: [PhraseDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PhraseListQuery): Promise<PhraseDto[]> {
    return this.phrases.list(principal, query.kind);
  }

  @Post()
  @ApiOperation({
    summary: 'Save a phrase',
    description: `At most ${PHRASE_LIMITS.perPerson} per person (422 PHRASE.TOO_MANY); the same text twice answers 409 PHRASE.DUPLICATE. The text is trimmed.`,
  })
  @ApiCreatedResponse({ type: PhraseDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewPhraseDto): Promise<PhraseDto> {
    return this.phrases.create(principal, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the text or the use of one of your phrases' })
  @ApiOkResponse({ type: PhraseDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('phrase')) id: string, @Body() body: PhraseChangeDto): Promise<PhraseDto> {
    return this.phrases.update(principal, id, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete one of your phrases; another person’s answers 404' })
  @ApiOkResponse({ type: PhraseDto })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('phrase')) id: string): Promise<PhraseDto> {
    return this.phrases.remove(principal, id);
  }
}
