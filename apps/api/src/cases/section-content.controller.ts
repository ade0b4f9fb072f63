import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { SectionContentService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { HeadingBlockDto, ParagraphBlockDto, SECTION_BLOCKS, TableBlockDto, SectionContentDto, SectionRevisionDto } from './case.responses';

@ApiExtraModels(HeadingBlockDto, ParagraphBlockDto, TableBlockDto)
export class SaveSectionContentDto {
  @ApiProperty({
    description: 'Paragraphs, headings and simple tables: {type: "paragraph", text} | {type: "heading", level?, text} | {type: "table", caption?, header?, rows}',
    ...SECTION_BLOCKS,
  })
  @IsArray()
  @ArrayMaxSize(2000)
  blocks: unknown[];

  @ApiProperty({ description: 'The revision you started from (0 before the first save); a different current revision answers 409' })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedRevision: number;

  @ApiPropertyOptional({ description: 'Write for the assignee under a delegation (代理) in force today' })
  @IsOptional()
  @IsUUID()
  actingFor?: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class SectionContentController {
  constructor(private readonly content: SectionContentService) {}

  @Put(':id/sections/:code/content')
  @ApiOperation({ summary: "Save a section's content as a new revision (the assignee); answers the section with the problems the text check finds" })
  @ApiOkResponse({ type: SectionContentDto })
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Body() body: SaveSectionContentDto,
  ): Promise<SectionContentDto> {
    return this.content.save(principal, id, code, body);
  }

  @Get(':id/sections/:code/content')
  @ApiOperation({ summary: "A section's latest content with its revision number and problems" })
  @ApiOkResponse({ type: SectionContentDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Param('code') code: string): Promise<SectionContentDto> {
    return this.content.get(principal, id, code);
  }

  @Get(':id/sections/:code/revisions')
  @ApiOperation({ summary: 'Every saved revision of a section, newest first, each with its blocks' })
  @ApiOkResponse({ type: [SectionRevisionDto] })
  revisions(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Param('code') code: string): Promise<SectionRevisionDto[]> {
    return this.content.revisions(principal, id, code);
  }
}
