import { readUnitSheet, type SheetFormat, type UnitSheet } from './unit-sheet';

export interface UnitSheetTask {
  bytes: Uint8Array;
  format: SheetFormat;
}

/** The worker thread's task (see UnitSheetReader): read a unit list off the main thread. */
export default function readUnitSheetTask(task: UnitSheetTask): UnitSheet {
  return readUnitSheet(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.format);
}
