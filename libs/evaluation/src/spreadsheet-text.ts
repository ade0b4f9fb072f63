/** What a spreadsheet program may read as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text for a cell of a CSV or .xlsx file the service writes: text that a spreadsheet program could
 * take for a formula (starting with =, +, -, @, a tab or a carriage return) gets a leading single
 * quote, so it shows as text and never runs. Every spreadsheet writer passes its text cells here;
 * numbers are written as numbers and never pass here, so -3 stays a number.
 */
export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
