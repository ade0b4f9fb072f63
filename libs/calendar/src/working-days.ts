/** Answers whether a date ('YYYY-MM-DD', Asia/Shanghai) is a working day. */
export interface WorkingDays {
  isWorkingDay(date: string): boolean;
}
