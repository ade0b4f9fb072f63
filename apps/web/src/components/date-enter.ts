import type { KeyboardEvent } from 'react';

/**
 * A form's `onKeyDown` for the console's forms that hold a date field: Enter typed in a date field
 * confirms the date written there and does not also send the form (the browser's implicit
 * submission would send it half filled, or set a seal up before the person looked again). Enter
 * in any other field sends the form as before. Forms without a date field keep the browser's way.
 */
export function enterConfirmsDate(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key === 'Enter' && (event.target as HTMLElement).closest('.ant-picker')) event.preventDefault();
}
