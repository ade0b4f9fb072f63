/** '90.00' → '90', '85.50' → '85.5': scores as they are written. */
export function plainScore(value: string | null): string | null {
  if (value === null) return null;
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
