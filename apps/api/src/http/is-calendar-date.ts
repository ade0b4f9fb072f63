import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A real calendar date written 'YYYY-MM-DD', between 2000 and 2100. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a real date written YYYY-MM-DD between 2000-01-01 and 2100-12-31', ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const [year, month, day] = value.split('-').map(Number) as [number, number, number];
          const date = new Date(Date.UTC(year, month - 1, day));
          return year >= 2000 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
        },
      },
    });
}
