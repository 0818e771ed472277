/** `n` asterisks. */
export const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** Only the digits of a string. */
export const digitsOf = (value: string): string => value.replace(/\D/g, '');
