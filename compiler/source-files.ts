/** @module Which files hold a bot's source: `.bot` files, and `.rive` files so existing RiveScript brains load unrenamed. */

/** Extensions of source files, in the order messages name them. */
export const SOURCE_EXTENSIONS = [".bot", ".rive"] as const;

/** True for a file name the loaders read as bot source (`greet.bot`, `clients.rive`). */
export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext) && name.length > ext.length);
}
