import type { components } from './schema';

/*
 * What the reminder, calendar and 催办 routes answer, under the names the pages use: each is a
 * schema of the service's OpenAPI document (generated into schema.d.ts by `npm run web:types`),
 * never a second copy.
 */
type Schemas = components['schemas'];

export type ReminderLadder = Schemas['ReminderLadderViewDto'];
export type LadderView = Schemas['LadderViewDto'];
export type CalendarDay = Schemas['CalendarDayDto'];
export type DaySource = CalendarDay['source'];
export type CalendarOverrideView = Schemas['CalendarOverrideViewDto'];
export type CalendarRange = Schemas['CalendarRangeDto'];
export type DueItemView = Schemas['DueItemDto'];
export type DueItemKind = DueItemView['kind'];
export type DueItemList = Schemas['DueItemListDto'];
export type UrgeView = Schemas['UrgeViewDto'];
export type UrgeLateResult = Schemas['UrgeLateResultDto'];
