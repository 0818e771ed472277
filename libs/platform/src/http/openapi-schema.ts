import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** The JSON Schema of what a zod schema accepts, for the OpenAPI document (3.1 speaks JSON Schema 2020-12). */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  });
  return jsonSchema as SchemaObject;
}

/** Documents each field of a query schema as a query parameter. */
export function ApiQueryFrom(schema: z.ZodObject<Record<string, z.ZodType>>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({ name, required: !field.isOptional(), schema: openApiSchema(field) }),
    ),
  );
}
