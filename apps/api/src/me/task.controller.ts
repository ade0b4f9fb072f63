import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TaskService, type Principal, type TaskList } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class TaskController {
  constructor(private readonly tasks: TaskService) {}

  @Get('tasks')
  @ApiOperation({
    summary: 'Your open tasks (待办) across the cases you may see, soonest due first, with counts per kind',
    description: 'Kinds: draft_section, approve_section, approve_report, acknowledge_warning, seal, submit, publish. Derived from the cases each time.',
  })
  list(@CurrentPrincipal() principal: Principal): Promise<TaskList> {
    return this.tasks.forPrincipal(principal);
  }
}
