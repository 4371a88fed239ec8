/**
 * The only place that touches `@hookform/resolvers/zod`: its overloads and zod 4's types do not line up with
 * react-hook-form's generics, so the casts live here and nowhere else.
 *
 * `toInput` turns what the inputs hold (empty strings, `''` for an empty number box, a "none" sentinel) into what
 * the contract's schema expects (`undefined` for an omitted optional field) before validation. The resolver's
 * output is the parsed body, ready to send.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

export function zodFormResolver<TFieldValues extends FieldValues, TSchema extends z.ZodType>(
  schema: TSchema,
  toInput: (values: TFieldValues) => unknown = (values) => values,
): Resolver<TFieldValues, unknown, z.output<TSchema>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const resolve = zodResolver(schema as any) as unknown as Resolver<FieldValues, unknown, z.output<TSchema>>;
  return (values, context, options) =>
    resolve(toInput(values) as FieldValues, context, options as never) as ReturnType<
      Resolver<TFieldValues, unknown, z.output<TSchema>>
    >;
}
