/** @module Arrays the compiler keeps (AST and IR nodes) trimmed to their length. */

// V8 gives an array that grew by `push` from `[]` room for 17 elements. The AST and IR keep millions
// of short arrays (a pattern's parts, a reply's parts, a trigger's replies) for the life of the bot,
// so the spare room was a quarter of the AST's memory and of the garbage collector's copying work.
// A copy of a short array is exactly as long as it is; the grown one dies young, which costs nothing.

/** `items` itself when it may be long, else an exact-length copy. */
export function exactArray<T>(items: T[]): T[] {
  return items.length <= 16 ? items.slice() : items;
}
