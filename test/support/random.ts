/** @module Seeded randomness for tests and benchmarks: the product's own PRNG, re-exported. */
export { seededRandom } from "../../runtime/local/random.ts";
