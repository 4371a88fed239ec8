/** "1 zone", "3 zones"; "1 zone whose secondaries are behind", "2 zones whose …" with `other` given. */
export function countOf(n: number, one: string, other = `${one}s`): string {
  return `${n} ${n === 1 ? one : other}`;
}
