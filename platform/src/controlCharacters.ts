/**
 * Control characters are refused in every text a caller sends (headers, mutation
 * input): the store encodes lists with one of them as the delimiter (@enlace/store's
 * codec), and none belongs in a name, a reason or a reference.
 */
export function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
  return /[\u0000-\u001f\u007f]/.test(value);
}
