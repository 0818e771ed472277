/*
 * PostgreSQL array literals written directly: node-postgres quotes and escapes each element of
 * an array parameter one by one, which the oracle's profile showed as its largest own cost on a
 * batch of samples. Numbers need no quoting; only finite ones are passed.
 */

/** `{1,2.5,3}` */
export function numberArray(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** `{"{1,2}","{3}"}`: a text array whose elements are number arrays, cast in SQL per element. */
export function numberArrays(arrays: readonly (readonly number[])[]): string {
  return `{${arrays.map((values) => `"{${values.join(',')}}"`).join(',')}}`;
}
