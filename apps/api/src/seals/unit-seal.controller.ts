import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { DomainError, UnitSealService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { contentType, rawBody } from '../http/upload';
import { uuidPipe } from '../http/uuid.pipe';
import { SealSetUpQuery, UnitSealDto, unitSealDto } from './unit-seal.dto';

/** A seal image of 2000 × 2000 pixels compresses far below this; anything larger is not one. */
const IMAGE_LIMIT_BYTES = 512 * 1024;
const PNG = 'image/png';

@ApiTags('seals')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('units')
export class UnitSealController {
  constructor(private readonly seals: UnitSealService) {}

  @Post(':unitId/seal')
  @ApiOperation({
    summary: "Set up the unit's electronic seal (设置电子印章): its image, a new SM2 key pair and a certificate-like record",
    description:
      'The body is the seal image, a PNG of at most 2000 × 2000 pixels and 512 KiB (Content-Type image/png); the validity goes in the query. ' +
      "The unit's admin or the system administrator. The active seal, if any, is superseded and kept for verifying what it signed. " +
      'A body that is not a whole PNG answers 422 SEAL.IMAGE_INVALID and writes nothing.',
  })
  @ApiConsumes(PNG)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: UnitSealDto })
  async setUp(
    @CurrentPrincipal() principal: Principal,
    @Param('unitId', uuidPipe('organisation')) unitId: string,
    @Query() query: SealSetUpQuery,
    @Req() request: HttpRequest,
  ): Promise<UnitSealDto> {
    await this.seals.authoriseSetUp(principal, unitId);
    if (contentType(request) !== PNG) throw new DomainError('SEAL.IMAGE_NOT_PNG', `The seal image was sent as "${contentType(request)}", not ${PNG}.`);
    const png = await rawBody(request, IMAGE_LIMIT_BYTES);
    return unitSealDto(await this.seals.setUp(principal, unitId, png, { validFrom: query.validFrom, validUntil: query.validUntil }));
  }

  @Get(':unitId/seal')
  @ApiOperation({ summary: "The unit's active seal: serial, holder, validity, public key, image digest (no private key material)" })
  @ApiOkResponse({ type: UnitSealDto })
  async active(@CurrentPrincipal() principal: Principal, @Param('unitId', uuidPipe('organisation')) unitId: string): Promise<UnitSealDto> {
    return unitSealDto(await this.seals.active(principal, unitId));
  }

  @Get(':unitId/seal/image')
  @ApiOperation({ summary: "The active seal's image (PNG)" })
  @ApiProduces(PNG)
  @ApiOkResponse({ description: "The PNG; its SHA-256 (the record's imageSha256) in X-Content-SHA256", content: { [PNG]: { schema: { type: 'string', format: 'binary' } } } })
  async image(@CurrentPrincipal() principal: Principal, @Param('unitId', uuidPipe('organisation')) unitId: string, @Res() response: HttpReply): Promise<void> {
    const image = await this.seals.image(principal, unitId);
    response.header('Content-Disposition', 'inline; filename="seal.png"');
    response.header('X-Content-SHA256', image.sha256);
    response.type(PNG).send(image.png);
  }
}
