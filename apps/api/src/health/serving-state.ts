import { Injectable } from '@nestjs/common';

/** Whether this api process is stopping: readiness turns 503 from the first moment of a shutdown. */
@Injectable()
export class ServingState {
  stopping = false;
}
