import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TaskService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { TaskListDto } from './task.responses';

@ApiTags('me')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('me')
export class TaskController {
  constructor(private readonly tasks: TaskService) {}

  @Get('tasks')
  @ApiOperation({
    summary: 'Your open tasks (待办) across the cases you may see, soonest due first, with counts per kind',
    description: 'Kinds: draft_section, approve_section, approve_report, acknowledge_warning, seal, submit, publish. Derived from the cases each time.',
  })
  @ApiOkResponse({ type: TaskListDto })
  list(@CurrentPrincipal() principal: Principal): Promise<TaskListDto> {
    return this.tasks.forPrincipal(principal);
  }
}
