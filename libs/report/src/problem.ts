/**
 * What a check finds in a table or a section. Errors block the request for review; warnings block
 * it until a person acknowledges them with a comment; notes only inform.
 */
export type Severity = 'error' | 'warning' | 'note';

export interface Problem {
  severity: Severity;
  /** Stable, machine-readable: `DATA_TABLE.TOTAL_MISMATCH`, `INDICATORS.SCORE_ABOVE_MAXIMUM`, ... */
  code: string;
  /** For people, in Chinese: what is wrong and what to do. */
  message: string;
  /** Where: a field path such as `income.total` or `indicators.2.1.score`, or a section code. */
  path: string;
  /** The figures involved, as exact decimal strings, e.g. printed total, computed sum, difference. */
  figures?: Record<string, string>;
}

/** Every table kind (basic data, indicator scores, later key-project forms) is checked the same way. */
export interface TableCheck<T, C> {
  check(table: T, config: C): Problem[];
}
