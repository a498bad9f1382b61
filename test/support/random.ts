/** @module Seeded randomness for tests and benchmarks: the product's own PRNG, re-exported. */
export { seededRandom } from "../../sandbox/local/random.ts";
