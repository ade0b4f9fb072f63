import { type NamedSheet, readNamedSheet, type SheetFormat, type SheetSpec } from './named-sheet';

export interface SheetTask {
  bytes: Uint8Array;
  format: SheetFormat;
  spec: SheetSpec;
}

/** The worker thread's task (see SheetReader): read a list of named columns off the main thread. */
export default function readSheetTask(task: SheetTask): NamedSheet {
  return readNamedSheet(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.format, task.spec);
}
